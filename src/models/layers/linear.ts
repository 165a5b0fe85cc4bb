import type { Graph } from "../../graph/Graph.ts";
import * as T from "../../graph/tensorOps.ts";
import type { Value } from "../../graph/Value.ts";
import type { ParamSource } from "../../nn/ParamSource.ts";
import { int8Linear } from "./int8Linear.ts";

/**
 * `torch.nn.Linear` named `prefix` (`prefix.weight` [out, in], `prefix.bias` [out]): x Wᵀ + b; in int8 when the
 * parameter source quantizes this weight (docs/quantization.md).
 */
export function linear(
  g: Graph,
  params: ParamSource,
  prefix: string,
  x: Value,
  inFeatures: number,
  outFeatures: number,
): Value {
  const q = params.int8LinearWeight?.(g, `${prefix}.weight`, outFeatures, inFeatures);
  if (q) return int8Linear(g, x, q, params.param(g, `${prefix}.bias`, [outFeatures]));
  const w = params.linearWeight(g, `${prefix}.weight`, outFeatures, inFeatures);
  const b = params.param(g, `${prefix}.bias`, [outFeatures]);
  return T.add(T.matMul(x, w), b);
}

/** `torch.nn.LayerNorm` named `prefix` over the last axis. */
export function layerNorm(g: Graph, params: ParamSource, prefix: string, x: Value, size: number, eps: number): Value {
  const w = params.param(g, `${prefix}.weight`, [size]);
  const b = params.param(g, `${prefix}.bias`, [size]);
  return T.layerNorm(x, w, b, eps);
}
