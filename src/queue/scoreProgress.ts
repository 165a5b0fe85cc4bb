import { renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Queue } from "bullmq";
import { writeError } from "../util/writeError.ts";
import { FAILED_REPORT, jobRanges, partsDone, type ScoreRunManifest } from "./ScoreRun.ts";
import { connectionOf, SCORE_QUEUE, type ScoreJobData, scoreJobId } from "./scoreQueue.ts";

/** A job that failed every attempt (RESULTS/failed-jobs.json): its rows, 1-based and inclusive, and why. */
export interface FailedJob {
  job: string;
  first_row: number;
  last_row: number;
  attempts: number;
  reason: string;
}

export interface ScoreProgress {
  notes: number;
  jobs: number;
  doneNotes: number;
  doneJobs: number;
  failed: FailedJob[];
  failedNotes: number;
  remainingNotes: number;
  /**
   * Jobs without a part that the queue will not run: never added (the submitter stopped first), or held as completed
   * while their part is gone. Submitting the same run again queues them.
   */
  unqueuedJobs: number;
  /** Notes a second since the run was submitted, to the newest part written. */
  notesPerSecond: number;
}

/** The queue of a run, opened for reading its jobs (close it after). */
export const openScoreQueue = (url: string) => new Queue<ScoreJobData>(SCORE_QUEUE, { connection: connectionOf(url) });

/**
 * Where a run stands: done from the parts in the results folder (the truth: a part is there whole or not at all),
 * failed from the queue's failed jobs of this run. `checkQueued` also asks the queue for every other job's state,
 * to find jobs never added (one request per job, pipelined).
 */
export async function scoreProgress(
  m: ScoreRunManifest,
  out: string,
  queue: Queue<ScoreJobData> | null,
  checkQueued = false,
): Promise<ScoreProgress> {
  const { starts, newestMs } = partsDone(out);
  const ranges = jobRanges(m.notes, m.chunk);
  let doneNotes = 0;
  let doneJobs = 0;
  for (const [s, e] of ranges)
    if (starts.has(s)) {
      doneNotes += e - s;
      doneJobs++;
    }
  const failed: FailedJob[] = [];
  if (queue) {
    for (const job of await queue.getFailed(0, -1)) {
      if (job?.data?.run !== m.run || starts.has(job.data.start)) continue;
      failed.push({
        job: job.id!,
        first_row: job.data.start + 1,
        last_row: job.data.end,
        attempts: job.attemptsMade,
        reason: job.failedReason ?? "",
      });
    }
    failed.sort((a, b) => a.first_row - b.first_row);
  }
  const failedNotes = failed.reduce((n, f) => n + f.last_row - f.first_row + 1, 0);
  let unqueuedJobs = 0;
  if (queue && checkQueued) {
    const failedStarts = new Set(failed.map((f) => f.first_row - 1));
    const open = ranges.filter(([s]) => !starts.has(s) && !failedStarts.has(s));
    const states = await Promise.all(open.map(([s]) => queue.getJobState(scoreJobId(m.run, s))));
    unqueuedJobs = states.filter((s) => s === "unknown" || s === "completed").length;
  }
  const seconds = (newestMs - Date.parse(m.submitted_at)) / 1000;
  return {
    notes: m.notes,
    jobs: ranges.length,
    doneNotes,
    doneJobs,
    failed,
    failedNotes,
    remainingNotes: m.notes - doneNotes - failedNotes,
    unqueuedJobs,
    notesPerSecond: doneNotes > 0 && seconds > 0 ? doneNotes / seconds : 0,
  };
}

/** One line: done / failed / remaining and the rate. */
export function progressLine(p: ScoreProgress): string {
  return `done ${p.doneNotes}, failed ${p.failedNotes}, remaining ${p.remainingNotes} of ${p.notes} notes (${p.doneJobs}/${p.jobs} jobs), ${p.notesPerSecond.toFixed(1)} notes/s`;
}

/** Writes RESULTS/failed-jobs.json (beside itself, then renamed): the jobs that failed every attempt. */
export function writeFailedReport(out: string, failed: readonly FailedJob[]): string {
  const path = join(out, FAILED_REPORT);
  try {
    writeFileSync(`${path}.tmp`, `${JSON.stringify({ failed_jobs: failed }, null, 2)}\n`);
    renameSync(`${path}.tmp`, path);
  } catch (e) {
    throw writeError(e, path);
  }
  return path;
}
