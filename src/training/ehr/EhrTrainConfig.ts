import { NEURAL_HEADS } from "../../models/ehr/ehrHeadGraph.ts";
import { PrognosError } from "../../util/errors.ts";

export const EHR_HEADS = ["lr", "rf", ...NEURAL_HEADS] as const;
export type EhrHead = (typeof EHR_HEADS)[number];

/**
 * Every option of `prognos ehr train` (docs/medbert.md#heads), saved as run.json; its JSON less `threads` is the
 * key --resume compares.
 */
export interface EhrTrainConfig {
  cohort: string;
  head: EhrHead;
  out: string;
  /** A Med-BERT folder (`ehr pretrain`): the neural heads read its encoder instead of their own code embeddings. */
  pretrained?: string;
  /** With --pretrained: keep the encoder's weights fixed (train the head only). */
  freeze: boolean;
  seed: number;
  /** Default 1e-3, or 1e-4 when fine-tuning a pre-trained encoder. */
  lr?: number;
  weightDecay: number;
  epochs: number;
  batchSize: number;
  /** Epochs without a better val AUROC before stopping. */
  patience: number;
  /** Learned code embeddings (no --pretrained). */
  embeddingSize: number;
  /** GRU / RETAIN hidden size. */
  rnnSize: number;
  /** Dropout in the head (and the fine-tuned encoder's own rate from its config.json). */
  dropout: number;
  maxGradNorm: number;
  /** Refuse a pre-trained model whose vocabulary misses more than this share of the cohort's codes. */
  maxUnknownRate: number;
  /** rf: trees. */
  trees: number;
  threads?: number;
}

export const EHR_TRAIN_DEFAULTS = {
  freeze: false,
  seed: 42,
  weightDecay: 0.01,
  epochs: 30,
  batchSize: 32,
  patience: 5,
  embeddingSize: 64,
  rnnSize: 64,
  dropout: 0.1,
  maxGradNorm: 1,
  maxUnknownRate: 0.1,
  trees: 200,
} as const;

/** A complete, checked config. */
export function ehrTrainConfig(
  fields: Partial<EhrTrainConfig> & Pick<EhrTrainConfig, "cohort" | "head" | "out">,
): EhrTrainConfig {
  const c = {
    ...EHR_TRAIN_DEFAULTS,
    ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)),
  } as EhrTrainConfig;
  if (!(EHR_HEADS as readonly string[]).includes(c.head))
    throw new PrognosError(`--head: expected one of ${EHR_HEADS.join(", ")}, got '${c.head}'`);
  if (c.freeze && !c.pretrained) throw new PrognosError("--freeze needs --pretrained (there is no encoder to freeze)");
  if (c.pretrained && (c.head === "lr" || c.head === "rf"))
    throw new PrognosError(
      `--pretrained: the ${c.head} baseline reads bag-of-codes, not an encoder; use ffn, gru, bigru or retain`,
    );
  return c;
}

/** The learning rate used: the given one, else 1e-4 when fine-tuning a pre-trained encoder, else 1e-3. */
export function effectiveLr(c: EhrTrainConfig): number {
  return c.lr ?? (c.pretrained && !c.freeze ? 1e-4 : 1e-3);
}
