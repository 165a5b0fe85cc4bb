import type { Int8Weight } from "../quantization/int8Weights.ts";

/**
 * A weight as the model code consumes it: float32 values in row-major (C) order.
 * `data` may share memory with the file it was read from; treat it as read-only.
 */
export interface WeightTensor {
  shape: number[];
  data: Float32Array;
  /** A quantized folder's int8 Linear weight; `data` then holds its dequantized values (docs/quantization.md). */
  int8?: Int8Weight;
}

/** Number of elements of a shape (1 for a scalar `[]`). */
export function numel(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** `[768, 3072]` → "[768, 3072]", for error messages. */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(", ")}]`;
}
