import * as T from "../../tensorOps.ts";
import { GraphError } from "../../types.ts";
import { defineGrad } from "../gradRegistry.ts";

defineGrad("Reshape", ({ inputs: [x] }, [dy]) => {
  // Back to x's shape: known dims as numbers, symbolic dims copied (0) where dy has them at the same place.
  let inferred = false;
  const target = x!.shape.map((d, i) => {
    if (typeof d === "number") return d;
    if (dy!.shape[i] === d) return 0;
    if (inferred) throw new GraphError(`Reshape gradient: cannot express shape [${x!.shape.join(", ")}]`);
    inferred = true;
    return -1;
  });
  return [T.reshape(dy!, target)];
});

defineGrad("Transpose", ({ attrs }, [dy]) => {
  const perm = attrs.perm as number[];
  const inverse = perm.map((_, i) => perm.indexOf(i));
  return [T.transpose(dy!, inverse)];
});

defineGrad("Unsqueeze", ({ attrs }, [dy]) => [T.squeeze(dy!, attrs.axes as number[])]);
defineGrad("Squeeze", ({ attrs }, [dy]) => [T.unsqueeze(dy!, attrs.axes as number[])]);

/** Embedding lookup: the table's gradient is a scatter-add of dY at the looked-up rows (never a one-hot matmul). */
defineGrad("Gather", ({ inputs: [data, indices], attrs }, [dy]) => {
  if (((attrs.axis as number | undefined) ?? 0) !== 0) throw new GraphError("Gather gradient: only axis 0");
  const shape = data!.shape;
  if (!shape.every((d) => typeof d === "number"))
    throw new GraphError("Gather gradient: the table shape must be known");
  const idx = T.unsqueeze(indices!.dtype === "int64" ? indices! : T.cast(indices!, "int64"), [-1]);
  return [T.scatterNDAdd(T.zeros(data!.graph, shape as number[], dy!.dtype), idx, dy!), undefined];
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
