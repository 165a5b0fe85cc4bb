import { POOLINGS, type Pooling } from "../models/heads/ModelHead.ts";
import { PROBLEM_TYPES } from "../tasks/ProblemType.ts";
import { RANGES } from "../util/ranges.ts";
import { type FieldTable, parseConfig, readConfigFields } from "./configFields.ts";
import { DEFAULT_STEPS_PER_CALL } from "./defaultStepsPerCall.ts";

export const OPTIMIZERS = ["adamw", "sgd"] as const;
export const SCHEDULES = ["constant", "linear"] as const;
export { POOLINGS };
export const LONG_NOTE_POLICIES = ["truncate", "windows"] as const;
export const WINDOW_POOLS = ["max", "mean"] as const;

/**
 * Every option of `prognos train`, with CORe's defaults (docs/core-method.md §4: lr 1e-5, 5,000 warm-up steps,
 * batch 20, max 512 tokens, early stopping on dev AUROC with patience 10 epochs, class weights on). The exact
 * config is saved beside every trained model (run.json) and `--config run.json` replays it.
 */
export interface RunConfig {
  /** Hugging Face BERT folder to start from. */
  model: string;
  /** Task folder (Prognos, CORe's files, or train/val/test.csv). */
  task: string;
  /** Run folder: best/, last/, state/, log.jsonl, run.json. */
  out: string;
  problemType?: (typeof PROBLEM_TYPES)[number];
  seed: number;
  lr: number;
  /**
   * Peak learning rate of the classifier's parameters (`classifier.*`), on the same schedule as `lr` (a parameter
   * group of its own, as in PyTorch); default: `lr` (docs/training.md, "Classifier learning rate").
   */
  classifierLr?: number;
  weightDecay: number;
  optimizer: (typeof OPTIMIZERS)[number];
  schedule: (typeof SCHEDULES)[number];
  /** Linear warm-up steps (the reference: 5,000). The first update uses lr 0 when > 0, as HF does. */
  warmupSteps: number;
  /** Optimizer steps; default: epochs × ceil(train rows / batch size). */
  maxSteps?: number;
  epochs: number;
  batchSize: number;
  /**
   * Rows per ONNX Runtime call; batchSize is reached by gradient accumulation. Default min(batchSize, 8). With
   * windows it counts windows: each call takes whole notes, as many as fit (at least one).
   */
  microBatchSize?: number;
  /**
   * Optimizer steps per ONNX Runtime call when a step is one micro-batch (StepRunner.steps: the train graph in an
   * ONNX Loop). The same bits at any value; more per call pays the copies of parameters and moments into JS less
   * often (docs/engine.md, "Several steps per call"). A call never spans an evaluation or a save.
   */
  stepsPerCall: number;
  maxLength: number;
  /**
   * How a note longer than maxLength is read (docs/long-notes.md): its first maxLength word pieces, or overlapping
   * windows scored one by one, the note's logits pooled over them, trained end to end through the pooling.
   */
  longNotes: (typeof LONG_NOTE_POLICIES)[number];
  /** Windows: word pieces per window, [CLS]/[SEP] included (default maxLength). */
  window?: number;
  /** Windows: word pieces from one window's start to the next's (default half a window's word pieces). */
  stride?: number;
  /** Windows: how the note's logits are pooled over its windows (default max). */
  windowPool?: (typeof WINDOW_POOLS)[number];
  /** Windows: at most this many per note, spread evenly over a longer note (default 16). */
  maxWindows?: number;
  /** Gradient clipping by global norm; 0 = off. */
  maxGradNorm: number;
  classWeights: boolean;
  /** Dropout override for hidden, attention and classifier dropout; default: the checkpoint's config. */
  dropout?: number;
  shuffle: boolean;
  /** [CLS] through BERT's pooler (as BertForSequenceClassification) or the raw [CLS] state. */
  pooler: boolean;
  /**
   * What the classifier reads: the [CLS] position (cls), the mean or max of the tokens' last hidden states, or per
   * label its own attention over them (label-attention); the last three without the pooler (docs/training.md).
   */
  pooling: Pooling;
  patience: number;
  /** Evaluate on val every N steps (default: once per epoch). */
  evalEvery?: number;
  /** Save resumable state every N steps (and at every evaluation). */
  saveEvery: number;
  reinitHead: boolean;
  threads?: number;
}

