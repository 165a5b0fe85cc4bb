import cliProgress from "cli-progress";

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
 * Phase headers, notes and cli-progress bars on stderr (stdout stays for the result). Each line carries the time
 * since the demo started. Bars redraw in place on a terminal; elsewhere (a log file, a pipe) a bar is a status line
 * every 15 seconds and one when it stops.
 */
export function stderrReporter(stream: NodeJS.WriteStream = process.stderr): DemoReporter {
  const t0 = Date.now();
  const tty = Boolean(stream.isTTY);
  return {
    phase(index, total, title) {
      stream.write(`\n[${elapsed(t0)}] ── ${index}/${total} ${title}\n`);
    },
    note(line) {
      stream.write(`[${elapsed(t0)}]   ${line}\n`);
    },
    bar(label, total, unit) {
      const bar = new cliProgress.SingleBar(
        {
          format: `  ${label} [{bar}] {value}/{total} ${unit} | {info} | eta {eta_formatted}`,
          stream,
          hideCursor: tty,
          noTTYOutput: false,
          barsize: 24,
        },
        cliProgress.Presets.shades_classic,
      );
      if (tty) bar.start(total, 0, { info: "" });
      let last = { done: 0, info: "" };
      let printed = Date.now();
      const line = () =>
        stream.write(
          `[${elapsed(t0)}]   ${label}: ${last.done}/${total} ${unit}${last.info ? ` | ${last.info}` : ""}\n`,
        );
      return {
        update(done, info) {
          last = { done, info: info ?? last.info };
          if (tty) bar.update(done, { info: last.info });
          else if (Date.now() - printed >= 15_000) {
            printed = Date.now();
            line();
          }
        },
        stop() {
          if (tty) bar.stop();
          else line();
        },
      };
    },
  };
}
