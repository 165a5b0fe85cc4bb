import { type Job, Worker } from "bullmq";
import { Engine } from "../engine/Engine.ts";
import { type ScoreJobResult, ScoreJobRunner } from "./ScoreJobRunner.ts";
import { connectionOf, SCORE_QUEUE, type ScoreJobData } from "./scoreQueue.ts";

export interface ScoreWorkerOptions {
  url: string;
  /** Jobs run at once in this process (they share its one ONNX Runtime session). */
  concurrency: number;
  threads?: number;
  /**
   * How long a job's lock lasts (ms). The worker renews it every half of that while the job runs; a worker that
   * dies stops renewing, and once the lock has expired another worker's stalled-job check puts the job back.
   */
  lockDurationMs: number;
  /** One line per event (no note text: job ids, row ranges, counts, error messages). */
  log: (line: string) => void;
}

/** How often a job may stall (its worker died mid-job) before it is failed rather than retried again. */
const MAX_STALLED = 5;

/**
 * `prognos worker`: takes scoring jobs from the queue until SIGTERM or SIGINT, then finishes the jobs it holds and
 * stops. The jobs run in this process, in the one engine: ONNX Runtime runs each batch in a setImmediate callback,
 * so the event loop turns between batches and BullMQ's lock renewal runs on time as long as one batch takes less
 * than half the lock duration (docs/scoring-queue.md, "Locks").
 */
export async function runScoreWorker(o: ScoreWorkerOptions): Promise<void> {
  const engine = Engine.create({ threads: o.threads, spinning: false });
  const runner = new ScoreJobRunner(engine);
  const started = new Map<string, number>();
  const rows = (d: ScoreJobData) => `rows ${d.start + 1}–${d.end}`;
  const worker = new Worker<ScoreJobData, ScoreJobResult>(
    SCORE_QUEUE,
    (job: Job<ScoreJobData, ScoreJobResult>) =>
      runner.run(job.data, () => {
        started.set(job.id!, performance.now());
        o.log(`job ${job.id} (${rows(job.data)}) started, attempt ${job.attemptsMade + 1}`);
      }),
    {
      connection: connectionOf(o.url),
      concurrency: o.concurrency,
      lockDuration: o.lockDurationMs,
      stalledInterval: o.lockDurationMs,
      maxStalledCount: MAX_STALLED,
      // Results live in the results folder; Redis keeps the finished jobs (a few hundred bytes each, no text) so
      // that `score status` and a second `score submit` see them.
      removeOnComplete: { count: 1_000_000 },
    },
  );
  worker.on("completed", (job, result) => {
    const t0 = started.get(job.id!);
    started.delete(job.id!);
    if (result.skipped) o.log(`job ${job.id} (${rows(job.data)}): nothing to do (${result.skipped})`);
    else {
      const s = t0 === undefined ? 0 : (performance.now() - t0) / 1000;
      o.log(`job ${job.id} (${rows(job.data)}) done: ${result.notes} notes, ${(result.notes / s).toFixed(1)} notes/s`);
    }
  });
  worker.on("failed", (job, err) => {
    if (!job) return;
    started.delete(job.id!);
    const attempts = job.opts.attempts ?? 1;
    o.log(`job ${job.id} (${rows(job.data)}) attempt ${job.attemptsMade} of ${attempts} failed: ${err.message}`);
  });
  let lastError = "";
  let lastErrorAt = 0;
  worker.on("error", (err) => {
    // Redis away (a restart): the client reconnects by itself; say so once every 10 s, not on every retry.
    const now = Date.now();
    if (err.message !== lastError || now - lastErrorAt > 10_000) o.log(`queue: ${err.message}`);
    lastError = err.message;
    lastErrorAt = now;
  });
  await worker.waitUntilReady();
  o.log(`waiting for jobs on queue ${SCORE_QUEUE} (concurrency ${o.concurrency})`);
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      o.log(`${signal}: finishing the jobs in hand, then stopping`);
      process.off("SIGTERM", onTerm);
      process.off("SIGINT", onInt);
      resolve();
    };
    const onTerm = () => stop("SIGTERM");
    const onInt = () => stop("SIGINT");
    process.on("SIGTERM", onTerm);
    process.on("SIGINT", onInt);
  });
  await worker.close();
  await engine.release();
}
