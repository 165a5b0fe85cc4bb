import { defineOp, type OutputSpec } from "../opRegistry.ts";
import { broadcastShapes } from "../shapes.ts";
import type { DType } from "../types.ts";
import type { Value } from "../Value.ts";

const FLOATS: readonly DType[] = ["float32", "float64", "float16"];

function sameDtype(inputs: readonly Value[]): DType {
  const dtype = inputs[0]!.dtype;
  for (const v of inputs) if (v.dtype !== dtype) throw new Error(`element types differ: ${dtype} vs ${v.dtype}`);
  return dtype;
}

function binary(inputs: readonly Value[]): OutputSpec[] {
  return [{ dtype: sameDtype(inputs), shape: broadcastShapes(inputs[0]!.shape, inputs[1]!.shape) }];
}

function unaryFloat(inputs: readonly Value[]): OutputSpec[] {
  const x = inputs[0]!;
  if (!FLOATS.includes(x.dtype)) throw new Error(`needs a floating-point input, got ${x.dtype}`);
  return [{ dtype: x.dtype, shape: x.shape }];
}

for (const type of ["Add", "Sub", "Mul", "Div", "Pow", "Max", "Min"]) defineOp({ type, arity: 2, infer: binary });

/** Comparisons give bool tensors (used by gradient rules, e.g. ReLU's). */
for (const type of ["Greater", "Less", "Equal"]) {
  defineOp({
    type,
    arity: 2,
    infer: (inputs) => [{ dtype: "bool", shape: broadcastShapes(inputs[0]!.shape, inputs[1]!.shape) }],
  });
}
for (const type of [
  "Erf",
  "Tanh",
  "Relu",
  "Sqrt",
  "Exp",
  "Log",
  "Sigmoid",
  "Neg",
  "Abs",
  "Reciprocal",
  "Sign",
  "Softplus",
]) {
  defineOp({ type, arity: 1, infer: unaryFloat });
}

defineOp({ type: "Identity", arity: 1, infer: ([x]) => [{ dtype: x!.dtype, shape: x!.shape }] });

/** Cast's `to` is the ONNX element-type code (see onnxTypes.ts); `cast()` in ops.ts takes a DType name. */
export const CAST_TARGETS: Record<number, DType> = {
  1: "float32",
  2: "uint8",
  3: "int8",
  6: "int32",
  7: "int64",
  9: "bool",
  10: "float16",
  11: "float64",
};

defineOp({
  type: "Cast",
  arity: 1,
  attrs: { to: "int" },
  infer: ([x], attrs) => {
    const dtype = CAST_TARGETS[attrs.to as number];
    if (!dtype) throw new Error(`unsupported cast target ${String(attrs.to)}`);
    return [{ dtype, shape: x!.shape }];
  },
});

/** Where(condition, x, y): elementwise select with broadcasting. */
defineOp({
  type: "Where",
  arity: 3,
  infer: ([c, x, y]) => {
    if (c!.dtype !== "bool") throw new Error(`condition must be bool, got ${c!.dtype}`);
    return [{ dtype: sameDtype([x!, y!]), shape: broadcastShapes(broadcastShapes(c!.shape, x!.shape), y!.shape) }];
  },
});
