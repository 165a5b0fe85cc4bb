import type { Command } from "commander";
import type { EvalSplit } from "../../training/evaluateRun.ts";
import { ProgressBar } from "../../util/ProgressBar.ts";
import { parsePositiveInt } from "../parseArgs.ts";

interface EvaluateOptions {
  split: string;
  checkpoint: string;
  task?: string;
  bootstrap: string;
  seed: string;
  batchSize: string;
  threads?: string;
  overwrite?: boolean;
  json?: boolean;
}

/**
 * `prognos evaluate <run> --split test`: the run's best (or last) checkpoint on a split of its task; writes
 * metrics.json, predictions.csv and a self-contained report.html into `<run>/eval-<split>/`.
 */
export function registerEvaluate(program: Command): void {
  program
    .command("evaluate")
    .description("evaluate a trained run on a split: metrics.json, predictions.csv, report.html (core.md §3)")
    .argument("<run>", "run folder written by `prognos train`")
    .option("--split <name>", "train | val | test", "test")
    .option("--checkpoint <name>", "best | last", "best")
    .option("--task <path>", "another task folder with the same labels (default: the run's task)")
    .option("--bootstrap <n>", "bootstrap resamples for 95% intervals (0 = off)", "1000")
    .option("--seed <n>", "bootstrap seed", "0")
    .option("--batch-size <n>", "rows per ONNX Runtime call", "16")
    .option("--threads <n>", "ONNX Runtime threads (default: all cores)")
    .option("--overwrite", "replace an earlier evaluation of this split (<run>/eval-<split>/)")
    .option("--json", "print metrics.json to standard output")
    .action(async (run: string, o: EvaluateOptions) => {
      const { evaluateRun } = await import("../../training/evaluateRun.ts");
      const bar = new ProgressBar({ label: `evaluate ${o.split}`, unit: "rows" });
      const { json, metrics, files } = await evaluateRun(run, o.split as EvalSplit, {
        checkpoint: o.checkpoint as "best" | "last",
        task: o.task,
        bootstrap: Number(o.bootstrap),
        seed: Number(o.seed),
        batchSize: parsePositiveInt(o.batchSize, "--batch-size"),
        threads: o.threads ? parsePositiveInt(o.threads, "--threads") : undefined,
        overwrite: o.overwrite,
        onProgress: (done, total) => {
          bar.setTotal(total);
          bar.update(done);
        },
      });
      bar.stop();
      if (o.json) process.stdout.write(`${JSON.stringify(json)}\n`);
      else
        process.stdout.write(
          `${json.task} ${o.split}: macro AUROC ${metrics.headline.value?.toFixed(4)}${metrics.headline.interval ? ` (95% CI ${metrics.headline.interval.lower?.toFixed(4)}–${metrics.headline.interval.upper?.toFixed(4)})` : ""}\n  ${files.metrics}\n  ${files.predictions}\n  ${files.report}\n`,
        );
    });
}
