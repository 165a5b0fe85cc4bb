/** Element types the graph builder knows, named as in typed-array land; mapped to ONNX enums in onnxTypes.ts. */
export type DType = "float32" | "float64" | "float16" | "int64" | "int32" | "int8" | "uint8" | "bool";

/** A dimension: a number when known at build time, a symbol (e.g. "batch", "seq") when it varies per run. */
export type Dim = number | string;
export type Shape = readonly Dim[];

export type TypedArray =
  | Float32Array
  | Float64Array
  | BigInt64Array
  | Int32Array
  | Int8Array
  | Uint8Array
  | Uint16Array;

/** A concrete tensor: the data of an initializer (weights, constants). Row-major, like ONNX and PyTorch. */
export interface TensorData {
  dtype: DType;
  shape: number[];
  data: TypedArray;
}

/** Attribute values as model code writes them; each op declares the kind of each attribute. */
export type AttrValue = number | string | readonly number[] | readonly string[] | TensorData | readonly Dim[];
/** "ir" attributes live only in Prognos' IR (e.g. the known output shape of a dynamic op) and are not emitted. */
export type AttrKind = "int" | "float" | "string" | "ints" | "floats" | "strings" | "tensor" | "ir";
export type Attrs = Record<string, AttrValue>;

/** Thrown when model code builds an ill-shaped graph: a bug in model code, reported with the op and shapes. */
export class GraphError extends Error {
  override name = "GraphError";
}

export function formatShape(shape: Shape): string {
  return `[${shape.join(", ")}]`;
}
