import * as ort from "onnxruntime-node";
import type { DType, TensorData } from "../graph/types.ts";

const ORT_TYPE: Partial<Record<DType, ort.Tensor.Type>> = {
  float32: "float32",
  float64: "float64",
  int64: "int64",
  int32: "int32",
  int8: "int8",
  uint8: "uint8",
  bool: "bool",
  float16: "float16",
};

/** Wraps a TensorData as an ONNX Runtime tensor without copying. */
export function toOrt(t: TensorData): ort.Tensor {
  const type = ORT_TYPE[t.dtype];
  if (!type) throw new Error(`no ONNX Runtime tensor type for ${t.dtype}`);
  return new ort.Tensor(type, t.data as ort.Tensor.DataType, t.shape);
}

/**
 * An ONNX Runtime CPU output as TensorData, without copying: onnxruntime-node hands each output back in a fresh
 * JS buffer that nothing else references (a training step's new parameters are hundreds of MB; copying them
 * again would cost as much as a matmul).
 */
export function fromOrt(t: ort.Tensor): TensorData {
  const shape = [...t.dims];
  switch (t.type) {
    case "float32":
      return { dtype: "float32", shape, data: t.data as Float32Array };
    case "float64":
      return { dtype: "float64", shape, data: t.data as Float64Array };
    case "int64":
      return { dtype: "int64", shape, data: t.data as BigInt64Array };
    case "int32":
      return { dtype: "int32", shape, data: t.data as Int32Array };
    case "bool":
      return { dtype: "bool", shape, data: t.data as Uint8Array };
    default:
      throw new Error(`unsupported output type ${t.type}`);
  }
}

/** Builds an int64 [rows, cols] tensor from nested JS number arrays (all rows the same length). */
export function int64Matrix(rows: readonly (readonly number[])[]): TensorData {
  const cols = rows[0]?.length ?? 0;
  const data = new BigInt64Array(rows.length * cols);
  rows.forEach((row, i) => {
    if (row.length !== cols) throw new Error(`row ${i} has ${row.length} values, expected ${cols}`);
    row.forEach((v, j) => {
      data[i * cols + j] = BigInt(v);
    });
  });
  return { dtype: "int64", shape: [rows.length, cols], data };
}
