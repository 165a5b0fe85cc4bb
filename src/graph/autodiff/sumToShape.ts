import * as T from "../tensorOps.ts";
import { formatShape, GraphError, type Shape } from "../types.ts";
import type { Value } from "../Value.ts";

/** Sums a broadcast gradient back to an operand's shape (the adjoint of numpy broadcasting). */
export function sumToShape(dy: Value, target: Shape): Value {
  let g = dy;
  const extra = g.rank - target.length;
  if (extra > 0) {
    g = T.reduceSum(
      g,
      Array.from({ length: extra }, (_, i) => i),
      false,
    );
  }
  const axes = target.flatMap((d, i) => (d === 1 && g.shape[i] !== 1 ? [i] : []));
  if (axes.length > 0) g = T.reduceSum(g, axes, true);
  if (g.rank !== target.length || g.shape.some((d, i) => d !== target[i])) {
    throw new GraphError(`cannot sum gradient ${formatShape(dy.shape)} to ${formatShape(target)}`);
  }
  return g;
}
