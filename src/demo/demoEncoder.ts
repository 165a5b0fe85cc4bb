import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { SafetensorsFile } from "../checkpoint/SafetensorsFile.ts";
import { PrognosError } from "../util/errors.ts";
import { readJsonObject } from "../util/readJsonFile.ts";

/**
 * The encoder that ships with Prognos and that `prognos demo` fine-tunes: a 2-layer, hidden-128 BERT pre-trained by
 * the CORe ablation's best arm on a synthetic hospital of other patients (data/models/prognos-core-small/README.md,
 * its model card; docs/benchmarks.md, "CORe ablation"). Synthetic data only: no clinical validity.
 */
export const DEMO_ENCODER_DIR = fileURLToPath(new URL("../../data/models/prognos-core-small/", import.meta.url));

/** What summary.json records of the encoder the demo fine-tuned. */
export interface EncoderSummary {
  dir: string;
  /** The model card (README.md in the folder), when there is one. */
  card: string | null;
  layers: number;
  hidden: number;
  heads: number;
  intermediate: number;
  positions: number;
  vocabulary: number;
  /** Every tensor in model.safetensors, the pre-training heads included. */
  parameters: number;
  /** The folder's run.json (how `prognos pretrain` made it: objective, corpus, steps), when there is one. */
  pretraining: Record<string, unknown> | null;
}

interface BertConfigJson {
  hidden_size?: number;
  num_hidden_layers?: number;
  num_attention_heads?: number;
  intermediate_size?: number;
  max_position_embeddings?: number;
  vocab_size?: number;
}

/** Reads an encoder folder's config.json, run.json and safetensors header (no weights) for the demo's summary. */
export async function describeEncoder(dir: string): Promise<EncoderSummary> {
  const configFile = join(dir, "config.json");
  const weightsFile = join(dir, "model.safetensors");
  for (const f of [configFile, weightsFile])
    if (!existsSync(f)) throw new PrognosError(`${f}: not found (the demo's encoder folder must hold it)`);
  const c = readJsonObject(configFile) as BertConfigJson;
  const weights = await SafetensorsFile.open(weightsFile);
  let parameters = 0;
  for (const t of weights.tensors.values()) parameters += t.shape.reduce((a, b) => a * b, 1);
  await weights.close();
  const need = (k: keyof BertConfigJson) => {
    const v = c[k];
    if (typeof v !== "number") throw new PrognosError(`${configFile}: "${k}" is missing or not a number`);
    return v;
  };
  const card = join(dir, "README.md");
  const runFile = join(dir, "run.json");
  return {
    dir,
    card: existsSync(card) ? card : null,
    layers: need("num_hidden_layers"),
    hidden: need("hidden_size"),
    heads: need("num_attention_heads"),
    intermediate: need("intermediate_size"),
    positions: need("max_position_embeddings"),
    vocabulary: need("vocab_size"),
    parameters,
    pretraining: existsSync(runFile) ? readJsonObject(runFile) : null,
  };
}
