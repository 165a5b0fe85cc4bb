import type { Graph } from "../../graph/Graph.ts";
import * as T from "../../graph/tensorOps.ts";
import type { Value } from "../../graph/Value.ts";
import type { ParamSource } from "../../nn/ParamSource.ts";

/** The label queries' name under a classifier's prefix: `classifier.attention.weight` [labels, hidden]. */
export const LABEL_ATTENTION_QUERIES = "attention.weight";

/**
 * Label-wise attention (`prognos train --pooling label-attention`; docs/training.md, "Pooling"; CAML, Mullenbach
 * et al. 2018, and LAAT, Vu et al. 2020): each output l has its own query q_l and reads its own attention-weighted
 * sum of the tokens' last hidden states h [batch, seq, hidden]:
 *
 *     scores = h·Qᵀ + (mask − 1)·1e4      [batch, seq, labels]  (padding pushed 1e4 below: its weight is 0)
 *     α = softmax over the tokens (seq)
 *     context_l = Σ_t α_{t,l} h_t          [batch, labels, hidden]
 *     logit_l = context_l · W_l + b_l      [batch, labels]
 *
 * with Q = `<prefix>.attention.weight` [labels, hidden], W = `<prefix>.weight` [labels, hidden] and
 * b = `<prefix>.bias` [labels] (Hugging Face's classifier names and shapes, so a Linear-head folder's tools keep
 * reading it). `dropout`, when given, is applied once to h, which both the scores and the context read (the
 * classifier dropout, applied where the other poolings apply it to the pooled vector).
 *
 * Computed as Q·hᵀ [batch, labels, seq] (α over the last axis): the formula's numbers with the small tensor
 * (h, not the scores) transposed.
 */
export function labelAttentionLogits(
  g: Graph,
  params: ParamSource,
  prefix: string,
  lastHiddenState: Value,
  attentionMask: Value,
  hidden: number,
  numLabels: number,
  dropout?: (x: Value) => Value,
): Value {
  const h = dropout ? dropout(lastHiddenState) : lastHiddenState;
  const q = params.param(g, `${prefix}.${LABEL_ATTENTION_QUERIES}`, [numLabels, hidden]);
  const w = params.param(g, `${prefix}.weight`, [numLabels, hidden]);
  const b = params.param(g, `${prefix}.bias`, [numLabels]);
  const scores = T.matMul(q, T.transpose(h, [0, 2, 1]));
  const m = T.unsqueeze(T.cast(attentionMask, "float32"), [1]);
  const alpha = T.softmax(T.add(scores, T.mul(T.sub(m, 1), 1e4)), -1);
  const context = T.matMul(alpha, h);
  return T.add(T.reduceSum(T.mul(context, w), [2], false), b);
}
