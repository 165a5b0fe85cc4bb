import type { Command } from "commander";
import { RANGES } from "../../util/ranges.ts";
import { choiceOption, integerOption, rangeHelp } from "../options/index.ts";

/** `prognos ehr evaluate RUN --split val|test`: metrics.json, predictions.csv, report.html in RUN/eval-<split>/. */
export function registerEhrEvaluate(ehr: Command): void {
  ehr
    .command("evaluate")
    .description("evaluate an `ehr train` run on a split of its cohort: metrics.json, predictions.csv, report.html")
    .argument("<run>", "run folder written by `prognos ehr train`")
    .option("--split <name>", "train | val | test", "test")
    .option("--checkpoint <name>", "best | last", "best")
    .option("--bootstrap <n>", rangeHelp("bootstrap resamples for 95% intervals; 0 = off", RANGES.bootstrap), "1000")
    .option("--seed <n>", rangeHelp("bootstrap seed", RANGES.seed), "0")
    .option("--threads <n>", rangeHelp("ONNX Runtime threads (default: all cores)", RANGES.threads))
    .option("--overwrite", "replace an earlier evaluation of this split")
    .option("--json", "print metrics.json to standard output")
    .action(async (run: string, o: Record<string, string | boolean | undefined>) => {
      const split = choiceOption(o.split as string, "--split", ["train", "val", "test"] as const);
      const { evaluateEhrRun } = await import("../../evaluation/evaluateEhrRun.ts");
      const { json, metrics, files, warnings } = await evaluateEhrRun(run, split, {
        checkpoint: choiceOption(o.checkpoint as string, "--checkpoint", ["best", "last"] as const),
        bootstrap: integerOption(o.bootstrap as string, "--bootstrap", RANGES.bootstrap),
        seed: integerOption(o.seed as string, "--seed", RANGES.seed),
        threads: integerOption(o.threads as string | undefined, "--threads", RANGES.threads),
        overwrite: o.overwrite === true,
      });
      for (const w of warnings) process.stderr.write(`prognos: warning: ${w}\n`);
      if (o.json) process.stdout.write(`${JSON.stringify(json)}\n`);
      else {
        const h = metrics.headline;
        const auroc = h.value === null ? "undefined" : h.value.toFixed(4);
        const ci = h.interval ? ` (95% CI ${h.interval.lower?.toFixed(4)}–${h.interval.upper?.toFixed(4)})` : "";
        process.stdout.write(
          `${json.task} ${split}: AUROC ${auroc}${ci}\n  ${files.metrics}\n  ${files.predictions}\n  ${files.report}\n`,
        );
      }
    });
}
