import { existsSync } from "node:fs";
import { join } from "node:path";
import { loadCheckpoint } from "../checkpoint/Checkpoint.ts";
import { Engine } from "../engine/Engine.ts";
import { BertClassifierModel } from "../models/bert/BertClassifierModel.ts";
import type { LongNotePolicy, ModelHead, WindowPool } from "../models/heads/ModelHead.ts";
import { poolNoteProbabilities } from "../models/heads/poolLogits.ts";
import { readModelHead } from "../models/heads/readModelHead.ts";
import { loadTaskDataset } from "../tasks/dataset/loadTaskDataset.ts";
import { BertTokenizer } from "../tokenizer/BertTokenizer.ts";
import { encoderRows } from "../training/Batch.ts";
import { type RunJson, readRunJson } from "../training/readRunJson.ts";
import { splitMicroBatches } from "../training/splitMicroBatches.ts";
import { tokenizeExamples } from "../training/tokenizeExamples.ts";
import { checkOutput } from "../util/checkOutput.ts";
import { PrognosError } from "../util/errors.ts";
import { type ClinicalBertInput, scoreClinicalBertChunks } from "./clinicalBertScoring.ts";
import type { PredictionSet } from "./PredictionSet.ts";
import { toPredictionSet } from "./taskScoring.ts";
import { EVALUATION_FILES, type EvaluationOutput, writeEvaluation } from "./writeEvaluation.ts";

export type EvalSplit = "train" | "val" | "test";

/** How the head's long-note policy read the split (docs/long-notes.md); the window fields only with windows. */
export interface LongNotesInput {
  long_notes: LongNotePolicy["policy"];
  window: number;
  stride: number;
  window_pool: WindowPool;
  max_windows: number | null;
  windowed: number;
  capped: number;
  windows: number;
}

export interface EvaluateRunOptions {
  /** best (default) | last. */
  checkpoint?: "best" | "last";
  /** Another task folder with the same labels (default: the run's task). */
  task?: string;
  /** Bootstrap resamples for 95% intervals (0 = off). Default 1,000. */
  bootstrap?: number;
  /** Bootstrap seed. Default 0. */
  seed?: number;
  /** Rows per ONNX Runtime call (with windows: windows, whole notes per call). Default 16. */
  batchSize?: number;
  /** ONNX Runtime threads when no engine is given (default: all cores). */
  threads?: number;
  /** An engine to run on; otherwise one is made and released. */
  engine?: Engine;
  /** Replace an earlier evaluation in `<run>/eval-<split>/` (otherwise it is refused). */
  overwrite?: boolean;
  /**
   * Score each row as ClinicalBERT does: 318-word chunks, chunk probabilities pooled with its constant c
   * (clinicalBertScoring.ts, docs/readmission-task.md). Default: the note as the head reads it.
   */
  pool?: { kind: "clinicalbert"; c: number };
  /** Rows scored so far. */
  onProgress?: (done: number, total: number) => void;
}

/** A split of a run's task scored by the run's checkpoint, in memory (scoreRunSplit). */
export interface ScoredSplit {
  set: PredictionSet & { ids: string[] };
  head: ModelHead;
  task: string;
  modelDir: string;
  runConfig: RunJson;
  /**
   * What happened to the notes: cut to max_length (truncate), or split into windows and how many were capped
   * (the head's long-note policy), or cut into ClinicalBERT's chunks (`pool`).
   */
  input: { max_length: number; truncated: number; empty_skipped: number } & Partial<LongNotesInput> &
    Partial<ClinicalBertInput>;
  /** E.g. that the checkpoint has no head in config.json and was read as a plain Hugging Face folder. */
  warnings: string[];
}

/**
 * Scores a split of the run's task (or `options.task`) with the run's best (or last) checkpoint. The head (labels,
 * pooler, length) comes from the checkpoint's config.json (readModelHead); a checkpoint without one is read as a
 * plain Hugging Face folder, and a warning says so.
 */
