/** Options of a progress display; every field has a default. */
export interface ProgressBarArgs {
  /** What is counted, printed first, e.g. "train" or "admissions". */
  label: string;
  /** Unit after the count, e.g. "steps". Default: none. */
  unit?: string;
  /** Where it is drawn. Default: process.stderr. */
  stream?: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  /**
   * Seconds between plain lines when the stream is not a terminal (CI, nohup, a log file). Default: the
   * PROGNOS_PROGRESS_SECONDS environment variable, else 5.
   */
  plainEverySeconds?: number;
}

const BAR_WIDTH = 24;
const REDRAW_MS = 100;

function formatSeconds(s: number): string {
  if (!Number.isFinite(s) || s < 0) return "?";
  const t = Math.round(s);
  if (t < 60) return `${t}s`;
  if (t < 3600) return `${Math.floor(t / 60)}m${String(t % 60).padStart(2, "0")}s`;
  return `${Math.floor(t / 3600)}h${String(Math.floor((t % 3600) / 60)).padStart(2, "0")}m`;
}

/**
 * A progress display for long work. On a terminal it redraws one line with a bar; elsewhere (stderr piped to a
 * file, CI) it prints a plain line every few seconds and one at the end, so logs show progress without
 * carriage returns. It never prints note text: callers pass counts and short details only.
 */
export class ProgressBar {
  private readonly stream: NonNullable<ProgressBarArgs["stream"]>;
  private readonly tty: boolean;
  private readonly plainEveryMs: number;
  private total = 0;
  private done = 0;
  private detail = "";
  private startedAt = 0;
  private lastDraw = 0;
  private active = false;
  private dirty = false;

  constructor(private readonly args: ProgressBarArgs) {
    this.stream = args.stream ?? process.stderr;
    this.tty = Boolean(this.stream.isTTY);
    const env = Number(process.env.PROGNOS_PROGRESS_SECONDS);
    const seconds = args.plainEverySeconds ?? (Number.isFinite(env) && env > 0 ? env : 5);
    this.plainEveryMs = seconds * 1000;
  }

  /** Starts (or restarts) counting towards `total`. */
  start(total: number, detail = ""): void {
    this.total = total;
    this.done = 0;
    this.detail = detail;
    this.startedAt = Date.now();
    this.lastDraw = this.tty ? 0 : this.startedAt;
    this.active = true;
    this.dirty = true;
    this.draw(true);
  }

  setTotal(total: number): void {
    this.total = total;
  }

  /** Sets the count (and, if given, replaces the detail shown after it). */
  update(done: number, detail?: string): void {
    if (!this.active) this.start(this.total);
    this.done = done;
    if (detail !== undefined) this.detail = detail;
    this.dirty = true;
    this.draw(false);
  }

  /** Replaces the detail alone. */
  describe(detail: string): void {
    this.update(this.done, detail);
  }

  /** Prints a whole line (a warning, say) without breaking the display: on a terminal the bar is redrawn below it. */
  message(line: string): void {
    if (this.tty && this.active) {
      this.stream.write(`\r\x1b[K${line}\n`);
      this.render();
    } else this.stream.write(`${line}\n`);
  }

  /** Ends the display: a terminal line is finished with a newline; in plain mode the last state is printed. */
  stop(): void {
    if (!this.active) return;
    this.active = false;
    if (this.tty) {
      this.render();
      this.stream.write("\n");
    } else if (this.dirty) this.stream.write(`${this.line()}\n`);
  }

  private draw(force: boolean): void {
    const now = Date.now();
    if (this.tty) {
      if (force || now - this.lastDraw >= REDRAW_MS || this.done >= this.total) {
        this.lastDraw = now;
        this.render();
      }
    } else if (now - this.lastDraw >= this.plainEveryMs) {
      this.lastDraw = now;
      this.dirty = false;
      this.stream.write(`${this.line()}\n`);
    }
  }

  private render(): void {
    const fraction = this.total > 0 ? Math.min(1, this.done / this.total) : 0;
    const filled = Math.round(fraction * BAR_WIDTH);
    const bar = `${"█".repeat(filled)}${"░".repeat(BAR_WIDTH - filled)}`;
    let text = `${this.args.label} ${bar} ${this.counts()}`;
    const columns = this.stream.columns ?? 120;
    if (text.length > columns - 1) text = text.slice(0, columns - 1);
    this.stream.write(`\r${text}\x1b[K`);
  }

  private counts(): string {
    const unit = this.args.unit ? ` ${this.args.unit}` : "";
    const elapsed = (Date.now() - this.startedAt) / 1000;
    let s = `${this.done}/${this.total}${unit}`;
    if (this.total > 0) {
      const pct = Math.floor((100 * Math.min(this.done, this.total)) / this.total);
      const eta = this.done > 0 ? (elapsed * (this.total - this.done)) / this.done : Number.NaN;
      s += ` (${pct}%, ${formatSeconds(elapsed)} elapsed, eta ${formatSeconds(eta)})`;
    }
    return this.detail ? `${s} | ${this.detail}` : s;
  }

  private line(): string {
    return `prognos: ${this.args.label}: ${this.counts()}`;
  }
}
