import "./rules/index.ts";
import * as T from "../tensorOps.ts";
import { GraphError } from "../types.ts";
import type { Value } from "../Value.ts";
import { getGrad, NON_DIFFERENTIABLE } from "./gradRegistry.ts";

const FLOAT = new Set(["float32", "float64", "float16"]);

/**
 * Reverse-mode differentiation over the graph builder: appends the backward pass of `loss` to its graph and
 * returns d loss / d w for each of `wrt` (undefined when w does not influence the loss). Nodes that no `wrt`
 * reaches, or that do not reach the loss, get no backward nodes (pruned).
 *
 * `dLoss` seeds the backward pass (default 1, so `loss` must then be a scalar).
 */
export function gradients(loss: Value, wrt: readonly Value[], dLoss?: Value): Map<Value, Value | undefined> {
  const g = loss.graph;
  const forward = [...g.nodes];
  // Values that depend on a `wrt` through differentiable ops.
  const needs = new Set<Value>(wrt);
  for (const n of forward) {
    if (NON_DIFFERENTIABLE.has(n.op.type)) continue;
    if (n.inputs.some((v) => needs.has(v))) for (const o of n.outputs) if (FLOAT.has(o.dtype)) needs.add(o);
  }
  if (!needs.has(loss)) return new Map(wrt.map((w) => [w, undefined]));
  if (!dLoss && loss.rank !== 0) {
    throw new GraphError(`the loss must be a scalar to differentiate without a seed, got ${loss.toString()}`);
  }
  const grads = new Map<Value, Value>([[loss, dLoss ?? g.scalar(1, loss.dtype)]]);
  const accumulate = (v: Value, d: Value) => {
    const prev = grads.get(v);
    grads.set(v, prev ? T.add(prev, d) : d);
  };
  for (let i = forward.length - 1; i >= 0; i--) {
    const node = forward[i]!;
    const dOut = node.outputs.map((o) => grads.get(o));
    if (dOut.every((d) => d === undefined)) continue;
    if (!node.inputs.some((v) => needs.has(v))) continue;
    const rule = getGrad(node.op.type);
    if (!rule) throw new GraphError(`no gradient rule for ${node.op.type} (output ${node.outputs[0]!.name})`);
    const dIn = rule(node, dOut);
    node.inputs.forEach((v, k) => {
      const d = dIn[k];
      if (d && needs.has(v)) accumulate(v, d);
    });
  }
  return new Map(wrt.map((w) => [w, grads.get(w)]));
}
