import { ProgressBar } from "../util/ProgressBar.ts";

/** A progress bar of one step of the demo: `info` is a short status (loss, metric), never note text. */
export interface DemoBar {
  update(done: number, info?: string): void;
  stop(): void;
}

/** Where the demo reports its progress: phase headers, one-line notes, progress bars. */
export interface DemoReporter {
  phase(index: number, total: number, title: string): void;
  note(line: string): void;
  bar(label: string, total: number, unit: string): DemoBar;
}

/** Reports nothing (library use, tests). */
export const silentReporter: DemoReporter = {
  phase: () => {},
  note: () => {},
  bar: () => ({ update: () => {}, stop: () => {} }),
};

const elapsed = (t0: number) => {
  const s = Math.round((Date.now() - t0) / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
};

/**
 * Phase headers, notes and progress bars on stderr (stdout stays for the result). Each header and note carries the
 * time since the demo started. Bars redraw in place on a terminal; elsewhere (a log file, a pipe) a bar is a plain
 * status line every 15 seconds and one when it stops (ProgressBar).
 */
export function stderrReporter(stream: NodeJS.WriteStream = process.stderr): DemoReporter {
  const t0 = Date.now();
  return {
    phase(index, total, title) {
      stream.write(`\n[${elapsed(t0)}] ── ${index}/${total} ${title}\n`);
    },
    note(line) {
      stream.write(`[${elapsed(t0)}]   ${line}\n`);
    },
    bar(label, total, unit) {
      const bar = new ProgressBar({ label: `  ${label}`, unit, stream, plainEverySeconds: 15 });
      bar.start(total);
      return {
        update: (done, info) => bar.update(done, info),
        stop: () => bar.stop(),
      };
    },
  };
}