export async function scoreRunSplit(
  run: string,
  split: EvalSplit,
  options: Omit<EvaluateRunOptions, "overwrite" | "bootstrap" | "seed"> = {},
): Promise<ScoredSplit> {
  const which = options.checkpoint ?? "best";
  if (!["train", "val", "test"].includes(split))
    throw new PrognosError(`--split must be train, val or test, got ${split}`);
  if (!["best", "last"].includes(which)) throw new PrognosError(`--checkpoint must be best or last, got ${which}`);
  const runFile = join(run, "run.json");
  if (!existsSync(runFile)) throw new PrognosError(`${run}: not a run folder (no run.json)`);
  const runConfig = readRunJson(runFile);
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
    if (options.pool?.kind === "clinicalbert") {
      const pooled = await scoreClinicalBertChunks(model, tokenizer, dataset.splits[split], {
        maxLength,
        problemType: head.problemType,
        c: options.pool.c,
        batchSize: options.batchSize ?? 16,
        onProgress: options.onProgress,
      });
      if (pooled.rows.length === 0) throw new PrognosError(`${dataset.files[split]}: no row of ${split} has a chunk`);
      const set = {
        ...toPredictionSet(dataset.labelType, dataset.labels, pooled.rows, pooled.scores, dataset.titles),
        ids: pooled.rows.map((e) => e.id),
      };
      const input = {
        max_length: maxLength,
        truncated: pooled.input.truncated_chunks,
        empty_skipped: pooled.input.no_chunk_skipped,
        ...pooled.input,
      };
      return { set, head, task: dataset.name, modelDir, runConfig, input, warnings };
    }
    // The head's long-note policy, as training read the notes (docs/long-notes.md).
    const t = tokenizeExamples(tokenizer, dataset.splits[split], maxLength, head.longNotes);
    const { examples } = t;
    if (examples.length === 0) throw new PrognosError(`${dataset.files[split]}: the ${split} split is empty`);
    const L = model.labels.length;
    const scores = new Float32Array(examples.length * L);
    let done = 0;
    for (const chunk of splitMicroBatches(examples, options.batchSize ?? 16)) {
      const counts = chunk.map((e) => encoderRows(e).length);
      const logits = await model.logits(chunk.flatMap((e) => encoderRows(e)));
      // max / mean pool the windows' logits; clinicalbert their probabilities (poolLogits.ts).
      scores.set(poolNoteProbabilities(logits, counts, L, head), done * L);
      done += chunk.length;
      options.onProgress?.(done, examples.length);
    }
    const set = {
      ...toPredictionSet(dataset.labelType, dataset.labels, examples, scores, dataset.titles),
      ids: examples.map((e) => e.id),
    };
    const ln = head.longNotes;
    const input: ScoredSplit["input"] = {
      max_length: maxLength,
      truncated: t.truncated,
      empty_skipped: t.emptySkipped.length,
      long_notes: ln.policy,
      ...(ln.policy === "windows"
        ? {
            window: ln.window,
            stride: ln.stride,
            window_pool: ln.pool,
            ...(ln.pool === "clinicalbert" ? { c: ln.c } : {}),
            max_windows: ln.maxWindows ?? null,
            windowed: t.windowed,
            capped: t.capped,
            windows: t.windows,
          }
        : {}),
    };
    return { set, head, task: dataset.name, modelDir, runConfig, input, warnings };
  } finally {
    if (!options.engine) await engine.release();
  }
}

/**
 * `prognos evaluate` as a library call: scoreRunSplit, then metrics.json, predictions.csv and report.html in
 * `<run>/eval-<split>/` (writeEvaluation), refused over an earlier evaluation unless `overwrite`.
 */
export async function evaluateRun(
  run: string,
  split: EvalSplit,
  options: EvaluateRunOptions = {},
): Promise<EvaluationOutput & { warnings: string[] }> {
  const which = options.checkpoint ?? "best";
  const outDir = join(run, `eval-${split}`);
  if (existsSync(join(run, "run.json")))
    checkOutput({
      path: outDir,
      kind: "folder",
      flag: "evaluation folder",
      holds: EVALUATION_FILES,
      what: "an evaluation",
      overwrite: options.overwrite,
    });
  const scored = await scoreRunSplit(run, split, options);
  const written = await writeEvaluation(outDir, scored.set, {
    header: {
      task: scored.task,
      split,
      model: { kind: "bert-classifier", path: scored.modelDir, checkpoint: which },
      rows: scored.set.ids.length,
      input: scored.input,
    },
    reportConfig: { run: scored.runConfig, checkpoint: which, split, task: scored.task },
    title: `Prognos — ${scored.task} (${split})`,
    bootstrap: options.bootstrap ?? 1000,
    seed: options.seed ?? 0,
  });
  return { ...written, warnings: scored.warnings };
}
