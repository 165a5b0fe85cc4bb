import type { Graph } from "../../graph/Graph.ts";
import * as T from "../../graph/tensorOps.ts";
import type { Value } from "../../graph/Value.ts";
import type { ParamSource } from "../../nn/ParamSource.ts";
import { gruSteps, gruWeights } from "../layers/gru.ts";
import { linear } from "../layers/linear.ts";

/** A masked score before the softmax: far below any real one (exp underflows to exactly 0). */
const MASKED = -1e9;

/**
 * RETAIN (Choi et al., NeurIPS 2016) over visit vectors v [batch, visits, dim] with `valid` [batch, visits] bool:
 * two GRUs read the visits newest first (reverse time, `${prefix}.alpha_gru`, `${prefix}.beta_gru`);
 * α = softmax over the real visits of `${prefix}.alpha`(g_j) (visit-level attention), β_j = tanh(`${prefix}.beta`(h_j))
 * (code-level, per dimension), context c = Σ_j α_j · β_j ⊙ v_j. Returns c [batch, dim] (the classifier reads it)
 * and α [batch, visits] (interpretable). Unrolled over `visits` steps with graph-builder ops (docs/medbert.md#heads).
 */
export function retain(
  g: Graph,
  params: ParamSource,
  prefix: string,
  v: Value,
  valid: Value,
  dim: number,
  hiddenSize: number,
  visits: number,
): { context: Value; alpha: Value } {
  const a = gruSteps(
    v,
    valid,
    gruWeights(g, params, `${prefix}.alpha_gru`, dim, hiddenSize, false),
    hiddenSize,
    visits,
    true,
  );
  const b = gruSteps(
    v,
    valid,
    gruWeights(g, params, `${prefix}.beta_gru`, dim, hiddenSize, false),
    hiddenSize,
    visits,
    true,
  );
  const stack = (xs: Value[]) =>
    T.concat(
      xs.map((x) => T.unsqueeze(x, [1])),
      1,
    );
  const e = T.squeeze(linear(g, params, `${prefix}.alpha`, stack(a.outputs), hiddenSize, 1), [2]); // [batch, visits]
  const alpha = T.softmax(T.where(valid, e, g.scalar(MASKED, e.dtype)), -1);
  const beta = T.tanh(linear(g, params, `${prefix}.beta`, stack(b.outputs), hiddenSize, dim)); // [batch, visits, dim]
  const context = T.reduceSum(T.mul(T.mul(T.unsqueeze(alpha, [2]), beta), v), [1], false);
  return { context, alpha };
}
