import { copyFileSync, existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Checkpoint } from "../checkpoint/Checkpoint.ts";
import type { WeightTensor } from "../checkpoint/WeightTensor.ts";
import { type Int8Tensor, writeSafetensors } from "../checkpoint/writeSafetensors.ts";
import { TOKENIZER_FILES } from "../training/saveFolders.ts";
import { QUANTIZED_LINEAR, quantizePerChannel, scaleName } from "./int8Weights.ts";
import { QUANTIZATION_KEY, type QuantizationInfo } from "./quantizationInfo.ts";

/** The config.json of a quantized folder: the source's, with `prognos_quantization` (docs/quantization.md). */
export function quantizedConfig(source: Checkpoint, info: QuantizationInfo): Record<string, unknown> {
  return { ...source.config.toJSON(), [QUANTIZATION_KEY]: info };
}

/**
 * Writes `source` quantized into the (empty) folder `dir`: config.json with `prognos_quantization`, model.safetensors
 * with each encoder Linear weight (QUANTIZED_LINEAR) as I8 [out, in] under its `bert.` name plus F32 [out]
 * `<name>_scale`, every other weight F32 as it was, the head's weights, the tokenizer files and run.json.
 */
export async function writeQuantizedFolder(dir: string, source: Checkpoint, info: QuantizationInfo): Promise<void> {
  const tensors: Array<[string, WeightTensor | Int8Tensor]> = [];
  for (const [name, w] of source.weights) {
    if (!QUANTIZED_LINEAR.test(name)) {
      tensors.push([`bert.${name}`, w]);
      continue;
    }
    const [out, inFeatures] = w.shape as [number, number];
    const q = w.int8 ?? quantizePerChannel(w.data, out, inFeatures);
    tensors.push([`bert.${name}`, { shape: [out, inFeatures], int8Values: q.values }]);
    tensors.push([scaleName(`bert.${name}`), { shape: [out], data: q.scales }]);
  }
  for (const [name, w] of source.headWeights) tensors.push([name, w]);
  await writeSafetensors(join(dir, "model.safetensors"), tensors, { metadata: { format: "pt" } });
  writeFileSync(join(dir, "config.json"), `${JSON.stringify(quantizedConfig(source, info), null, 2)}\n`);
  for (const f of [...TOKENIZER_FILES, "run.json"]) {
    if (existsSync(join(source.dir, f))) copyFileSync(join(source.dir, f), join(dir, f));
  }
}
