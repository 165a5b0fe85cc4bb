// Public API of the checkpoint module: Hugging Face BERT folders (config.json, model.safetensors,
// pytorch_model.bin) read safely. This file only re-exports.
export { type BertActivation, BertConfig, type BertConfigArgs } from "./BertConfig.ts";
export { bertHeadShapes, bertWeightShapes } from "./bertWeightShapes.ts";
export { Checkpoint, type CheckpointReport, loadCheckpoint } from "./Checkpoint.ts";
export { type CheckpointFiles, type FileInfo, findCheckpointFiles, type WeightFiles } from "./CheckpointFiles.ts";
export { type CheckpointIdentity, checkpointIdentity, type WeightFileIdentity } from "./checkpointIdentity.ts";
export {
  DTYPE_SIZES,
  type DType,
  decodeToFloat32,
  encodeFloat32,
  FLOAT_DTYPES,
  float32ToFloat16Bits,
} from "./DType.ts";
export { type CheckpointInspection, inspectCheckpoint } from "./inspectCheckpoint.ts";
export { openTensorFile, openWeightFiles } from "./openWeightFiles.ts";
export { PytorchBinFile } from "./PytorchBinFile.ts";
export { type BertWeightPlan, planBertWeights } from "./planBertWeights.ts";
export { SafetensorsFile } from "./SafetensorsFile.ts";
export { MAX_SAFETENSORS_HEADER_BYTES, readSafetensorsHeader, type SafetensorsHeader } from "./SafetensorsHeader.ts";
export { ShardedTensorFile } from "./ShardedTensorFile.ts";
export type { StoredTensor, TensorFile } from "./TensorFile.ts";
export { formatShape, numel, type WeightTensor } from "./WeightTensor.ts";
export { type SafetensorsWriteOptions, serializeSafetensors, writeSafetensors } from "./writeSafetensors.ts";
