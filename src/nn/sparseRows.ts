import type { Graph } from "../graph/Graph.ts";
import type { TensorData } from "../graph/types.ts";
import type { Value } from "../graph/Value.ts";

/** A gradient that is zero except at some rows: `rows` [u, …] belong at the distinct row indices `indices` [u, 1]. */
export interface SparseRows {
  indices: Value;
  rows: Value;
}

/**
 * The gradient of a table used only through a lookup (word, position and token-type embeddings) is built by the
 * Gather rule as ScatterND(zeros, distinct ids, per-id sums) — dense, but zero outside the looked-up rows. This
 * finds that pattern, so the optimizer can update the moments with the rows alone instead of passing over a
 * zero-filled copy of the table several times (the dense ScatterND then has no consumer and is not emitted).
 * Returns undefined for any other gradient (a table also used densely, e.g. a tied MLM decoder, sums two terms).
 */
export function sparseRowsOf(g: Graph, grads: readonly Value[]): (SparseRows | undefined)[] {
  const producer = new Map<Value, Graph["nodes"][number]>();
  for (const node of g.nodes) for (const out of node.outputs) producer.set(out, node);
  return grads.map((grad) => {
    const node = producer.get(grad);
    if (node?.op.type !== "ScatterND" || node.attrs.reduction !== "none") return undefined;
    const [data, indices, rows] = node.inputs;
    const zeros = producer.get(data!);
    if (zeros?.op.type !== "ConstantOfShape" || Number((zeros.attrs.value as TensorData).data[0]) !== 0)
      return undefined;
    return { indices: indices!, rows: rows! };
  });
}
