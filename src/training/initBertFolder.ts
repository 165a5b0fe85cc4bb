import { copyFileSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BertConfig, type BertConfigArgs } from "../checkpoint/BertConfig.ts";
import type { WeightTensor } from "../checkpoint/WeightTensor.ts";
import { serializeSafetensors } from "../checkpoint/writeSafetensors.ts";
import { architectureOf } from "../models/bert/BertEncoderModel.ts";
import { randomBertWeights } from "../models/bert/randomBertWeights.ts";
import { SeededRandom } from "../util/SeededRandom.ts";

/**
 * Writes a new, randomly initialised BERT as a Hugging Face `BertForMaskedLM` folder (config.json,
 * model.safetensors with the MLM head, the tokenizer files copied from `tokenizerDir`): the starting point of
 * pre-training from scratch. Initialisation as HF: N(0, 0.02) weights, zero biases, LayerNorm 1/0, seeded.
 */
export function initBertFolder(dir: string, args: BertConfigArgs, tokenizerDir: string, seed: number): void {
  const config = BertConfig.create({
    ...args,
    architectures: ["BertForMaskedLM"],
    initializer_range: 0.02,
    pad_token_id: 0,
  });
  const arch = architectureOf(config);
  const weights = randomBertWeights(arch, seed);
  const H = arch.hiddenSize;
  const rng = SeededRandom.from(seed, "mlm-head");
  const tensors: [string, WeightTensor][] = [...weights].map(([n, w]) => [`bert.${n}`, w]);
  tensors.push(
    [
      "cls.predictions.transform.dense.weight",
      { shape: [H, H], data: Float32Array.from({ length: H * H }, () => rng.normal(0, 0.02)) },
    ],
    ["cls.predictions.transform.dense.bias", { shape: [H], data: new Float32Array(H) }],
    ["cls.predictions.transform.LayerNorm.weight", { shape: [H], data: new Float32Array(H).fill(1) }],
    ["cls.predictions.transform.LayerNorm.bias", { shape: [H], data: new Float32Array(H) }],
    ["cls.predictions.bias", { shape: [arch.vocabSize], data: new Float32Array(arch.vocabSize) }],
  );
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "config.json"), `${JSON.stringify(config.toJSON(), null, 2)}\n`);
  writeFileSync(join(dir, "model.safetensors"), serializeSafetensors(tensors, { metadata: { format: "pt" } }));
  for (const f of ["vocab.txt", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json"]) {
    if (existsSync(join(tokenizerDir, f))) copyFileSync(join(tokenizerDir, f), join(dir, f));
  }
}
