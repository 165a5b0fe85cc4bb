import type { WeightFiles } from "./CheckpointFiles.ts";
import { PytorchBinFile } from "./PytorchBinFile.ts";
import { SafetensorsFile } from "./SafetensorsFile.ts";
import { ShardedTensorFile } from "./ShardedTensorFile.ts";
import type { TensorFile } from "./TensorFile.ts";

/** Opens one weight file by format: model.safetensors or a torch.save pytorch_model.bin. */
export function openTensorFile(path: string, format: WeightFiles["format"]): Promise<TensorFile> {
  return format === "safetensors" ? SafetensorsFile.open(path) : PytorchBinFile.open(path);
}

/** Opens the weight file (or every shard) of a checkpoint folder as one TensorFile. */
export function openWeightFiles(weights: WeightFiles): Promise<TensorFile> {
  if (!weights.sharded) return openTensorFile(weights.path, weights.format);
  return ShardedTensorFile.open(weights.path, (p) => openTensorFile(p, weights.format));
}
