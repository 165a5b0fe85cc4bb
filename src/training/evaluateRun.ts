import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadCheckpoint } from "../checkpoint/Checkpoint.ts";
import { Engine } from "../engine/Engine.ts";
import { evaluatePredictions } from "../evaluation/evaluatePredictions.ts";
import type { MetricsReport } from "../evaluation/MetricsReport.ts";
import type { PredictionSet } from "../evaluation/PredictionSet.ts";
import { writePredictionsCsv } from "../evaluation/predictionsCsv.ts";
import { renderReport } from "../evaluation/renderReport.ts";
import { computeReportCurves } from "../evaluation/reportCurves.ts";
import { BertClassifierModel } from "../models/bert/BertClassifierModel.ts";
import { hasPoolerWeights, POOLER_WEIGHTS } from "../models/bert/poolerWeights.ts";
import { loadTaskDataset } from "../tasks/dataset/loadTaskDataset.ts";
import { BertTokenizer } from "../tokenizer/BertTokenizer.ts";
import { checkOutput } from "../util/checkOutput.ts";
import { PrognosError } from "../util/errors.ts";
import { writeError } from "../util/writeError.ts";
import { logitsToScores } from "./FineTuner.ts";
import { readRunJson } from "./readRunJson.ts";
import { toPredictionSet } from "./taskScoring.ts";
import { tokenizeExamples } from "./tokenizeExamples.ts";

export type EvalSplit = "train" | "val" | "test";

export interface EvaluateRunOptions {
  /** best (default) | last. */
  checkpoint?: "best" | "last";
  /** Another task folder with the same labels (default: the run's task). */
  task?: string;
  /** Bootstrap resamples for 95% intervals (0 = off). Default 1,000. */
  bootstrap?: number;
  /** Bootstrap seed. Default 0. */
  seed?: number;
  /** Rows per ONNX Runtime call. Default 16. */
  batchSize?: number;
  /** ONNX Runtime threads when no engine is given (default: all cores). */
  threads?: number;
  /** An engine to run on; otherwise one is made and released. */
  engine?: Engine;
  /** Replace an earlier evaluation in `<run>/eval-<split>/` (otherwise it is refused). */
  overwrite?: boolean;
  /** Rows scored so far. */
  onProgress?: (done: number, total: number) => void;
}

export interface EvaluationOutput {
  /** What metrics.json holds. */
  json: Record<string, unknown> & MetricsReport;
  metrics: MetricsReport;
  /** The scored rows (ids in split order) in the evaluation library's form. */
  set: PredictionSet & { ids: string[] };
  outDir: string;
  files: { metrics: string; predictions: string; report: string };
}

/** What an evaluation folder holds. */
export const EVALUATION_FILES = ["metrics.json", "predictions.csv", "report.html"] as const;

/**
 * Writes an evaluation folder: metrics.json (`header` fields, then the metrics), predictions.csv and a
 * self-contained report.html. Any model's predictions (a fine-tuned run, a baseline) go through here, so they are
 * evaluated the same way.
 */
export async function writeEvaluation(
  outDir: string,
  set: PredictionSet & { ids: string[] },
  args: {
    header: Record<string, unknown>;
    reportConfig: unknown;
    title: string;
    bootstrap: number;
    seed: number;
  },
): Promise<EvaluationOutput> {
  const metrics = evaluatePredictions({
    ...set,
    bootstrap: args.bootstrap > 0 ? { resamples: args.bootstrap } : false,
    seed: args.seed,
  });
  const files = {
    metrics: join(outDir, EVALUATION_FILES[0]),
    predictions: join(outDir, EVALUATION_FILES[1]),
    report: join(outDir, EVALUATION_FILES[2]),
  };
  const json = { ...args.header, ...metrics };
  const html = await renderReport({
    metrics,
    config: args.reportConfig,
    curves: computeReportCurves(set),
    title: args.title,
  });
  try {
    mkdirSync(outDir, { recursive: true });
    writeFileSync(files.metrics, `${JSON.stringify(json, null, 2)}\n`);
    writeFileSync(files.predictions, writePredictionsCsv(set));
    writeFileSync(files.report, html);
  } catch (e) {
    throw writeError(e, outDir);
  }
  return { json, metrics, set, outDir, files };
}

