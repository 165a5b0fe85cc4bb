/**
 * Typed functions over registered primitives, so model code reads like the math:
 * `T.add(T.matMul(x, w), b)`. Every function checks shapes at build time through the op registry.
 */
import "./ops/index.ts";
import { ONNX_DTYPE } from "./onnxTypes.ts";
import type { DType } from "./types.ts";
import type { Value } from "./Value.ts";

/** A JS number is turned into a scalar constant of the other operand's type. */
type Operand = Value | number;

function pair(a: Operand, b: Operand): [Value, Value] {
  if (typeof a === "number" && typeof b === "number") throw new Error("at least one operand must be a Value");
  const g = typeof a === "number" ? (b as Value).graph : a.graph;
  const va = typeof a === "number" ? g.scalar(a, (b as Value).dtype) : a;
  const vb = typeof b === "number" ? g.scalar(b, va.dtype) : b;
  return [va, vb];
}

const binary = (type: string) => (a: Operand, b: Operand) => {
  const [va, vb] = pair(a, b);
  return va.graph.apply1(type, [va, vb]);
};
const unary = (type: string) => (x: Value) => x.graph.apply1(type, [x]);

export const add = binary("Add");
export const sub = binary("Sub");
export const mul = binary("Mul");
export const div = binary("Div");
export const pow = binary("Pow");
export const erf = unary("Erf");
export const tanh = unary("Tanh");
export const relu = unary("Relu");
export const sqrt = unary("Sqrt");
export const exp = unary("Exp");
export const log = unary("Log");
export const sigmoid = unary("Sigmoid");
export const neg = unary("Neg");
export const identity = unary("Identity");

export const matMul = (a: Value, b: Value) => a.graph.apply1("MatMul", [a, b]);
export const reshape = (x: Value, shape: number[]) => x.graph.apply1("Reshape", [x], { shape });
export const transpose = (x: Value, perm: number[]) => x.graph.apply1("Transpose", [x], { perm });
export const unsqueeze = (x: Value, axes: number[]) => x.graph.apply1("Unsqueeze", [x], { axes });
export const squeeze = (x: Value, axes: number[]) => x.graph.apply1("Squeeze", [x], { axes });
export const gather = (data: Value, indices: Value, axis = 0) => data.graph.apply1("Gather", [data, indices], { axis });
export const slice = (x: Value, starts: number[], ends: number[], axes: number[]) =>
  x.graph.apply1("Slice", [x], { starts, ends, axes });
export const softmax = (x: Value, axis = -1) => x.graph.apply1("Softmax", [x], { axis });
export const cast = (x: Value, dtype: DType) => x.graph.apply1("Cast", [x], { to: ONNX_DTYPE[dtype] });
export const where = (c: Value, x: Value, y: Value) => c.graph.apply1("Where", [c, x, y]);
export const layerNorm = (x: Value, scale: Value, bias: Value, epsilon: number) =>
  x.graph.apply1("LayerNormalization", [x, scale, bias], { axis: -1, epsilon });
