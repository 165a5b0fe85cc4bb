import type { ScheduleName } from "../../nn/lrSchedule.ts";

/**
 * Every option of `prognos ner train` (docs/ner.md#train), saved as run.json; its JSON less `threads`, `epochs` is
 * the key --resume compares.
 */
export interface NerTrainConfig {
  /** An i2b2 2010 folder with train/ and val/ (as `synth i2b2` writes it). */
  data: string;
  /** A BERT folder (`init-model`, or any Hugging Face BERT). */
  model: string;
  out: string;
  seed: number;
  lr: number;
  schedule: ScheduleName;
  warmupSteps: number;
  weightDecay: number;
  epochs: number;
  /** Windows (encoder rows) per optimizer step. */
  batchSize: number;
  /** Windows per ONNX Runtime call; smaller than batchSize accumulates gradients. Default min(batchSize, 16). */
  microBatchSize?: number;
  /** Longest encoder row, [CLS]/[SEP] included: longer sentences are cut into windows between words. */
  maxLength: number;
  maxGradNorm: number;
  /** Dropout everywhere (default: the model's hidden_dropout_prob / attention_probs_dropout_prob). */
  dropout?: number;
  /** Epochs without a better val micro F1 before stopping. */
  patience: number;
  threads?: number;
}

export const NER_TRAIN_DEFAULTS = {
  seed: 42,
  lr: 5e-5,
  schedule: "linear",
  warmupSteps: 0,
  weightDecay: 0.01,
  epochs: 3,
  batchSize: 16,
  maxLength: 128,
  maxGradNorm: 1,
  patience: 3,
} as const;

/** The fingerprint --resume compares (options that do not change the weights are left out). */
export function nerConfigKey(c: NerTrainConfig): string {
  const { threads: _t, epochs: _e, ...rest } = c;
  return JSON.stringify(Object.fromEntries(Object.entries(rest).sort(([a], [b]) => (a < b ? -1 : 1))));
}