/**
 * `prognos evaluate` as a library call: the run's best (or last) checkpoint on a split of its task; writes
 * metrics.json, predictions.csv and report.html into `<run>/eval-<split>/`.
 */
export async function evaluateRun(
  run: string,
  split: EvalSplit,
  options: EvaluateRunOptions = {},
): Promise<EvaluationOutput> {
  const which = options.checkpoint ?? "best";
  if (!["train", "val", "test"].includes(split))
    throw new PrognosError(`--split must be train, val or test, got ${split}`);
  if (!["best", "last"].includes(which)) throw new PrognosError(`--checkpoint must be best or last, got ${which}`);
  const runFile = join(run, "run.json");
  if (!existsSync(runFile)) throw new PrognosError(`${run}: not a run folder (no run.json)`);
  const runConfig = readRunJson(runFile);
  const outDir = join(run, `eval-${split}`);
  checkOutput({
    path: outDir,
    kind: "folder",
    flag: "evaluation folder",
    holds: EVALUATION_FILES,
    what: "an evaluation",
    overwrite: options.overwrite,
  });
  const modelDir = join(run, which);
  const checkpoint = await loadCheckpoint(modelDir);
  if (runConfig.pooler === true && !hasPoolerWeights(checkpoint)) {
    throw new PrognosError(
      `${checkpoint.report.file}: no pooler weights (${POOLER_WEIGHTS.join(", ")}), but the run was trained on BERT's pooler output (${runFile}: "pooler": true)`,
    );
  }
  const { tokenizer } = await BertTokenizer.fromFolder(modelDir);
  const dataset = await loadTaskDataset(options.task ?? runConfig.task, {
    problemType: checkpoint.config.extra.problem_type as "multi_label_classification" | undefined,
  });
  const engine = options.engine ?? Engine.create({ threads: options.threads });
  try {
    const model = await BertClassifierModel.create(checkpoint, engine, { pooler: runConfig.pooler });
    if (model.labels.join("\u0000") !== dataset.labels.join("\u0000")) {
      throw new PrognosError(
        `${modelDir}: the checkpoint's labels differ from the task's (${model.labels.length} vs ${dataset.labels.length})`,
      );
    }
    const maxLength = Math.min(runConfig.maxLength, checkpoint.config.max_position_embeddings);
    const { examples, truncated, emptySkipped } = tokenizeExamples(tokenizer, dataset.splits[split], maxLength);
    if (examples.length === 0) throw new PrognosError(`${dataset.files[split]}: the ${split} split is empty`);
    const L = model.labels.length;
    const batch = options.batchSize ?? 16;
    const scores = new Float32Array(examples.length * L);
    for (let i = 0; i < examples.length; i += batch) {
      const rows = examples.slice(i, i + batch).map((e) => e.inputIds);
      scores.set(logitsToScores(await model.logits(rows), L, dataset.problemType), i * L);
      options.onProgress?.(Math.min(i + batch, examples.length), examples.length);
    }
    const set = {
      ...toPredictionSet(dataset.labelType, dataset.labels, examples, scores, dataset.titles),
      ids: examples.map((e) => e.id),
    };
    return await writeEvaluation(outDir, set, {
      header: {
        run,
        checkpoint: which,
        split,
        task: dataset.name,
        rows: examples.length,
        max_length: maxLength,
        truncated,
        empty_skipped: emptySkipped.length,
      },
      reportConfig: { run: runConfig, checkpoint: which, split, task: dataset.name },
      title: `Prognos — ${dataset.name} (${split})`,
      bootstrap: options.bootstrap ?? 1000,
      seed: options.seed ?? 0,
    });
  } finally {
    if (!options.engine) await engine.release();
  }
}
