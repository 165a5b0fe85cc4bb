import { PrognosError } from "../../util/errors.ts";
import { isObject, readJsonObject } from "../../util/readJsonFile.ts";
import type { ActivationName } from "../layers/activations.ts";
import type { TransformerShape } from "../layers/transformerLayers.ts";

/** config.json's `model_type` of a Prognos Med-BERT folder (a Hugging Face `bert` folder is something else). */
export const MEDBERT_MODEL_TYPE = "prognos-medbert";

/** The shape of a Med-BERT encoder (docs/medbert-method.md#model). */
export interface MedBertArchitecture extends TransformerShape {
  /** Codes in the vocabulary, [PAD] [UNK] [MASK] included. */
  vocabSize: number;
  /** Serialization (position) embeddings: the longest sequence of codes the model takes. */
  maxPositions: number;
  /** Visit embeddings: visits are numbered 0…maxVisits − 1 within a sequence. */
  maxVisits: number;
}

/** The paper's encoder: 6 layers, hidden 192, 6 heads, intermediate 64, GELU, 512 positions. */
export const MEDBERT_DEFAULTS = {
  hiddenSize: 192,
  numLayers: 6,
  numHeads: 6,
  intermediateSize: 64,
  hiddenAct: "gelu" as ActivationName,
  layerNormEps: 1e-12,
  maxPositions: 512,
  maxVisits: 512,
  hiddenDropout: 0.1,
  attentionDropout: 0.1,
} as const;

/** A Med-BERT folder's config.json, read and checked. */
export interface MedBertConfig {
  arch: MedBertArchitecture;
  hiddenDropout: number;
  attentionDropout: number;
  /** Every other field (architectures, the pre-training record…), kept for writing back. */
  extra: Record<string, unknown>;
}

const FIELDS: Array<[keyof MedBertArchitecture, string]> = [
  ["vocabSize", "vocab_size"],
  ["hiddenSize", "hidden_size"],
  ["numLayers", "num_hidden_layers"],
  ["numHeads", "num_attention_heads"],
  ["intermediateSize", "intermediate_size"],
  ["maxPositions", "max_position_embeddings"],
  ["maxVisits", "max_visit_embeddings"],
];
const ACTIVATIONS: readonly ActivationName[] = ["gelu", "gelu_new", "relu"];

/** Throws a PrognosError naming the field when the architecture cannot be built. */
export function checkMedBertArchitecture(a: MedBertArchitecture, where = "Med-BERT config"): void {
  for (const [key, name] of FIELDS) {
    const v = a[key];
    if (!Number.isInteger(v) || (v as number) < 1)
      throw new PrognosError(`${where}: "${name}" must be a positive integer, got ${v}`);
  }
  if (a.hiddenSize % a.numHeads !== 0)
    throw new PrognosError(
      `${where}: hidden size (${a.hiddenSize}) is not a multiple of the number of attention heads (${a.numHeads})`,
    );
  if (a.vocabSize < 4)
    throw new PrognosError(`${where}: "vocab_size" ${a.vocabSize} has no code beyond [PAD] [UNK] [MASK]`);
  if (!ACTIVATIONS.includes(a.hiddenAct))
    throw new PrognosError(
      `${where}: "hidden_act" ${JSON.stringify(a.hiddenAct)} is not one of ${ACTIVATIONS.join(", ")}`,
    );
  if (!(a.layerNormEps > 0))
    throw new PrognosError(`${where}: "layer_norm_eps" must be positive, got ${a.layerNormEps}`);
}

/** config.json for a Med-BERT folder: Hugging Face's BERT field names, plus `max_visit_embeddings`. */
export function medbertConfigJson(c: MedBertConfig): Record<string, unknown> {
  const a = c.arch;
  return {
    ...c.extra,
    model_type: MEDBERT_MODEL_TYPE,
    vocab_size: a.vocabSize,
    hidden_size: a.hiddenSize,
    num_hidden_layers: a.numLayers,
    num_attention_heads: a.numHeads,
    intermediate_size: a.intermediateSize,
    hidden_act: a.hiddenAct,
    max_position_embeddings: a.maxPositions,
    max_visit_embeddings: a.maxVisits,
    layer_norm_eps: a.layerNormEps,
    hidden_dropout_prob: c.hiddenDropout,
    attention_probs_dropout_prob: c.attentionDropout,
    pad_token_id: 0,
    unk_token_id: 1,
    mask_token_id: 2,
    pooling: "mean",
  };
}

const OWN = new Set([
  "model_type",
  ...FIELDS.map(([, n]) => n),
  "hidden_act",
  "layer_norm_eps",
  "hidden_dropout_prob",
  "attention_probs_dropout_prob",
  "pad_token_id",
  "unk_token_id",
  "mask_token_id",
  "pooling",
]);

/** Parses a config.json object; every problem names `file` and the field. */
export function parseMedBertConfig(raw: unknown, file: string): MedBertConfig {
  if (!isObject(raw)) throw new PrognosError("malformed config.json: expected a JSON object", { file });
  if (raw.model_type !== MEDBERT_MODEL_TYPE) {
    throw new PrognosError(
      `config.json "model_type" is ${JSON.stringify(raw.model_type ?? null)}, not "${MEDBERT_MODEL_TYPE}": not a Med-BERT folder written by \`prognos ehr pretrain\``,
      { file },
    );
  }
  const num = (name: string, fallback?: number): number => {
    const v = raw[name] ?? fallback;
    if (typeof v !== "number")
      throw new PrognosError(`config.json "${name}" must be a number, got ${JSON.stringify(v ?? null)}`, { file });
    return v;
  };
  const arch = Object.fromEntries(FIELDS.map(([key, name]) => [key, num(name)])) as unknown as MedBertArchitecture;
  arch.hiddenAct = (raw.hidden_act ?? "gelu") as ActivationName;
  arch.layerNormEps = num("layer_norm_eps", 1e-12);
  checkMedBertArchitecture(arch, `${file}`);
  for (const [name, id] of [
    ["pad_token_id", 0],
    ["unk_token_id", 1],
    ["mask_token_id", 2],
  ] as const) {
    if (raw[name] !== undefined && raw[name] !== id)
      throw new PrognosError(
        `config.json "${name}" must be ${id} (the code vocabulary's layout), got ${JSON.stringify(raw[name])}`,
        { file },
      );
  }
  if (raw.pooling !== undefined && raw.pooling !== "mean")
    throw new PrognosError(`config.json "pooling" must be "mean", got ${JSON.stringify(raw.pooling)}`, { file });
  const dropout = (name: string) => {
    const v = num(name, MEDBERT_DEFAULTS.hiddenDropout);
    if (v < 0 || v >= 1) throw new PrognosError(`config.json "${name}" must be in [0, 1), got ${v}`, { file });
    return v;
  };
  const extra = Object.fromEntries(Object.entries(raw).filter(([k]) => !OWN.has(k)));
  return {
    arch,
    hiddenDropout: dropout("hidden_dropout_prob"),
    attentionDropout: dropout("attention_probs_dropout_prob"),
    extra,
  };
}

/** Reads and checks `<dir>/config.json`. */
export function readMedBertConfig(path: string): MedBertConfig {
  return parseMedBertConfig(readJsonObject(path, "config.json"), path);
}
