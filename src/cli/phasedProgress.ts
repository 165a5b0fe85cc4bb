import { ProgressBar } from "../util/ProgressBar.ts";

/**
 * Progress for work in named phases (reading note sources, then tokenizing…): each phase is said on its own line,
 * and a phase that reports counts gets a bar, restarted whenever its total changes. `stop()` clears the bar.
 */
export function phasedProgress(
  label: string,
  say: (line: string) => void,
): {
  onPhase: (message: string) => void;
  onProgress: (done: number, total: number) => void;
  stop: () => void;
} {
  const bar = new ProgressBar({ label });
  let phase = "";
  let barTotal = 0;
  return {
    onPhase: (message) => {
      bar.stop();
      barTotal = 0;
      phase = message;
      say(message);
    },
    onProgress: (done, total) => {
      if (total <= 0) return;
      if (barTotal !== total) {
        barTotal = total;
        bar.start(total, phase);
      }
      bar.update(done);
    },
    stop: () => bar.stop(),
  };
}
