import { dequantizePerChannel, scaleName } from "../quantization/int8Weights.ts";
import { PrognosError } from "../util/errors.ts";
import type { StoredTensor, TensorFile } from "./TensorFile.ts";
import { formatShape, type WeightTensor } from "./WeightTensor.ts";

/**
 * The tensors of a quantized folder's weight file as BertModel's weights: each int8 weight's `<name>_scale` is
 * taken out (it belongs to the weight, not to the model), so that planning sees HF's names only
 * (docs/quantization.md).
 */
export function withoutScales(tensors: ReadonlyMap<string, StoredTensor>): Map<string, StoredTensor> {
  const out = new Map(tensors);
  for (const [name, t] of tensors) if (t.dtype === "I8") out.delete(scaleName(name));
  return out;
}

/**
 * Reads one weight of a quantized folder: an I8 [out, in] tensor with its F32 [out] `<name>_scale` comes back with
 * its int8 form and, as `data`, its dequantized float32 values; any other tensor is read as usual.
 */
export async function readQuantizedTensor(file: TensorFile, name: string): Promise<WeightTensor> {
  const stored = file.tensors.get(name)!;
  if (stored.dtype !== "I8") return stored.read();
  const fail = (why: string) => new PrognosError(`int8 tensor "${name}": ${why}`, { file: file.file });
  const scale = file.tensors.get(scaleName(name));
  if (stored.shape.length !== 2 || !stored.readBytes) throw fail(`a 2-D int8 weight in a safetensors file is needed`);
  const [out, inFeatures] = stored.shape as [number, number];
  if (scale?.dtype !== "F32" || scale.shape.length !== 1 || scale.shape[0] !== out) {
    throw fail(
      `its scales "${scaleName(name)}" must be an F32 tensor of shape [${out}]${scale ? `, found ${scale.dtype} ${formatShape(scale.shape)}` : ", found none"}`,
    );
  }
  const bytes = await stored.readBytes();
  const values = new Int8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const scales = (await scale.read()).data;
  const int8 = { values, scales };
  return { shape: [out, inFeatures], data: dequantizePerChannel(int8, inFeatures), int8 };
}
