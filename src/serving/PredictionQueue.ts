import type { ScoredNote } from "./NotePredictor.ts";
import type { NoteInput } from "./readNotes.ts";

/** Raised when the queue holds `maxQueuedNotes` already: the server answers 429. */
export class QueueFullError extends Error {
  override name = "QueueFullError";
}

interface Pending {
  notes: readonly NoteInput[];
  resolve: (scored: ScoredNote[][]) => void;
  reject: (e: unknown) => void;
}

export interface PredictionQueueArgs {
  /** Scores a batch of notes (every model): result[note][model]. */
  score: (notes: readonly NoteInput[]) => Promise<ScoredNote[][]>;
  /** How long the first request waits for others to join its batch. Default 5 ms. */
  windowMs?: number;
  /** Notes per batch at most. Default 64. */
  maxBatchNotes?: number;
  /** Notes waiting at most (queued, not yet scoring); more is refused with QueueFullError. Default 1,024. */
  maxQueuedNotes?: number;
}

/**
 * Batches concurrent requests: requests arriving within a short window are scored together (up to a maximum
 * batch), one batch at a time, so the engine works on full, length-sorted batches; a bounded queue refuses work
 * beyond its size instead of growing without end.
 */
export class PredictionQueue {
  private readonly pending: Pending[] = [];
  private queued = 0;
  private running = false;
  private timer: NodeJS.Timeout | null = null;
  private idle: Array<() => void> = [];

  constructor(private readonly args: PredictionQueueArgs) {}

  /** Notes waiting or being scored. */
  get size(): number {
    return this.queued;
  }

  score(notes: readonly NoteInput[]): Promise<ScoredNote[][]> {
    const max = this.args.maxQueuedNotes ?? 1024;
    if (this.queued + notes.length > max)
      return Promise.reject(new QueueFullError(`the queue holds ${this.queued} notes (at most ${max})`));
    this.queued += notes.length;
    return new Promise((resolve, reject) => {
      this.pending.push({ notes, resolve, reject });
      this.schedule();
    });
  }

  /** Resolves once nothing is queued or running (graceful shutdown). */
  drained(): Promise<void> {
    if (!this.running && this.pending.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private schedule(): void {
    if (this.running || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.runBatch();
    }, this.args.windowMs ?? 5);
  }

  private async runBatch(): Promise<void> {
    const maxNotes = this.args.maxBatchNotes ?? 64;
    const batch: Pending[] = [];
    let notes = 0;
    while (this.pending.length > 0 && (batch.length === 0 || notes + this.pending[0]!.notes.length <= maxNotes)) {
      const p = this.pending.shift()!;
      batch.push(p);
      notes += p.notes.length;
    }
    if (batch.length === 0) return this.settle();
    this.running = true;
    try {
      const all = batch.flatMap((p) => p.notes);
      const scored = await this.args.score(all);
      let at = 0;
      for (const p of batch) {
        p.resolve(scored.slice(at, at + p.notes.length));
        at += p.notes.length;
      }
    } catch (e) {
      for (const p of batch) p.reject(e);
    } finally {
      this.queued -= notes;
      this.running = false;
    }
    if (this.pending.length > 0) void this.runBatch();
    else this.settle();
  }

  private settle(): void {
    for (const resolve of this.idle.splice(0)) resolve();
  }
}
