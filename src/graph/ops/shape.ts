import { defineOp } from "../opRegistry.ts";
import { normAxis, reshapeShape } from "../shapes.ts";
import type { Dim } from "../types.ts";

defineOp({
  type: "Reshape",
  arity: 1,
  attrs: { shape: "ints" },
  attrsAsInputs: ["shape"],
  infer: ([x], attrs) => [{ dtype: x!.dtype, shape: reshapeShape(x!.shape, attrs.shape as number[]) }],
});

defineOp({
  type: "Transpose",
  arity: 1,
  attrs: { perm: "ints" },
  infer: ([x], attrs) => {
    const perm = attrs.perm as number[];
    const sorted = [...perm].sort((p, q) => p - q);
    if (perm.length !== x!.rank || sorted.some((p, i) => p !== i)) {
      throw new Error(`perm [${perm.join(", ")}] is not a permutation of rank ${x!.rank}`);
    }
    return [{ dtype: x!.dtype, shape: perm.map((p) => x!.shape[p]!) }];
  },
});

defineOp({
  type: "Unsqueeze",
  arity: 1,
  attrs: { axes: "ints" },
  attrsAsInputs: ["axes"],
  infer: ([x], attrs) => {
    const rank = x!.rank + (attrs.axes as number[]).length;
    const axes = (attrs.axes as number[]).map((a) => normAxis(a, rank));
    const shape: Dim[] = [];
    let j = 0;
    for (let i = 0; i < rank; i++) shape.push(axes.includes(i) ? 1 : x!.shape[j++]!);
    return [{ dtype: x!.dtype, shape }];
  },
});

defineOp({
  type: "Squeeze",
  arity: 1,
  attrs: { axes: "ints" },
  attrsAsInputs: ["axes"],
  infer: ([x], attrs) => {
    const axes = (attrs.axes as number[]).map((a) => normAxis(a, x!.rank));
    for (const a of axes) if (x!.shape[a] !== 1) throw new Error(`axis ${a} has size ${x!.shape[a]}, not 1`);
    return [{ dtype: x!.dtype, shape: x!.shape.filter((_, i) => !axes.includes(i)) }];
  },
});

/** Gather(data, indices) along `axis` (default 0): an embedding lookup when data is a table. */
defineOp({
  type: "Gather",
  arity: 2,
  attrs: { axis: "int" },
  infer: ([data, indices], attrs) => {
    if (indices!.dtype !== "int64" && indices!.dtype !== "int32") {
      throw new Error(`indices must be int64 or int32, got ${indices!.dtype}`);
    }
    const axis = normAxis((attrs.axis as number | undefined) ?? 0, data!.rank);
    const shape = [...data!.shape.slice(0, axis), ...indices!.shape, ...data!.shape.slice(axis + 1)];
    return [{ dtype: data!.dtype, shape }];
  },
});

/** Slice with constant starts/ends/axes (steps 1): used for fixed-size selections like [CLS]. */
defineOp({
  type: "Slice",
  arity: 1,
  attrs: { starts: "ints", ends: "ints", axes: "ints" },
  attrsAsInputs: ["starts", "ends", "axes"],
  infer: ([x], attrs) => {
    const shape: Dim[] = [...x!.shape];
    const axes = (attrs.axes as number[]).map((a) => normAxis(a, x!.rank));
    axes.forEach((axis, i) => {
      const start = (attrs.starts as number[])[i]!;
      const end = (attrs.ends as number[])[i]!;
      const dim = shape[axis]!;
      if (start < 0 || end < start) throw new Error(`slice [${start}, ${end}) on axis ${axis} is not supported`);
      if (typeof dim === "number") shape[axis] = Math.min(end, dim) - Math.min(start, dim);
      else shape[axis] = end - start;
    });
    return [{ dtype: x!.dtype, shape }];
  },
});

/** GatherElements(data, indices) along `axis`: picks one entry per index (a target's log-probability). */
defineOp({
  type: "GatherElements",
  arity: 2,
  attrs: { axis: "int" },
  infer: ([data, indices], attrs) => {
    if (indices!.dtype !== "int64") throw new Error("indices must be int64");
    if (indices!.rank !== data!.rank) throw new Error("indices must have the data's rank");
    normAxis((attrs.axis as number | undefined) ?? 0, data!.rank);
    return [{ dtype: data!.dtype, shape: indices!.shape }];
  },
});

/** ScatterElements(data, indices, updates) with reduction "add": GatherElements' gradient. */
defineOp({
  type: "ScatterElements",
  arity: 3,
  attrs: { axis: "int", reduction: "string" },
  infer: ([data, indices, updates]) => {
    if (indices!.dtype !== "int64") throw new Error("indices must be int64");
    if (updates!.rank !== indices!.rank) throw new Error("updates must have the indices' shape");
    return [{ dtype: data!.dtype, shape: data!.shape }];
  },
});
