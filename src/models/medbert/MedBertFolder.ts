import { existsSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SafetensorsFile } from "../../checkpoint/SafetensorsFile.ts";
import type { WeightTensor } from "../../checkpoint/WeightTensor.ts";
import { serializeSafetensors } from "../../checkpoint/writeSafetensors.ts";
import { CodeVocabulary } from "../../tokenizer/CodeVocabulary.ts";
import { PrognosError } from "../../util/errors.ts";
import { writing } from "../../util/writeError.ts";
import { type MedBertConfig, medbertConfigJson, readMedBertConfig } from "./MedBertConfig.ts";
import { medbertEncoderShapes, medbertHeadShapes } from "./medbertWeights.ts";

/** The files of a Med-BERT folder (Hugging Face layout: config.json, model.safetensors, and the code vocabulary). */
export const MEDBERT_FILES = { config: "config.json", weights: "model.safetensors", vocab: "vocab.json" } as const;
/** Encoder weights are stored under this prefix (as `bert.` in BertForPreTraining); heads keep `cls.`. */
export const ENCODER_PREFIX = "medbert.";

/** A Med-BERT folder in memory: config, encoder weights (names without the prefix), head weights, vocabulary. */
export interface MedBertModelFiles {
  dir: string;
  config: MedBertConfig;
  encoder: Map<string, WeightTensor>;
  /** `cls.predictions.*` and `cls.plos.*` when the folder has the pre-training heads; else empty. */
  heads: Map<string, WeightTensor>;
  vocab: CodeVocabulary;
}

/**
 * Writes a Med-BERT folder into `dir` (which must exist): config.json (model_type "prognos-medbert"),
 * model.safetensors (`medbert.`-prefixed encoder, `cls.*` heads, F32) and vocab.json (the code vocabulary; a
 * code's id is its row in the embeddings). `weights` holds encoder and head tensors by their unprefixed names.
 */
export function writeMedBertFolder(
  dir: string,
  config: MedBertConfig,
  weights: ReadonlyMap<string, WeightTensor>,
  vocab: CodeVocabulary,
): void {
  if (vocab.size !== config.arch.vocabSize)
    throw new Error(`vocabulary of ${vocab.size} codes for a model of vocab_size ${config.arch.vocabSize}`);
  const encoder = medbertEncoderShapes(config.arch);
  const named: [string, WeightTensor][] = [];
  for (const [name, w] of weights) named.push([encoder.has(name) ? `${ENCODER_PREFIX}${name}` : name, w]);
  writing(dir, () => {
    writeFileSync(join(dir, MEDBERT_FILES.config), `${JSON.stringify(medbertConfigJson(config), null, 2)}\n`);
    writeFileSync(
      join(dir, MEDBERT_FILES.weights),
      serializeSafetensors(named, { metadata: { format: "pt", model_type: "prognos-medbert" } }),
    );
  });
  vocab.write(join(dir, MEDBERT_FILES.vocab));
}

/**
 * Reads a Med-BERT folder: config.json (checked), vocab.json (its size must be vocab_size), model.safetensors
 * (every encoder weight present with its shape; the pre-training heads all present or all absent; no other
 * tensor). Every problem is one PrognosError naming the file.
 */
export async function readMedBertFolder(dir: string): Promise<MedBertModelFiles> {
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new PrognosError("Med-BERT model folder not found", { file: dir });
  for (const f of Object.values(MEDBERT_FILES))
    if (!existsSync(join(dir, f)))
      throw new PrognosError(`no ${f} in the Med-BERT folder (written by \`prognos ehr pretrain\`)`, { file: dir });
  const config = readMedBertConfig(join(dir, MEDBERT_FILES.config));
  const vocabPath = join(dir, MEDBERT_FILES.vocab);
  const vocab = CodeVocabulary.read(vocabPath);
  if (vocab.size !== config.arch.vocabSize)
    throw new PrognosError(
      `${vocab.size} codes, but config.json says vocab_size ${config.arch.vocabSize}: the vocabulary belongs to another model`,
      { file: vocabPath },
    );
  const path = join(dir, MEDBERT_FILES.weights);
  const file = await SafetensorsFile.open(path);
  try {
    const encoderShapes = medbertEncoderShapes(config.arch);
    const headShapes = medbertHeadShapes(config.arch);
    const encoder = new Map<string, WeightTensor>();
    const heads = new Map<string, WeightTensor>();
    for (const [stored, t] of file.tensors) {
      const name = stored.startsWith(ENCODER_PREFIX) ? stored.slice(ENCODER_PREFIX.length) : stored;
      const expected = stored.startsWith(ENCODER_PREFIX) ? encoderShapes.get(name) : headShapes.get(name);
      if (!expected) throw new PrognosError(`unexpected tensor "${stored}" (not a Med-BERT weight)`, { file: path });
      if (t.shape.length !== expected.length || t.shape.some((d, i) => d !== expected[i]))
        throw new PrognosError(
          `tensor "${stored}" has shape [${t.shape.join(", ")}], config.json implies [${expected.join(", ")}]`,
          { file: path },
        );
      (stored.startsWith(ENCODER_PREFIX) ? encoder : heads).set(name, await t.read());
    }
    const missing = [...encoderShapes.keys()].filter((n) => !encoder.has(n));
    if (missing.length > 0)
      throw new PrognosError(
        `the encoder lacks ${missing.length} weight(s) (e.g. ${missing
          .slice(0, 3)
          .map((n) => ENCODER_PREFIX + n)
          .join(", ")})`,
        { file: path },
      );
    if (heads.size > 0 && heads.size !== headShapes.size) {
      const lacking = [...headShapes.keys()].filter((n) => !heads.has(n));
      throw new PrognosError(`incomplete pre-training heads: no ${lacking.join(", ")}`, { file: path });
    }
    return { dir, config, encoder, heads, vocab };
  } finally {
    await file.close();
  }
}
