import type { NoteReading, ScoredNote } from "./NotePredictor.ts";
import type { NoteInput } from "./readNotes.ts";

/** Raised when the queue holds `maxQueuedNotes` already: the server answers 429. */
export class QueueFullError extends Error {
  override name = "QueueFullError";
}

interface Pending<R> {
  notes: readonly R[];
  resolve: (scored: ScoredNote[][]) => void;
  reject: (e: unknown) => void;
}

export interface PredictionQueueArgs<R> {
  /** Reads a note as its request arrives (tokenization), so that a batch only runs the models. */
  read: (note: NoteInput) => R;
  /** Scores a batch of notes already read (every model): result[note][model]. */
  score: (notes: readonly R[]) => Promise<ScoredNote[][]>;
  /** How long the first waiting request waits for others to join its batch. Default 5 ms. */
  windowMs?: number;
  /** Notes per batch at most. Default 64. */
  maxBatchNotes?: number;
  /** Notes waiting or being scored at most; more is refused with QueueFullError. Default 1,024. */
  maxQueuedNotes?: number;
}

/**
 * Batches concurrent requests (docs/serving.md, "Batching"), one batch at a time, so the engine works on full,
 * length-sorted batches. Each note is read (tokenized) as its request arrives. A batch starts when the notes waiting
 * reach the maximum batch, or as many notes as the last batch held (under load, the clients it answered have come
 * back), or when the first of them has waited `windowMs`; while a batch runs, requests queue for the next, which
 * takes everything waiting up to the maximum. The queue is bounded: beyond `maxQueuedNotes` a request is refused
 * instead of the queue growing without end.
 */
export class PredictionQueue<R = NoteReading> {
  private readonly pending: Pending<R>[] = [];
  private waiting = 0;
  private queued = 0;
  private running = false;
  /** Notes in the last batch: the next starts as soon as as many are waiting (0 once a window has expired). */
  private expect = 0;
  private timer: NodeJS.Timeout | null = null;
  private idle: Array<() => void> = [];

  constructor(private readonly args: PredictionQueueArgs<R>) {}

  /** Notes waiting or being scored. */
  get size(): number {
    return this.queued;
  }

  score(notes: readonly NoteInput[]): Promise<ScoredNote[][]> {
    const max = this.args.maxQueuedNotes ?? 1024;
    if (this.queued + notes.length > max)
      return Promise.reject(new QueueFullError(`the queue holds ${this.queued} notes (at most ${max})`));
    let read: R[];
    try {
      read = notes.map((n) => this.args.read(n));
    } catch (e) {
      return Promise.reject(e);
    }
    this.queued += notes.length;
    this.waiting += notes.length;
    return new Promise((resolve, reject) => {
      this.pending.push({ notes: read, resolve, reject });
      this.schedule();
    });
  }

  /** Resolves once nothing is queued or running (graceful shutdown). */
  drained(): Promise<void> {
    if (!this.running && this.pending.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private schedule(): void {
    if (this.running || this.pending.length === 0) return;
    const full = Math.min(this.args.maxBatchNotes ?? 64, this.expect || Number.POSITIVE_INFINITY);
    if (this.waiting >= full) {
      this.start();
      return;
    }
    this.timer ??= setTimeout(() => {
      this.timer = null;
      this.expect = 0;
      this.start();
    }, this.args.windowMs ?? 5);
  }

  private start(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    void this.runBatch();
  }

  private async runBatch(): Promise<void> {
    const maxNotes = this.args.maxBatchNotes ?? 64;
    const batch: Pending<R>[] = [];
    let notes = 0;
    while (this.pending.length > 0 && (batch.length === 0 || notes + this.pending[0]!.notes.length <= maxNotes)) {
      const p = this.pending.shift()!;
      batch.push(p);
      notes += p.notes.length;
    }
    if (batch.length === 0) return this.settle();
    this.running = true;
    this.waiting -= notes;
    try {
      const scored = await this.args.score(batch.flatMap((p) => p.notes));
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
      this.expect = notes;
    }
    if (this.pending.length > 0) this.schedule();
    else this.settle();
  }

  private settle(): void {
    for (const resolve of this.idle.splice(0)) resolve();
  }
}
