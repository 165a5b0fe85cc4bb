/**
 * Typed functions over registered primitives, so model code reads like the math:
 * `T.add(T.matMul(x, w), b)`. Every function checks shapes at build time through the op registry.
 */
import "./ops/index.ts";
import { type Graph, scalarData } from "./Graph.ts";
import { ONNX_DTYPE } from "./onnxTypes.ts";
import type { DType, Shape } from "./types.ts";
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

export const abs = unary("Abs");
export const sign = unary("Sign");
export const softplus = unary("Softplus");
export const max = binary("Max");
export const min = binary("Min");
export const greater = binary("Greater");
export const less = binary("Less");
export const equal = binary("Equal");
export const logSoftmax = (x: Value, axis = -1) => x.graph.apply1("LogSoftmax", [x], { axis });
export const reduceSum = (x: Value, axes: number[], keepdims = true) =>
  x.graph.apply1("ReduceSum", [x], { axes, keepdims: keepdims ? 1 : 0 });
export const reduceMean = (x: Value, axes: number[], keepdims = true) =>
  x.graph.apply1("ReduceMean", [x], { axes, keepdims: keepdims ? 1 : 0 });
export const reduceMax = (x: Value, axes: number[], keepdims = true) =>
  x.graph.apply1("ReduceMax", [x], { axes, keepdims: keepdims ? 1 : 0 });
export const concat = (xs: Value[], axis: number) => xs[0]!.graph.apply1("Concat", xs, { axis });
/** The run-time shape of x as an int64 [rank] tensor. */
export const shapeOf = (x: Value) => x.graph.apply1("Shape", [x]);

/** A tensor of zeros (or `value`) with x's run-time shape and dtype. */
export function fullLike(x: Value, value = 0): Value {
  const g = x.graph;
  const v = scalarData(value, x.dtype);
  return g.apply1("ConstantOfShape", [shapeOf(x)], { value: { ...v, shape: [1] }, _shape: x.shape });
}

/** Zeros of a fully known shape, without storing them in the model (ConstantOfShape on a tiny shape constant). */
export function zeros(g: Graph, shape: number[], dtype: DType): Value {
  const s = g.constant({ dtype: "int64", shape: [shape.length], data: BigInt64Array.from(shape, BigInt) }, "shape");
  const v = scalarData(0, dtype);
  return g.apply1("ConstantOfShape", [s], { value: { ...v, shape: [1] }, _shape: shape });
}

/** data with the rows at (unique) indices replaced by updates (ScatterND, reduction "none"). */
export const scatterND = (data: Value, indices: Value, updates: Value) =>
  data.graph.apply1("ScatterND", [data, indices, updates], { reduction: "none" });

/** data plus updates added at unique indices (ScatterND, reduction "add"; each row is touched once). */
export const scatterNDAddUnique = (data: Value, indices: Value, updates: Value) =>
  data.graph.apply1("ScatterND", [data, indices, updates], { reduction: "add" });

/**
 * The distinct values of a 1-D tensor, sorted (their count is the fresh symbolic dim `dim`), and for each element
 * of x the position of its value among them.
 */
export function unique(x: Value, dim: string): { values: Value; inverse: Value } {
  const [values, , inverse] = x.graph.apply("Unique", [x], { sorted: 1, _dim: dim });
  return { values: values!, inverse: inverse! };
}

/** Zeros of shape [n, ...rest] for a 1-D `like` of run-time length n. */
export function zerosRowsLike(like: Value, rest: number[], dtype: DType): Value {
  const g = like.graph;
  if (like.rank !== 1) throw new Error(`zerosRowsLike: expected a 1-D value, got ${like.toString()}`);
  const tail = g.constant({ dtype: "int64", shape: [rest.length], data: BigInt64Array.from(rest, BigInt) }, "shape");
  const shape = concat([shapeOf(like), tail], 0);
  return g.apply1("ConstantOfShape", [shape], {
    value: { ...scalarData(0, dtype), shape: [1] },
    _shape: [like.shape[0]!, ...rest],
  });
}

/** Zero-pads x with a run-time pads tensor to a result whose symbolic shape is `shape`. */
export const pad = (x: Value, pads: Value, shape: Shape) =>
  x.graph.apply1("Pad", [x, pads], { mode: "constant", _shape: shape });

/** Broadcasts x to the run-time shape of `like`. */
export const expandAs = (x: Value, like: Value) => x.graph.apply1("Expand", [x, shapeOf(like)], { _shape: like.shape });
export const gatherElements = (data: Value, indices: Value, axis: number) =>
  data.graph.apply1("GatherElements", [data, indices], { axis });
/** Reshapes x to the run-time shape of `like`. */
export const reshapeAs = (x: Value, like: Value) =>
  x.graph.apply1("ReshapeDynamic", [x, shapeOf(like)], { _shape: like.shape });
