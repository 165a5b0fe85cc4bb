import { extname, join, resolve } from "node:path";
import type { Queue } from "bullmq";
import type { Command } from "commander";
import type { ScoreRunManifest } from "../../queue/ScoreRun.ts";
import type { ScoreJobData } from "../../queue/scoreQueue.ts";
import { checkOutput } from "../../util/checkOutput.ts";
import { PrognosError } from "../../util/errors.ts";
import { ProgressBar } from "../../util/ProgressBar.ts";
import { RANGES } from "../../util/ranges.ts";
import { integerOption, rangeHelp } from "../options/index.ts";

interface SubmitOptions {
  input: string;
  model: string[];
  queue: string;
  out: string;
  chunk: string;
  attempts: string;
  top: string;
  batchSize: string;
  overwrite?: boolean;
}

const log = (line: string) => process.stderr.write(`prognos: score: ${line}\n`);

/** The run in RESULTS and its queue: --queue, else the URL run.json names (checked reachable). */
async function openRun(results: string, queue?: string): Promise<{ m: ScoreRunManifest; url: string }> {
  const { readScoreRun } = await import("../../queue/ScoreRun.ts");
  const { checkRedis, queueUrl } = await import("../../queue/scoreQueue.ts");
  const m = readScoreRun(results);
  const { url, shown } = queueUrl(queue ?? m.queue, queue ? "--queue" : `${join(results, "run.json")}: queue`);
  await checkRedis(url, shown);
  return { m, url };
}

async function withQueue<T>(url: string, f: (q: Queue<ScoreJobData>) => Promise<T>): Promise<T> {
  const { openScoreQueue } = await import("../../queue/scoreProgress.ts");
  const q = openScoreQueue(url);
  try {
    return await f(q);
  } finally {
    await q.close();
  }
}

/**
 * `prognos score submit|status|wait|collect`: batch scoring on a Redis queue (BullMQ), run by `prognos worker`s
 * (docs/scoring-queue.md). Jobs carry references (input file, row range, model folders), never note text.
 */
