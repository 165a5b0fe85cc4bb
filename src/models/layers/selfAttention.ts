import type { Graph } from "../../graph/Graph.ts";
import * as T from "../../graph/tensorOps.ts";
import type { Value } from "../../graph/Value.ts";
import type { ParamSource } from "../../nn/ParamSource.ts";
import { linear } from "./linear.ts";

/** The additive mask value HF uses: torch.finfo(torch.float32).min. */
export const FLOAT32_MIN = -3.4028234663852886e38;

/**
 * Turns a [batch, seq] 0/1 attention mask (int64) into HF's additive [batch, 1, 1, seq] float mask:
 * (1 − mask)·finfo.min. A fully padded row stays finite (no NaN): every score gets the same large negative.
 */
export function additiveMask(mask: Value): Value {
  return T.unsqueeze(T.mul(T.sub(1, T.cast(mask, "float32")), FLOAT32_MIN), [1, 2]);
}

/**
 * BERT self-attention (HF `BertSelfAttention` + `BertSelfOutput` without the residual): `prefix.self.{query,key,
 * value}` projections, softmax(QKᵀ/√d + mask)·V, heads merged. x: [batch, seq, hidden]; mask from additiveMask.
 */
export function selfAttention(
  g: Graph,
  params: ParamSource,
  prefix: string,
  x: Value,
  mask: Value,
  hidden: number,
  heads: number,
  attentionDropout?: (probs: Value) => Value,
): Value {
  const headDim = hidden / heads;
  const split = (v: Value) => T.transpose(T.reshape(v, [0, 0, heads, headDim]), [0, 2, 1, 3]);
  const q = split(linear(g, params, `${prefix}.self.query`, x, hidden, hidden));
  const kT = T.transpose(
    T.reshape(linear(g, params, `${prefix}.self.key`, x, hidden, hidden), [0, 0, heads, headDim]),
    [0, 2, 3, 1],
  );
  const v = split(linear(g, params, `${prefix}.self.value`, x, hidden, hidden));
  const scores = T.add(T.div(T.matMul(q, kT), Math.sqrt(headDim)), mask);
  const probs = T.softmax(scores, -1);
  const context = T.matMul(attentionDropout ? attentionDropout(probs) : probs, v);
  return T.reshape(T.transpose(context, [0, 2, 1, 3]), [0, 0, hidden]);
}
