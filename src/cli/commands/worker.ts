import type { Command } from "commander";
import { RANGES } from "../../util/ranges.ts";
import { integerOption, rangeHelp } from "../options/index.ts";

interface WorkerOptions {
  queue: string;
  concurrency: string;
  threads?: string;
  lockDuration: string;
}

/**
 * `prognos worker --queue redis://… [--concurrency 1]`: runs `score submit`'s jobs until SIGTERM or SIGINT
 * (docs/scoring-queue.md). One line per job on stderr (ids, rows, counts; never note text).
 */
export function registerWorker(program: Command): void {
  program
    .command("worker")
    .description("run batch scoring jobs from a Redis queue (start any number, on any machine that sees the files)")
    .requiredOption("--queue <url>", "the Redis queue: redis://host:port[/db]")
    .option(
      "--concurrency <n>",
      rangeHelp("jobs at once in this process (one ONNX Runtime session)", RANGES.concurrency),
      "1",
    )
    .option("--threads <n>", rangeHelp("ONNX Runtime threads (default: all cores)", RANGES.threads))
    .option(
      "--lock-duration <ms>",
      rangeHelp("a job's lock, renewed while it runs; a dead worker's job is retried after it", RANGES.lockDuration),
      "60000",
    )
    .action(async (o: WorkerOptions) => {
      const concurrency = integerOption(o.concurrency, "--concurrency", RANGES.concurrency);
      const threads = integerOption(o.threads, "--threads", RANGES.threads);
      const lockDurationMs = integerOption(o.lockDuration, "--lock-duration", RANGES.lockDuration);
      const { checkRedis, queueUrl } = await import("../../queue/scoreQueue.ts");
      const { url, shown } = queueUrl(o.queue);
      await checkRedis(url, shown);
      const { runScoreWorker } = await import("../../queue/runScoreWorker.ts");
      await runScoreWorker({
        url,
        concurrency,
        threads,
        lockDurationMs,
        log: (line) => process.stderr.write(`prognos: worker ${process.pid}: ${line}\n`),
      });
    });
}
