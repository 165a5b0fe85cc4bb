import { existsSync, rmSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { modelFolderOf } from "../serving/NotePredictor.ts";
import { checkNotesNotEmpty, readNotes } from "../serving/readNotes.ts";
import { checkOutput } from "../util/checkOutput.ts";
import { PrognosError } from "../util/errors.ts";
import {
  FAILED_REPORT,
  jobRanges,
  PARTS_DIR,
  partsDone,
  RUN_FILE,
  readScoreRun,
  runId,
  type ScoreRunManifest,
  writeScoreRun,
} from "./ScoreRun.ts";
import { openScoreQueue } from "./scoreProgress.ts";
import { type ScoreJobData, scoreJobId } from "./scoreQueue.ts";

export interface SubmitOptions {
  input: string;
  models: string[];
  out: string;
  chunk: number;
  attempts: number;
  top: number;
  batchSize: number;
  url: string;
  shownUrl: string;
  overwrite?: boolean;
  log: (line: string) => void;
}

/** Jobs added to Redis per request. */
const ADD_BATCH = 1000;

/**
 * `prognos score submit`: reads the notes once (the checks `predict` makes: readable, unique ids, none empty),
 * writes RESULTS/run.json, then adds one job per `chunk` rows — references only (ScoreJobData). Submitting the same
 * run again (same input, models and settings) continues it: jobs already done or queued are not added again (job
 * ids are the run's id and the first row), and jobs that failed are retried.
 */
export async function submitScoreRun(o: SubmitOptions): Promise<ScoreRunManifest> {
  const input = resolve(o.input);
  const names = o.models.map(modelFolderOf);
  const models = names.map((n) => resolve(n));
  const notes = await readNotes(input);
  if (notes.length === 0) throw new PrognosError("no notes to score", { file: o.input });
  checkNotesNotEmpty(notes);
  const st = statSync(input);
  const out = resolve(o.out);
  const fields = {
    input,
    out,
    input_size: st.size,
    input_mtime_ms: st.mtimeMs,
    notes: notes.length,
    chunk: o.chunk,
    models,
    model_names: names,
    top: o.top,
    batch_size: o.batchSize,
    attempts: o.attempts,
    queue: o.shownUrl,
  };
  const run = runId(fields);
  const earlier = existsSync(join(out, RUN_FILE)) ? readScoreRun(out) : null;
  const same = earlier?.run === run;
  checkOutput({
    path: o.out,
    kind: "folder",
    holds: [RUN_FILE, PARTS_DIR],
    what: "another scoring run",
    overwrite: o.overwrite,
    resume: same ? true : undefined,
  });
  if (earlier && !same) {
    // --overwrite: the old run's parts go; its jobs still queued find another run in run.json and do nothing.
    for (const entry of [PARTS_DIR, FAILED_REPORT, RUN_FILE])
      rmSync(join(out, entry), { recursive: true, force: true });
  }
  const manifest: ScoreRunManifest = same
    ? earlier!
    : {
        format: "prognos-score-run",
        version: 1,
        run,
        ...fields,
        jobs: Math.ceil(notes.length / o.chunk),
        submitted_at: new Date().toISOString(),
      };
  if (!same) writeScoreRun(out, manifest);
  const { starts } = partsDone(out);
  const todo = jobRanges(notes.length, o.chunk).filter(([s]) => !starts.has(s));
  const queue = openScoreQueue(o.url);
  try {
    let retried = 0;
    if (same) {
      for (const job of await queue.getFailed(0, -1)) {
        if (job?.data?.run !== run || starts.has(job.data.start)) continue;
        await job.retry("failed", { resetAttemptsMade: true, resetAttemptsStarted: true });
        retried++;
      }
      // A job the queue holds as completed whose part is missing (the part was deleted): run it again.
      const states = await Promise.all(todo.map(([s]) => queue.getJobState(scoreJobId(run, s))));
      for (const [k, state] of states.entries())
        if (state === "completed") await queue.remove(scoreJobId(run, todo[k]![0]));
    }
    // Faults injected for the tests (docs/scoring-queue.md, "Testing"): fewer jobs a request, and a pause after
    // each, so that a test can kill the submitter halfway.
    const perRequest = Number(process.env.PROGNOS_FAULT_SUBMIT_BATCH) || ADD_BATCH;
    const pauseMs = Number(process.env.PROGNOS_FAULT_SUBMIT_DELAY_MS) || 0;
    for (let k = 0; k < todo.length; k += perRequest) {
      if (k > 0 && pauseMs > 0) await new Promise((r) => setTimeout(r, pauseMs));
      await queue.addBulk(
        todo.slice(k, k + perRequest).map(([start, end]) => ({
          name: "score",
          data: {
            run,
            input,
            inputSize: st.size,
            inputMtimeMs: st.mtimeMs,
            start,
            end,
            models,
            modelNames: names,
            out,
            top: o.top,
            batchSize: o.batchSize,
          } satisfies ScoreJobData,
          opts: {
            jobId: scoreJobId(run, start),
            attempts: o.attempts,
            backoff: { type: "fixed", delay: 1000 },
            removeOnFail: false,
          },
        })),
      );
    }
    const done = manifest.jobs - todo.length;
    o.log(
      same
        ? `continuing run ${run}: ${done} of ${manifest.jobs} jobs already done, ${todo.length} queued (jobs already in the queue are not added twice)${retried > 0 ? `, ${retried} failed job(s) retried` : ""}`
        : `run ${run}: ${notes.length} notes in ${manifest.jobs} jobs of up to ${o.chunk} on ${o.shownUrl}; results in ${o.out}`,
    );
  } finally {
    await queue.close();
  }
  return manifest;
}
