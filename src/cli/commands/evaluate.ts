import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { loadCheckpoint } from "../../checkpoint/Checkpoint.ts";
import { Engine } from "../../engine/Engine.ts";
import { evaluatePredictions } from "../../evaluation/evaluatePredictions.ts";
import { writePredictionsCsv } from "../../evaluation/predictionsCsv.ts";
import { renderReport } from "../../evaluation/renderReport.ts";
import { computeReportCurves } from "../../evaluation/reportCurves.ts";
import { BertClassifierModel } from "../../models/bert/BertClassifierModel.ts";
import { loadTaskDataset } from "../../tasks/dataset/loadTaskDataset.ts";
import { BertTokenizer } from "../../tokenizer/BertTokenizer.ts";
import { logitsToScores } from "../../training/FineTuner.ts";
import { toPredictionSet } from "../../training/taskScoring.ts";
import { tokenizeExamples } from "../../training/tokenizeExamples.ts";
import { PrognosError } from "../../util/errors.ts";
import { parsePositiveInt } from "../parseArgs.ts";

interface EvaluateOptions {
  split: string;
  checkpoint: string;
  task?: string;
  bootstrap: string;
  seed: string;
  batchSize: string;
  threads?: string;
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
    .option("--json", "print metrics.json to standard output")
    .action(async (run: string, o: EvaluateOptions) => {
      if (!["train", "val", "test"].includes(o.split))
        throw new PrognosError(`--split must be train, val or test, got ${o.split}`);
      if (!["best", "last"].includes(o.checkpoint))
        throw new PrognosError(`--checkpoint must be best or last, got ${o.checkpoint}`);
      const runFile = join(run, "run.json");
      if (!existsSync(runFile)) throw new PrognosError(`${run}: not a run folder (no run.json)`);
      const runConfig = JSON.parse(readFileSync(runFile, "utf8")) as {
        task: string;
        maxLength: number;
        problemType?: string;
      };
      const modelDir = join(run, o.checkpoint);
      const checkpoint = await loadCheckpoint(modelDir);
      const { tokenizer } = await BertTokenizer.fromFolder(modelDir);
      const dataset = await loadTaskDataset(o.task ?? runConfig.task, {
        problemType: checkpoint.config.extra.problem_type as "multi_label_classification" | undefined,
      });
      const engine = Engine.create({ threads: o.threads ? parsePositiveInt(o.threads, "--threads") : undefined });
      try {
        const model = await BertClassifierModel.create(checkpoint, engine);
        if (model.labels.join("\u0000") !== dataset.labels.join("\u0000")) {
          throw new PrognosError(
            `${modelDir}: the checkpoint's labels differ from the task's (${model.labels.length} vs ${dataset.labels.length})`,
          );
        }
        const maxLength = Math.min(runConfig.maxLength, checkpoint.config.max_position_embeddings);
        const split = o.split as "train" | "val" | "test";
        const { examples, truncated, emptySkipped } = tokenizeExamples(tokenizer, dataset.splits[split], maxLength);
        if (examples.length === 0) throw new PrognosError(`${dataset.files[split]}: the ${split} split is empty`);
        const L = model.labels.length;
        const batch = parsePositiveInt(o.batchSize, "--batch-size");
        const scores = new Float32Array(examples.length * L);
        for (let i = 0; i < examples.length; i += batch) {
          const rows = examples.slice(i, i + batch).map((e) => e.inputIds);
          scores.set(logitsToScores(await model.logits(rows), L, dataset.problemType), i * L);
          process.stderr.write(`\rprognos: scored ${Math.min(i + batch, examples.length)}/${examples.length} rows`);
        }
        process.stderr.write("\n");
        const set = toPredictionSet(dataset.labelType, dataset.labels, examples, scores, dataset.titles);
        const bootstrap = Number(o.bootstrap);
        const metrics = evaluatePredictions({
          ...set,
          bootstrap: bootstrap > 0 ? { resamples: bootstrap } : false,
          seed: Number(o.seed),
        });
        const outDir = join(run, `eval-${split}`);
        mkdirSync(outDir, { recursive: true });
        const json = {
          run,
          checkpoint: o.checkpoint,
          split,
          task: dataset.name,
          rows: examples.length,
          truncated,
          empty_skipped: emptySkipped.length,
          ...metrics,
        };
        writeFileSync(join(outDir, "metrics.json"), `${JSON.stringify(json, null, 2)}\n`);
        writeFileSync(join(outDir, "predictions.csv"), writePredictionsCsv({ ...set, ids: examples.map((e) => e.id) }));
        const html = await renderReport({
          metrics,
          config: { run: runConfig, checkpoint: o.checkpoint, split, task: dataset.name },
          curves: computeReportCurves(set),
          title: `Prognos — ${dataset.name} (${split})`,
        });
        writeFileSync(join(outDir, "report.html"), html);
        if (o.json) process.stdout.write(`${JSON.stringify(json)}\n`);
        else
          process.stdout.write(
            `${dataset.name} ${split}: macro AUROC ${metrics.headline.value?.toFixed(4)}${metrics.headline.interval ? ` (95% CI ${metrics.headline.interval.lower?.toFixed(4)}–${metrics.headline.interval.upper?.toFixed(4)})` : ""}\n  ${join(outDir, "metrics.json")}\n  ${join(outDir, "predictions.csv")}\n  ${join(outDir, "report.html")}\n`,
          );
      } finally {
        await engine.release();
      }
    });
}
