import { defineOp } from "../opRegistry.ts";
import { normAxis } from "../shapes.ts";

defineOp({
  type: "LogSoftmax",
  arity: 1,
  attrs: { axis: "int" },
  infer: ([x], attrs) => {
    normAxis((attrs.axis as number | undefined) ?? -1, x!.rank);
    return [{ dtype: x!.dtype, shape: x!.shape }];
  },
});

defineOp({
  type: "Softmax",
  arity: 1,
  attrs: { axis: "int" },
  infer: ([x], attrs) => {
    normAxis((attrs.axis as number | undefined) ?? -1, x!.rank);
    return [{ dtype: x!.dtype, shape: x!.shape }];
  },
});

/** LayerNormalization(X, scale, bias) over the last axis (opset 17), epsilon from the model config. */
defineOp({
  type: "LayerNormalization",
  arity: 3,
  attrs: { axis: "int", epsilon: "float" },
  infer: ([x, scale, bias], attrs) => {
    const axis = normAxis((attrs.axis as number | undefined) ?? -1, x!.rank);
    if (axis !== x!.rank - 1) throw new Error("only the last axis is supported");
    const last = x!.shape[axis];
    for (const p of [scale!, bias!]) {
      if (p.rank !== 1 || p.shape[0] !== last) throw new Error(`scale/bias must be [${last}], got [${p.shape}]`);
    }
    return [{ dtype: x!.dtype, shape: x!.shape }];
  },
});
