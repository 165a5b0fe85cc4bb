import type { DType } from "./DType.ts";
import type { WeightTensor } from "./WeightTensor.ts";

/** One tensor of a weight file, known from the file's header; its values are read on demand. */
export interface StoredTensor {
  readonly dtype: DType;
  readonly shape: readonly number[];
  /**
   * Reads the values and converts them to float32 (F32, F16, BF16, F64). Integer and boolean tensors are not
   * weights: reading one throws a PrognosError naming the file and the tensor.
   */
  read(): Promise<WeightTensor>;
  /** The stored bytes, unconverted (safetensors only): how a quantized folder's int8 weights are read. */
  readBytes?(): Promise<Uint8Array>;
}

/** An open weight file (model.safetensors, pytorch_model.bin, or a sharded set): its tensors by name. */
export interface TensorFile {
  /** The path (or name) of the file, for messages. */
  readonly file: string;
  readonly format: "safetensors" | "pytorch";
  /** Tensors in file order. */
  readonly tensors: ReadonlyMap<string, StoredTensor>;
  /** safetensors `__metadata__` (string → string); empty for pytorch files. */
  readonly metadata: Readonly<Record<string, string>>;
  close(): Promise<void>;
}
