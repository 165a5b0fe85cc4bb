import { defineOp } from "../opRegistry.ts";
import { broadcastShapes, normAxis } from "../shapes.ts";
import type { Dim, Shape } from "../types.ts";

// Ops whose output shape depends on run-time tensors. Model code passes the symbolic output shape it knows
// as the IR-only attribute `_shape`; it is checked where possible and never emitted.

/** Shape(x): the run-time shape as a 1-D int64 tensor. */
defineOp({ type: "Shape", arity: 1, infer: ([x]) => [{ dtype: "int64", shape: [x!.rank] }] });

/** ConstantOfShape(shape): a tensor of `value` (a one-element TensorData) with the given run-time shape. */
defineOp({
  type: "ConstantOfShape",
  arity: 1,
  attrs: { value: "tensor", _shape: "ir" },
  infer: ([shape], attrs) => {
    const out = attrs._shape as Shape;
    if (shape!.dtype !== "int64" || shape!.shape[0] !== out.length) throw new Error("shape must be int64 [rank]");
    return [{ dtype: (attrs.value as { dtype: "float32" }).dtype, shape: out }];
  },
});

/**
 * Unique(x) of a 1-D tensor, sorted ascending: outputs Y (the distinct values), indices, inverse_indices and
 * counts. The number of distinct values is known only at run time: `_dim` names it (a fresh symbol).
 */
defineOp({
  type: "Unique",
  arity: 1,
  attrs: { sorted: "int", _dim: "ir" },
  infer: ([x], attrs) => {
    if (x!.rank !== 1) throw new Error("only 1-D inputs (no axis)");
    const u = attrs._dim as string;
    return [
      { dtype: x!.dtype, shape: [u] },
      { dtype: "int64", shape: [u] },
      { dtype: "int64", shape: [x!.shape[0]!] },
      { dtype: "int64", shape: [u] },
    ];
  },
});

/** ScatterND(data, indices, updates), reduction "none" (unique indices) or "add". */
defineOp({
  type: "ScatterND",
  arity: 3,
  attrs: { reduction: "string" },
  infer: ([data, indices, updates]) => {
    if (indices!.dtype !== "int64") throw new Error("indices must be int64");
    const k = indices!.shape[indices!.rank - 1];
    if (typeof k !== "number") throw new Error("the last indices dim must be known");
    const expected = [...indices!.shape.slice(0, -1), ...data!.shape.slice(k)];
    if (expected.length !== updates!.rank || expected.some((d, i) => d !== updates!.shape[i])) {
      throw new Error(`updates must have shape [${expected.join(", ")}]`);
    }
    return [{ dtype: data!.dtype, shape: data!.shape }];
  },
});

/** Pad(x, pads) with constant zeros; pads is a run-time int64 [2·rank] tensor. */
defineOp({
  type: "Pad",
  arity: 2,
  attrs: { mode: "string", _shape: "ir" },
  infer: ([x, pads], attrs) => {
    if (pads!.dtype !== "int64" || pads!.shape[0] !== 2 * x!.rank) throw new Error("pads must be int64 [2·rank]");
    const out = attrs._shape as Shape;
    if (out.length !== x!.rank) throw new Error("_shape rank differs from the input's");
    return [{ dtype: x!.dtype, shape: out }];
  },
});

/** Concat along an axis (all other dims equal). */
defineOp({
  type: "Concat",
  arity: [1, 1 << 20],
  attrs: { axis: "int" },
  infer: (inputs, attrs) => {
    const first = inputs[0]!;
    const axis = normAxis(attrs.axis as number, first.rank);
    let total: Dim = 0;
    for (const v of inputs) {
      if (v.dtype !== first.dtype || v.rank !== first.rank) throw new Error("inputs differ in type or rank");
      v.shape.forEach((d, i) => {
        if (i !== axis && d !== first.shape[i]) throw new Error(`dim ${i} differs: ${d} vs ${first.shape[i]}`);
      });
      const d = v.shape[axis]!;
      total = typeof total === "number" && typeof d === "number" ? total + d : `${total}+${d}`;
    }
    const shape = [...first.shape];
    shape[axis] = total;
    return [{ dtype: first.dtype, shape }];
  },
});

/** Expand(x, shape): numpy broadcast to a run-time shape whose symbolic value is `_shape`. */
defineOp({
  type: "Expand",
  arity: 2,
  attrs: { _shape: "ir" },
  infer: ([x, shape], attrs) => {
    if (shape!.dtype !== "int64") throw new Error("shape must be int64");
    return [{ dtype: x!.dtype, shape: broadcastShapes(x!.shape, attrs._shape as Shape) }];
  },
});

/** Reshape to a run-time shape tensor (e.g. Shape(x)), whose symbolic value is `_shape`. */
defineOp({
  type: "ReshapeDynamic",
  onnxType: "Reshape",
  arity: 2,
  attrs: { _shape: "ir" },
  infer: ([x, shape], attrs) => {
    if (shape!.dtype !== "int64") throw new Error("shape must be int64");
    return [{ dtype: x!.dtype, shape: attrs._shape as Shape }];
  },
});
