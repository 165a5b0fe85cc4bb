import { defineOp } from "../opRegistry.ts";
import { normAxis } from "../shapes.ts";
import type { Attrs, Dim } from "../types.ts";
import type { Value } from "../Value.ts";

function reducedShape(x: Value, attrs: Attrs): Dim[] {
  const axes = (attrs.axes as number[]).map((a) => normAxis(a, x.rank));
  const keep = ((attrs.keepdims as number | undefined) ?? 1) === 1;
  const out: Dim[] = [];
  x.shape.forEach((d, i) => {
    if (!axes.includes(i)) out.push(d);
    else if (keep) out.push(1);
  });
  return out;
}

/** ReduceSum over explicit axes (ONNX takes them as an input since opset 13). */
defineOp({
  type: "ReduceSum",
  arity: 1,
  attrs: { axes: "ints", keepdims: "int" },
  attrsAsInputs: ["axes"],
  infer: ([x], attrs) => [{ dtype: x!.dtype, shape: reducedShape(x!, attrs) }],
});

/** ReduceMean over explicit axes (an attribute until opset 18). */
defineOp({
  type: "ReduceMean",
  arity: 1,
  attrs: { axes: "ints", keepdims: "int" },
  infer: ([x], attrs) => [{ dtype: x!.dtype, shape: reducedShape(x!, attrs) }],
});

defineOp({
  type: "ReduceMax",
  arity: 1,
  attrs: { axes: "ints", keepdims: "int" },
  infer: ([x], attrs) => [{ dtype: x!.dtype, shape: reducedShape(x!, attrs) }],
});