export function registerScore(program: Command): void {
  const score = program
    .command("score")
    .description("batch scoring on a Redis queue run by `prognos worker`s: submit, status, wait, collect");
  score
    .command("submit")
    .description("split the notes into jobs on the queue; results go to --out, one file per job")
    .requiredOption("--input <path>", "notes: .jsonl ({id, text} per line), .csv or .parquet (columns id, text)")
    .requiredOption("--model <dir...>", "trained model or run folders (every worker must see them at these paths)")
    .requiredOption("--queue <url>", "the Redis queue: redis://host:port[/db]")
    .requiredOption("--out <dir>", "results folder (every worker must see it): run.json, parts/, failed-jobs.json")
    .option("--chunk <n>", rangeHelp("notes per job", RANGES.chunk), "256")
    .option("--attempts <n>", rangeHelp("tries of a job before it is reported failed", RANGES.attempts), "3")
    .option(
      "--top <n>",
      rangeHelp("multi-label: the most probable labels shown beside the predicted ones", RANGES.top),
      "10",
    )
    .option("--batch-size <n>", rangeHelp("notes per ONNX Runtime call in a worker", RANGES.batchSize), "16")
    .option("--overwrite", "replace another scoring run in --out (the same run submitted again just continues)")
    .action(async (o: SubmitOptions) => {
      const chunk = integerOption(o.chunk, "--chunk", RANGES.chunk);
      const attempts = integerOption(o.attempts, "--attempts", RANGES.attempts);
      const top = integerOption(o.top, "--top", RANGES.top);
      const batchSize = integerOption(o.batchSize, "--batch-size", RANGES.batchSize);
      const { checkRedis, queueUrl } = await import("../../queue/scoreQueue.ts");
      const { url, shown } = queueUrl(o.queue);
      await checkRedis(url, shown);
      const { submitScoreRun } = await import("../../queue/submitScoreRun.ts");
      await submitScoreRun({
        ...{ input: o.input, models: o.model, out: o.out, chunk, attempts, top, batchSize },
        ...{ url, shownUrl: shown, overwrite: o.overwrite, log },
      });
    });

  score
    .command("status <results>")
    .description("done / failed / remaining notes of a submitted run, and notes/s")
    .option("--queue <url>", "the Redis queue (default: the one run.json names)")
    .option("--json", "the counts as JSON on stdout")
    .action(async (results: string, o: { queue?: string; json?: boolean }) => {
      const { m, url } = await openRun(results, o.queue);
      const { progressLine, scoreProgress } = await import("../../queue/scoreProgress.ts");
      const p = await withQueue(url, (q) => scoreProgress(m, results, q, true));
      if (o.json) {
        const { failed, ...counts } = p;
        process.stdout.write(`${JSON.stringify({ run: m.run, ...counts, failed_jobs: failed })}\n`);
        return;
      }
      process.stdout.write(`run ${m.run}: ${progressLine(p)}\n`);
      for (const f of p.failed)
        process.stdout.write(
          `failed: job ${f.job} (rows ${f.first_row}–${f.last_row}) after ${f.attempts} attempts: ${f.reason}\n`,
        );
      if (p.unqueuedJobs > 0)
        process.stdout.write(`${p.unqueuedJobs} job(s) are not in the queue: run the same \`score submit\` again\n`);
    });

  score
    .command("wait <results>")
    .description("show progress until every job is done or failed; failed jobs are listed in failed-jobs.json")
    .option("--queue <url>", "the Redis queue (default: the one run.json names)")
    .option("--timeout <s>", rangeHelp("give up after this many seconds (0: no limit)", RANGES.waitTimeout), "0")
    .option("--no-progress", "no progress on stderr")
    .action(async (results: string, o: { queue?: string; timeout: string; progress: boolean }) => {
      const timeout = integerOption(o.timeout, "--timeout", RANGES.waitTimeout);
      const { m, url } = await openRun(results, o.queue);
      const { progressLine, scoreProgress, writeFailedReport } = await import("../../queue/scoreProgress.ts");
      const bar = o.progress ? new ProgressBar({ label: "score", unit: "notes" }) : null;
      const t0 = Date.now();
      const p = await withQueue(url, async (q) => {
        bar?.start(m.notes);
        let first = true;
        for (;;) {
          const p = await scoreProgress(m, results, q, first);
          first = false;
          const rate = p.doneNotes > 0 ? p.notesPerSecond.toFixed(1) : "–";
          bar?.update(
            p.doneNotes + p.failedNotes,
            `failed ${p.failedNotes}, remaining ${p.remainingNotes}, ${rate} notes/s`,
          );
          if (p.unqueuedJobs > 0)
            bar?.message(
              `prognos: score: ${p.unqueuedJobs} job(s) are not in the queue: run the same \`score submit\` again`,
            );
          if (p.remainingNotes === 0) return p;
          if (timeout > 0 && Date.now() - t0 > timeout * 1000) {
            bar?.stop();
            throw new PrognosError(`--timeout ${timeout}: not finished: ${progressLine(p)}`);
          }
          await new Promise((r) => setTimeout(r, 500));
        }
      });
      bar?.stop();
      if (p.failed.length > 0) {
        const path = writeFailedReport(resolve(results), p.failed);
        throw new PrognosError(
          `${p.failed.length} job(s) (${p.failedNotes} notes) failed after every attempt: see ${path}; the other ${p.doneNotes} notes are done (collect --skip-failed)`,
        );
      }
      log(`run ${m.run}: ${progressLine(p)}`);
    });

  score
    .command("collect <results>")
    .description("merge the results in input order, each note once: JSON lines or Parquet (by --out's extension)")
    .requiredOption("--out <path>", "the merged file: .jsonl or .parquet")
    .option("--queue <url>", "the Redis queue (default: the one run.json names; needed only when jobs are missing)")
    .option("--skip-failed", "write the notes of the jobs that succeeded when some failed (listed in failed-jobs.json)")
    .option("--overwrite", "replace the --out file if it exists")
    .action(async (results: string, o: { out: string; queue?: string; skipFailed?: boolean; overwrite?: boolean }) => {
      const ext = extname(o.out).toLowerCase();
      const format = ext === ".jsonl" ? "jsonl" : ext === ".parquet" ? "parquet" : null;
      if (!format) throw new PrognosError(`--out ${o.out}: expected a .jsonl or .parquet file`);
      checkOutput({ path: o.out, kind: "file", overwrite: o.overwrite });
      const { readScoreRun } = await import("../../queue/ScoreRun.ts");
      const { progressLine, scoreProgress, writeFailedReport } = await import("../../queue/scoreProgress.ts");
      let m = readScoreRun(results);
      let p = await scoreProgress(m, results, null);
      if (p.remainingNotes > 0) {
        // Some parts are missing: ask the queue which jobs failed and which are still to come.
        const opened = await openRun(results, o.queue);
        m = opened.m;
        p = await withQueue(opened.url, (q) => scoreProgress(m, results, q));
        if (p.remainingNotes > 0)
          throw new PrognosError(
            `${results}: not finished (${progressLine(p)}); \`prognos score wait ${results}\` first`,
          );
        const path = writeFailedReport(resolve(results), p.failed);
        if (!o.skipFailed)
          throw new PrognosError(
            `${p.failed.length} job(s) (${p.failedNotes} notes) failed: see ${path}; --skip-failed writes the other ${p.doneNotes}`,
          );
      }
      const { collectScores } = await import("../../queue/collectScores.ts");
      const skip = new Set(p.failed.map((f) => f.first_row - 1));
      const rows = await collectScores(m, resolve(results), o.out, format, skip);
      log(
        `wrote ${rows} of ${m.notes} notes' predictions to ${o.out}${skip.size > 0 ? ` (${p.failedNotes} in failed jobs left out)` : ""}`,
      );
    });
}
