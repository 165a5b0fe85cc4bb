import { existsSync } from "node:fs";
import { join } from "node:path";
import { loadCheckpoint } from "../checkpoint/Checkpoint.ts";
import { Engine } from "../engine/Engine.ts";
import { BertClassifierModel } from "../models/bert/BertClassifierModel.ts";
import { logitsToScores } from "../models/heads/logitsToScores.ts";
import { readModelHead } from "../models/heads/readModelHead.ts";
import { loadTaskDataset } from "../tasks/dataset/loadTaskDataset.ts";
import { BertTokenizer } from "../tokenizer/BertTokenizer.ts";
import { readRunJson } from "../training/readRunJson.ts";
import { tokenizeExamples } from "../training/tokenizeExamples.ts";
import { checkOutput } from "../util/checkOutput.ts";
import { PrognosError } from "../util/errors.ts";
import { toPredictionSet } from "./taskScoring.ts";
import { EVALUATION_FILES, type EvaluationOutput, writeEvaluation } from "./writeEvaluation.ts";

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

/**
 * `prognos evaluate` as a library call: the run's best (or last) checkpoint on a split of its task; writes
 * metrics.json, predictions.csv and report.html into `<run>/eval-<split>/`. The model's head (labels, pooler, length)
 * comes from the checkpoint's config.json (readModelHead); a checkpoint without one is read as a plain Hugging Face
 * folder, and the warning says so (in `warnings`).
 */
export async function evaluateRun(
  run: string,
  split: EvalSplit,
  options: EvaluateRunOptions = {},
): Promise<EvaluationOutput & { warnings: string[] }> {
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
  const { head, warnings } = readModelHead(checkpoint);
  const { tokenizer } = await BertTokenizer.fromFolder(modelDir);
  const dataset = await loadTaskDataset(options.task ?? runConfig.task, { problemType: head.problemType });
  const engine = options.engine ?? Engine.create({ threads: options.threads });
  try {
    const model = await BertClassifierModel.create(checkpoint, engine, head);
    if (model.labels.join("\u0000") !== dataset.labels.join("\u0000")) {
      throw new PrognosError(
        `${modelDir}: the checkpoint's labels differ from the task's (${model.labels.length} vs ${dataset.labels.length})`,
      );
    }
    const maxLength = Math.min(head.maxLength, checkpoint.config.max_position_embeddings);
    const { examples, truncated, emptySkipped } = tokenizeExamples(tokenizer, dataset.splits[split], maxLength);
    if (examples.length === 0) throw new PrognosError(`${dataset.files[split]}: the ${split} split is empty`);
    const L = model.labels.length;
    const batch = options.batchSize ?? 16;
    const scores = new Float32Array(examples.length * L);
    for (let i = 0; i < examples.length; i += batch) {
      const rows = examples.slice(i, i + batch).map((e) => e.inputIds);
      scores.set(logitsToScores(await model.logits(rows), L, head.problemType), i * L);
      options.onProgress?.(Math.min(i + batch, examples.length), examples.length);
    }
    const set = {
      ...toPredictionSet(dataset.labelType, dataset.labels, examples, scores, dataset.titles),
      ids: examples.map((e) => e.id),
    };
    const written = await writeEvaluation(outDir, set, {
      header: {
        task: dataset.name,
        split,
        model: { kind: "bert-classifier", path: modelDir, checkpoint: which },
        rows: examples.length,
        input: { max_length: maxLength, truncated, empty_skipped: emptySkipped.length },
      },
      reportConfig: { run: runConfig, checkpoint: which, split, task: dataset.name },
      title: `Prognos — ${dataset.name} (${split})`,
      bootstrap: options.bootstrap ?? 1000,
      seed: options.seed ?? 0,
    });
    return { ...written, warnings };
  } finally {
    if (!options.engine) await engine.release();
  }
}
