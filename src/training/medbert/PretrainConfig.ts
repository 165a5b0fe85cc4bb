import { MEDBERT_DEFAULTS } from "../../models/medbert/MedBertConfig.ts";
import { PrognosError } from "../../util/errors.ts";
import type { MaskMode } from "./maskCodes.ts";

/**
 * Every option of `prognos ehr pretrain` (docs/medbert.md#pretraining). Saved as run.json beside the model; its
 * JSON (less `threads`) is the key `--resume` compares, so a resumed run is the same run.
 */
export interface PretrainConfig {
  /** Cohort folders written by `prognos ehr build` (usually `--cohort pretrain`): their train split trains. */
  data: string[];
  out: string;
  seed: number;
  /** Peak learning rate (the reference: 5e-5 on 28M patients; see docs for why the default is higher). */
  lr: number;
  weightDecay: number;
  /** Linear warm-up steps; default 10% of the steps (the reference's 10,000 exceed a small run). */
  warmupSteps?: number;
  epochs: number;
  maxSteps?: number;
  batchSize: number;
  mask: MaskMode;
  /** mask "rate": the share of codes chosen (BERT: 0.15). */
  maskRate: number;
  hiddenSize: number;
  layers: number;
  heads: number;
  intermediateSize: number;
  /** Serialization positions: the longest sequence the model will take (the paper: 512). */
  maxPositions: number;
  dropout: number;
  maxGradNorm: number;
  /** Vocabulary: codes with at least this many occurrences in the data's train splits. */
  minCount: number;
  /** Evaluate on the data's val split every N steps (default: once per epoch). */
  evalEvery?: number;
  saveEvery: number;
  threads?: number;
}

export const PRETRAIN_DEFAULTS = {
  seed: 42,
  lr: 5e-4,
  weightDecay: 0.01,
  epochs: 10,
  batchSize: 32,
  mask: "one" as MaskMode,
  maskRate: 0.15,
  hiddenSize: MEDBERT_DEFAULTS.hiddenSize,
  layers: MEDBERT_DEFAULTS.numLayers,
  heads: MEDBERT_DEFAULTS.numHeads,
  intermediateSize: MEDBERT_DEFAULTS.intermediateSize,
  maxPositions: MEDBERT_DEFAULTS.maxPositions,
  dropout: MEDBERT_DEFAULTS.hiddenDropout,
  maxGradNorm: 1,
  minCount: 1,
  saveEvery: 100,
} as const;

/** A complete config from the given fields and the defaults, checked. */
export function pretrainConfig(fields: Partial<PretrainConfig> & Pick<PretrainConfig, "data" | "out">): PretrainConfig {
  const c = {
    ...PRETRAIN_DEFAULTS,
    ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)),
  } as PretrainConfig;
  if (c.data.length === 0) throw new PrognosError("--data: give at least one cohort folder");
  if (c.hiddenSize % c.heads !== 0)
    throw new PrognosError(`--hidden-size ${c.hiddenSize} is not a multiple of --heads ${c.heads}`);
  if (c.mask === "rate" && !(c.maskRate > 0 && c.maskRate < 1))
    throw new PrognosError(`--mask-rate must be in (0, 1), got ${c.maskRate}`);
  return c;
}

/** The key --resume compares: every option that changes the run, in a fixed order. */
export function pretrainConfigKey(c: PretrainConfig): string {
  const { threads: _threads, ...rest } = c;
  return JSON.stringify(Object.fromEntries(Object.entries(rest).sort(([a], [b]) => (a < b ? -1 : 1))));
}