/** What each field accepts and its default (none: optional, or required for strings). */
export const RUN_CONFIG_FIELDS: FieldTable<RunConfig> = {
  model: { kind: "string", required: true },
  task: { kind: "string", required: true },
  out: { kind: "string", required: true },
  problemType: { kind: "choice", choices: PROBLEM_TYPES },
  seed: { kind: "number", range: RANGES.seed, default: 42 },
  lr: { kind: "number", range: RANGES.learningRate, default: 1e-5 },
  classifierLr: { kind: "number", range: RANGES.learningRate },
  weightDecay: { kind: "number", range: RANGES.weightDecay, default: 0.01 },
  optimizer: { kind: "choice", choices: OPTIMIZERS, default: "adamw" },
  schedule: { kind: "choice", choices: SCHEDULES, default: "linear" },
  warmupSteps: { kind: "number", range: RANGES.warmupSteps, default: 5000 },
  maxSteps: { kind: "number", range: RANGES.steps },
  epochs: { kind: "number", range: RANGES.epochs, default: 20 },
  batchSize: { kind: "number", range: RANGES.batchSize, default: 20 },
  microBatchSize: { kind: "number", range: RANGES.batchSize },
  stepsPerCall: { kind: "number", range: RANGES.stepsPerCall, default: DEFAULT_STEPS_PER_CALL },
  maxLength: { kind: "number", range: RANGES.maxLength, default: 512 },
  longNotes: { kind: "choice", choices: LONG_NOTE_POLICIES, default: "truncate" },
  window: { kind: "number", range: RANGES.window },
  stride: { kind: "number", range: RANGES.stride },
  windowPool: { kind: "choice", choices: WINDOW_POOLS },
  maxWindows: { kind: "number", range: RANGES.maxWindows },
  maxGradNorm: { kind: "number", range: RANGES.maxGradNorm, default: 1 },
  classWeights: { kind: "boolean", default: true },
  dropout: { kind: "number", range: RANGES.dropout },
  shuffle: { kind: "boolean", default: true },
  pooler: { kind: "boolean", default: true },
  pooling: { kind: "choice", choices: POOLINGS, default: "cls" },
  patience: { kind: "number", range: RANGES.patience, default: 10 },
  evalEvery: { kind: "number", range: RANGES.steps },
  saveEvery: { kind: "number", range: RANGES.steps, default: 50 },
  reinitHead: { kind: "boolean", default: false },
  threads: { kind: "number", range: RANGES.threads },
};

/**
 * Checks the fields present in a run config (a parsed run.json, or options built in code) without requiring any
 * (configFields.ts: types, ranges, unknown fields refused; errors name `source`, the field and its value).
 */
export function readRunConfigFields(raw: unknown, source: string): Partial<RunConfig> {
  return readConfigFields(RUN_CONFIG_FIELDS, raw, source);
}

const FIELD_NAMES = Object.keys(RUN_CONFIG_FIELDS) as Array<keyof RunConfig>;

/** The config's fields in the table's order (the JSON that --resume compares must not depend on how it was built). */
export function inFieldOrder(c: RunConfig): RunConfig {
  const out: Record<string, unknown> = {};
  for (const key of FIELD_NAMES) if (c[key] !== undefined) out[key] = c[key];
  return out as unknown as RunConfig;
}

/** A complete run config: fields checked (readRunConfigFields), model/task/out required, defaults filled in. */
export function parseRunConfig(raw: unknown, source: string): RunConfig {
  return parseConfig(RUN_CONFIG_FIELDS, raw, source);
}
