import type { Command } from "commander";
import type { EvalSplit } from "../../evaluation/evaluateRun.ts";
import { ProgressBar } from "../../util/ProgressBar.ts";
import { RANGES } from "../../util/ranges.ts";
import { binaryMetricsLine } from "../binaryMetricsLine.ts";
import { choiceOption, integerOption, numberOption, rangeHelp } from "../options/index.ts";

const SPLITS = ["train", "val", "test"] as const satisfies readonly EvalSplit[];
const CHECKPOINTS = ["best", "last"] as const;
const POOLS = ["none", "clinicalbert"] as const;

interface EvaluateOptions {
  split: string;
  checkpoint: string;
  task?: string;
  bootstrap: string;
  seed: string;
  batchSize: string;
  threads?: string;
  pool: string;
  poolC: string;
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
    .description("evaluate a run on a split: metrics.json, predictions.csv, report.html (docs/core-method.md §3)")
    .argument("<run>", "run folder written by `prognos train`")
    .option("--split <name>", SPLITS.join(" | "), "test")
    .option("--checkpoint <name>", CHECKPOINTS.join(" | "), "best")
    .option("--task <path>", "another task folder with the same labels (default: the run's task)")
    .option("--bootstrap <n>", rangeHelp("bootstrap resamples for 95% intervals; 0 = off", RANGES.bootstrap), "1000")
    .option("--seed <n>", rangeHelp("bootstrap seed", RANGES.seed), "0")
    .option(
      "--batch-size <n>",
      rangeHelp("rows per ONNX Runtime call (with a windowed head: windows, whole notes per call)", RANGES.batchSize),
      "16",
    )
    .option("--threads <n>", rangeHelp("ONNX Runtime threads (default: all cores)", RANGES.threads))
    .option(
      "--pool <kind>",
      "none: each note as the model's head reads it; clinicalbert: 318-word chunks, their probabilities pooled " +
        "P = (P_max + P_mean·n/c)/(1 + n/c) as ClinicalBERT scores readmission (docs/readmission-task.md)",
      "none",
    )
    .option("--pool-c <c>", "ClinicalBERT pooling's constant c (> 0; the reference's is 2)", "2")
    .option("--overwrite", "replace an earlier evaluation of this split (<run>/eval-<split>/)")
    .option("--json", "print metrics.json to standard output")
    .action(async (run: string, o: EvaluateOptions) => {
      const split = choiceOption(o.split, "--split", SPLITS);
      const options = {
        checkpoint: choiceOption(o.checkpoint, "--checkpoint", CHECKPOINTS),
        bootstrap: integerOption(o.bootstrap, "--bootstrap", RANGES.bootstrap),
        seed: integerOption(o.seed, "--seed", RANGES.seed),
        batchSize: integerOption(o.batchSize, "--batch-size", RANGES.batchSize),
        threads: integerOption(o.threads, "--threads", RANGES.threads),
      };
      const pool = choiceOption(o.pool, "--pool", POOLS);
      const c = numberOption(o.poolC, "--pool-c", { min: 0, exclusiveMin: true, max: 1e6 });
      const { evaluateRun } = await import("../../evaluation/evaluateRun.ts");
      const bar = new ProgressBar({ label: `evaluate ${split}`, unit: "rows" });
      const { json, metrics, files, warnings } = await evaluateRun(run, split, {
        ...options,
        task: o.task,
        overwrite: o.overwrite,
        ...(pool === "clinicalbert" ? { pool: { kind: "clinicalbert" as const, c } } : {}),
        onProgress: (done, total) => {
          bar.setTotal(total);
          bar.update(done);
        },
      });
      bar.stop();
      for (const w of warnings) process.stderr.write(`prognos: warning: ${w}\n`);
      const { truncated, max_length: maxLength, capped, max_windows: maxWindows } = json.input;
      const { chunks, no_chunk_skipped: noChunk } = json.input;
      if (truncated) {
        const what = chunks === undefined ? `${truncated} of ${json.rows} notes` : `${truncated} of ${chunks} chunks`;
        process.stderr.write(
          `prognos: note: ${what} were cut to the first ${maxLength} word pieces (the model's length)\n`,
        );
      }
      if (capped) {
        process.stderr.write(
          `prognos: note: ${capped} of ${json.rows} notes needed more than ${maxWindows} windows and were read by ${maxWindows}, spread evenly (the head's max_windows)\n`,
        );
      }
      if (noChunk)
        process.stderr.write(`prognos: note: ${noChunk} rows of 10 words or fewer have no chunk (skipped)\n`);
      if (o.json) process.stdout.write(`${JSON.stringify(json)}\n`);
      else
        process.stdout.write(
          `${json.task} ${split}: macro AUROC ${metrics.headline.value?.toFixed(4)}${metrics.headline.interval ? ` (95% CI ${metrics.headline.interval.lower?.toFixed(4)}–${metrics.headline.interval.upper?.toFixed(4)})` : ""}${binaryMetricsLine(metrics)}\n  ${files.metrics}\n  ${files.predictions}\n  ${files.report}\n`,
        );
    });
}
