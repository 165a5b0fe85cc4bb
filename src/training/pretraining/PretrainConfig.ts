import { RANGES } from "../../util/ranges.ts";
import { type FieldTable, parseConfig, readConfigFields } from "../configFields.ts";
import { SCHEDULES } from "../RunConfig.ts";

export const PRETRAIN_OBJECTIVES = ["core", "mlm"] as const;
export const PAIRINGS = ["one-to-one", "all"] as const;

/** Share ranges for pre-training only. */
const FRACTION = { min: 0, max: 0.5 } as const;
const MASK_RATE = { min: 0, exclusiveMin: true, max: 0.5 } as const;
const CHUNK = { integer: true, min: 1, max: 8192 } as const;
const TOKENS = { integer: true, min: 1, max: 1e15 } as const;

/**
 * Every option of `prognos pretrain` (docs/core-pretraining.md). Defaults follow the reference's outcome
 * pre-training run where it has one (lr 1e-5, 5,000 warm-up steps, batch 20, 512 tokens, chunks of at most 384 and
 * 128 word pieces from 30, validation every 500 steps). The exact config is saved as run.json in the run folder and
 * beside each saved model; `--config run.json` replays it and `--resume` refuses a different one.
 */
export interface PretrainConfig {
  /** core: CORe's outcome objective (next-sentence head), optionally with masked-LM; mlm: masked-LM alone. */
  objective: (typeof PRETRAIN_OBJECTIVES)[number];
  /** Hugging Face BERT folder to start from. */
  from: string;
  /** Note sources, KIND:PATH (tasks/pretraining/readNoteSources.ts). */
  notes: string[];
  /** Run folder: best/, last/, state/, log.jsonl, run.json, corpus.json. */
  out: string;
  /** core only: masked-LM on the same pairs, its loss added (as BertForPreTraining). */
  mlm: boolean;
  seed: number;
  lr: number;
  weightDecay: number;
  schedule: (typeof SCHEDULES)[number];
  warmupSteps: number;
  /** The run stops at the first of these reached; none given: 3 epochs. */
  epochs?: number;
  maxSteps?: number;
  /** Tokens seen (special tokens included, padding not): to match runs with different objectives. */
  maxTokens?: number;
  batchSize: number;
  /** Rows per ONNX Runtime call; batchSize is reached by gradient accumulation. Default min(batchSize, 8). */
  microBatchSize?: number;
  /**
   * Optimizer steps per ONNX Runtime call when a step is one micro-batch (microBatchSize ≥ batchSize): the train
   * graph in an ONNX Loop, the same weights as one per call (docs/core-pretraining.md). Changes no bits, so
   * --resume accepts another value.
   */
  stepsPerCall: number;
  /** Tokens per example, [CLS]/[SEP] included; at most the model's max_position_embeddings. */
  maxSeqLength: number;
  /** Largest chunk size drawn for the admission part (reference: 384) and the outcome part (128). */
  admissionChunk: number;
  outcomeChunk: number;
  /** Smallest chunk size drawn (reference: 30). */
  minChunk: number;
  pairing: (typeof PAIRINGS)[number];
  /** Share of tokens chosen for masked-LM (BERT: 0.15). */
  maskRate: number;
  maxGradNorm: number;
  /** Dropout override for hidden and attention dropout; default: the checkpoint's config. */
  dropout?: number;
  /** Share of documents held out for the validation loss (by a seeded hash of their id); 0 = none. */
  valFraction: number;
  /** Validation loss every N steps (and at the end): best/ keeps the lowest. */
  evalEvery: number;
  /** Stop after this many evaluations without a lower validation loss; default: never (equal budgets). */
  patience?: number;
  saveEvery: number;
  /** Heading lists for text:DIR sources: mtsamples, pubmed, wiki, medquad, mimic, or ADMISSION_FILE,OUTCOME_FILE. */
  headings: string;
  /** MIMIC-IV: the seed of the tasks' patient hash (`prognos tasks build --seed`), so their val/test patients stay out. */
  splitSeed: number;
  /** MIMIC sources: every patient, not only the tasks' training split (a synthetic hospital of other patients). */
  allPatients: boolean;
  threads?: number;
}

export const PRETRAIN_CONFIG_FIELDS: FieldTable<PretrainConfig> = {
  objective: { kind: "choice", choices: PRETRAIN_OBJECTIVES, default: "core" },
  from: { kind: "string", required: true },
  notes: { kind: "strings", required: true },
  out: { kind: "string", required: true },
  mlm: { kind: "boolean", default: false },
  seed: { kind: "number", range: RANGES.seed, default: 42 },
  lr: { kind: "number", range: RANGES.learningRate, default: 1e-5 },
  weightDecay: { kind: "number", range: RANGES.weightDecay, default: 0.01 },
  schedule: { kind: "choice", choices: SCHEDULES, default: "linear" },
  warmupSteps: { kind: "number", range: RANGES.warmupSteps, default: 5000 },
  epochs: { kind: "number", range: RANGES.epochs },
  maxSteps: { kind: "number", range: RANGES.steps },
  maxTokens: { kind: "number", range: TOKENS },
  batchSize: { kind: "number", range: RANGES.batchSize, default: 20 },
  microBatchSize: { kind: "number", range: RANGES.batchSize },
  // 1, not fine-tuning's 8: on a quiet machine 8 per call was 3–5% slower at 2 × 128 and 4% faster at BERT-base size,
  // for 1.8 GiB more memory there (docs/benchmarks.md "pre-training, several steps per call").
  stepsPerCall: { kind: "number", range: RANGES.stepsPerCall, default: 1 },
  maxSeqLength: { kind: "number", range: RANGES.maxLength, default: 512 },
  admissionChunk: { kind: "number", range: CHUNK, default: 384 },
  outcomeChunk: { kind: "number", range: CHUNK, default: 128 },
  minChunk: { kind: "number", range: CHUNK, default: 30 },
  pairing: { kind: "choice", choices: PAIRINGS, default: "one-to-one" },
  maskRate: { kind: "number", range: MASK_RATE, default: 0.15 },
  maxGradNorm: { kind: "number", range: RANGES.maxGradNorm, default: 1 },
  dropout: { kind: "number", range: RANGES.dropout },
  valFraction: { kind: "number", range: FRACTION, default: 0.02 },
  evalEvery: { kind: "number", range: RANGES.steps, default: 500 },
  patience: { kind: "number", range: RANGES.patience },
  saveEvery: { kind: "number", range: RANGES.steps, default: 50 },
  headings: { kind: "string", default: "mtsamples" },
  splitSeed: { kind: "number", range: RANGES.seed, default: 123 },
  allPatients: { kind: "boolean", default: false },
  threads: { kind: "number", range: RANGES.threads },
};

export const DEFAULT_PRETRAIN_EPOCHS = 3;

export function readPretrainConfigFields(raw: unknown, source: string): Partial<PretrainConfig> {
  return readConfigFields(PRETRAIN_CONFIG_FIELDS, raw, source);
}

export function parsePretrainConfig(raw: unknown, source: string): PretrainConfig {
  return parseConfig(PRETRAIN_CONFIG_FIELDS, raw, source);
}
