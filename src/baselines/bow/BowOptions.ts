import type { Engine } from "../../engine/Engine.ts";
import type { BertTokenizer } from "../../tokenizer/BertTokenizer.ts";
import { PrognosError } from "../../util/errors.ts";
import { type ResolvedTfidfOptions, resolveTfidfOptions, type TfidfOptions } from "./TfidfVectorizer.ts";

/** Progress of a bag-of-words run, for a progress bar (never carries note text). */
export type BowProgress =
  | { phase: "vectorize"; split: string; done: number; total: number }
  | { phase: "train"; epoch: number; epochs: number; step: number; steps: number; loss: number }
  | { phase: "epoch"; epoch: number; epochs: number; loss: number; valMacroAuroc: number | null; best: boolean }
  | { phase: "evaluate"; split: string };

/** Options of trainBowBaseline; every field has a default. */
export interface BowBaselineOptions {
  /** The vectorizer (scikit-learn's TfidfVectorizer options; maxFeatures default 20,000). */
  tfidf?: TfidfOptions;
  /** Passes over train at most. Default 30. */
  epochs?: number;
  /** Stop after this many epochs without a better val macro AUROC. Default 3. */
  patience?: number;
  /** AdamW learning rate (constant). Default 0.03. */
  lr?: number;
  /** AdamW decoupled weight decay on the weights (not the bias): the L2 penalty. Default 0.01. */
  weightDecay?: number;
  /**
   * Rows per optimizer step (the last batch of an epoch may be smaller). Default 128, or fewer for a small
   * training set so that an epoch has at least 20 steps (never below 16): Adam moves each weight by about lr per
   * step, and tf-idf weights must grow large, so a small set needs the steps.
   */
  batchSize?: number;
  /** Seeds the per-epoch shuffle and the bootstrap (weights start at zero). Default 123. */
  seed?: number;
  /**
   * Multi-label: BCE pos_weight = negatives / positives per label; single-label: scikit-learn's "balanced"
   * weights n / (k · count). Default false: unlike the fine-tuned transformer (CORe's class weights on), the
   * linear model overfits the up-weighted positives of rare labels within an epoch or two; on the synthetic
   * hospital, weights on cost diagnoses 0.03 test macro AUROC (0.05 val) and moved the other tasks by < 0.01
   * (see README.md beside this file).
   */
  classWeights?: boolean;
  /** Bootstrap resamples for the final metrics' 95% intervals (0: none). Default 1,000. */
  bootstrap?: number;
  /**
   * Read each note as a transformer truncated to `maxLength` tokens does (textAsRead.ts): only the word pieces it
   * keeps. `model` is the folder the tokenizer came from (recorded in config.json). Default: the whole note.
   */
  readAs?: { tokenizer: BertTokenizer; model: string; maxLength: number };
  /** ONNX Runtime threads when no `engine` is given. Default: all cores. */
  threads?: number;
  /** An engine to run on (e.g. shared with other runs); otherwise one is made and released. */
  engine?: Engine;
  /** Write config.json, vocabulary.json, model.safetensors, metrics.json, predictions.csv (and report.html) here. */
  out?: string;
  onProgress?: (p: BowProgress) => void;
}

/** Every option as the run used it (config.json, with the task and vocabulary size added). */
export interface BowRunConfig {
  tfidf: ResolvedTfidfOptions;
  epochs: number;
  patience: number;
  lr: number;
  weightDecay: number;
  batchSize: number;
  seed: number;
  classWeights: boolean;
  bootstrap: number;
  /** The notes were cut to what this model's tokenizer keeps under maxLength (null: whole notes). */
  readAs: { model: string; maxLength: number } | null;
  optimizer: "adamw";
  schedule: "constant";
  initialization: "zeros";
  earlyStopping: "val macro AUROC";
}

function check(name: string, value: number, ok: boolean, expected: string): number {
  if (!ok) throw new PrognosError(`\`${name}\` must be ${expected}, received ${value}`);
  return value;
}

const int = (name: string, v: number, min: number) =>
  check(name, v, Number.isSafeInteger(v) && v >= min, `an integer ≥ ${min}`);

/** The default batch size for `trainRows` training rows (see BowBaselineOptions.batchSize). */
export function defaultBatchSize(trainRows: number): number {
  return Math.min(128, Math.max(16, Math.ceil(trainRows / 20)));
}

/** Options with defaults filled in and ranges checked; `trainRows` sets the default batch size. */
export function resolveBowOptions(o: BowBaselineOptions, trainRows: number): BowRunConfig {
  const lr = o.lr ?? 0.03;
  const weightDecay = o.weightDecay ?? 0.01;
  return {
    tfidf: resolveTfidfOptions(o.tfidf),
    epochs: int("epochs", o.epochs ?? 30, 1),
    patience: int("patience", o.patience ?? 3, 1),
    lr: check("lr", lr, Number.isFinite(lr) && lr > 0, "a positive number"),
    weightDecay: check("weightDecay", weightDecay, Number.isFinite(weightDecay) && weightDecay >= 0, "≥ 0"),
    batchSize: int("batchSize", o.batchSize ?? defaultBatchSize(trainRows), 1),
    seed: int("seed", o.seed ?? 123, 0),
    classWeights: o.classWeights ?? false,
    bootstrap: int("bootstrap", o.bootstrap ?? 1000, 0),
    readAs: o.readAs ? { model: o.readAs.model, maxLength: int("readAs.maxLength", o.readAs.maxLength, 2) } : null,
    optimizer: "adamw",
    schedule: "constant",
    initialization: "zeros",
    earlyStopping: "val macro AUROC",
  };
}
