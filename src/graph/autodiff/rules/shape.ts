import * as T from "../../tensorOps.ts";
import { GraphError } from "../../types.ts";
import { defineGrad } from "../gradRegistry.ts";

defineGrad("Reshape", ({ inputs: [x] }, [dy]) => {
  // Back to x's shape: known dims as numbers, symbolic dims copied (0) where dy has them at the same place;
  // otherwise reshape to x's run-time shape.
  let inferred = false;
  let expressible = true;
  const target = x!.shape.map((d, i) => {
    if (typeof d === "number") return d;
    if (dy!.shape[i] === d) return 0;
    if (inferred) expressible = false;
    inferred = true;
    return -1;
  });
  return [expressible ? T.reshape(dy!, target) : T.reshapeAs(dy!, x!)];
});

defineGrad("ReshapeDynamic", ({ inputs: [x] }, [dy]) => [T.reshapeAs(dy!, x!), undefined]);

defineGrad("Transpose", ({ attrs }, [dy]) => {
  const perm = attrs.perm as number[];
  const inverse = perm.map((_, i) => perm.indexOf(i));
  return [T.transpose(dy!, inverse)];
});

defineGrad("Unsqueeze", ({ attrs }, [dy]) => [T.squeeze(dy!, attrs.axes as number[])]);
defineGrad("Squeeze", ({ attrs }, [dy]) => [T.unsqueeze(dy!, attrs.axes as number[])]);

/**
 * Embedding lookup (axis 0): the table's gradient, summed per distinct index in a fixed order. A scatter-add of
 * dY into the table (ScatterND reduction "add") would be shorter, but ONNX Runtime spreads it over threads and
 * adds repeated rows in a scheduling-dependent order, so training would not be bit-reproducible. Instead:
 * u = Unique(ids); sums[u, k] = ScatterElements-add of dY's rows at each id's position in u (one sequential loop
 * in ONNX Runtime's CPU kernel, the same order at any thread count); then the sums are written into zeros at
 * the u distinct rows (ScatterND without reduction: no two writes meet). The optimizer recognises that last
 * node and updates embedding tables through the u rows only (training/sparseRows.ts).
 */
defineGrad("Gather", ({ inputs: [data, indices], attrs }, [dy]) => {
  if (((attrs.axis as number | undefined) ?? 0) !== 0) throw new GraphError("Gather gradient: only axis 0");
  const g = data!.graph;
  const shape = data!.shape;
  const rest = shape.slice(1);
  if (!rest.every((d): d is number => typeof d === "number")) {
    throw new GraphError(`Gather gradient: the table's row shape must be known, got ${data!.toString()}`);
  }
  const k = rest.reduce((a, b) => a * b, 1);
  const ids = T.reshape(indices!.dtype === "int64" ? indices! : T.cast(indices!, "int64"), [-1]);
  const rows = T.reshape(dy!, [-1, k]);
  const distinct = T.unique(ids, `unique(${ids.name})`);
  const at = T.expandAs(T.unsqueeze(distinct.inverse, [1]), rows);
  const sums = g.apply1("ScatterElements", [T.zerosRowsLike(distinct.values, [k], dy!.dtype), at, rows], {
    axis: 0,
    reduction: "add",
  });
  // Zeros from a tiny shape constant when the table's shape is known (weights), else from its run-time shape.
  const zeros = shape.every((d) => typeof d === "number")
    ? T.zeros(g, shape as number[], dy!.dtype)
    : T.fullLike(data!, 0);
  return [T.scatterND(zeros, T.unsqueeze(distinct.values, [1]), T.reshape(sums, [-1, ...rest])), undefined];
});

/** Slice: zero-pad dY back to x's run-time shape (pads before = starts, after = the rest). */
defineGrad("Slice", ({ inputs: [x], attrs }, [dy]) => {
  const g = x!.graph;
  const before = new Array<number>(x!.rank).fill(0);
  (attrs.axes as number[]).forEach((axis, i) => {
    before[axis < 0 ? axis + x!.rank : axis] = (attrs.starts as number[])[i]!;
  });
  const beforeT = g.constant({ dtype: "int64", shape: [x!.rank], data: BigInt64Array.from(before, BigInt) }, "pads");
  const after = T.sub(T.sub(T.shapeOf(x!), T.shapeOf(dy!)), beforeT);
  return [T.pad(dy!, T.concat([beforeT, after], 0), x!.shape)];
});

/** GatherElements: scatter-add dY back into zeros of the data's run-time shape. */
defineGrad("GatherElements", ({ inputs: [data, indices], attrs }, [dy]) => {
  const zeros = T.fullLike(data!, 0);
  const axis = (attrs.axis as number | undefined) ?? 0;
  return [data!.graph.apply1("ScatterElements", [zeros, indices!, dy!], { axis, reduction: "add" }), undefined];
});

/** Concat: each input gets its own slice of dY along the axis (the inputs' sizes there must be known). */
defineGrad("Concat", ({ inputs, attrs }, [dy]) => {
  const rank = inputs[0]!.rank;
  const axis = (attrs.axis as number) < 0 ? (attrs.axis as number) + rank : (attrs.axis as number);
  let start = 0;
  return inputs.map((x) => {
    const size = x.shape[axis];
    if (typeof size !== "number")
      throw new GraphError(`Concat gradient: input ${x.toString()} has no known size on axis ${axis}`);
    const part = T.slice(dy!, [start], [start + size], [axis]);
    start += size;
    return part;
  });
});
