import * as T from "../graph/tensorOps.ts";
import type { Value } from "../graph/Value.ts";

/**
 * torch.nn.BCEWithLogitsLoss (mean over batch and labels) with an optional per-label pos_weight, in torch's
 * stable form: (1 − y)·z + (1 + (w − 1)·y)·(log(1 + e^−|z|) + max(−z, 0)).
 */
export function bceWithLogits(logits: Value, targets: Value, posWeight?: Value): Value {
  const tail = T.add(T.softplus(T.neg(T.abs(logits))), T.relu(T.neg(logits)));
  const weight = posWeight ? T.add(1, T.mul(T.sub(posWeight, 1), targets)) : undefined;
  const perElement = T.add(T.mul(T.sub(1, targets), logits), weight ? T.mul(weight, tail) : tail);
  return T.reduceMean(perElement, [0, 1], false);
}

/**
 * torch.nn.CrossEntropyLoss over softmax logits with one-hot targets [batch, classes]: the mean negative
 * log-likelihood, or with class weights Σ w_y·nll / Σ w_y (torch's weighted mean).
 */
export function crossEntropy(logits: Value, oneHot: Value, classWeights?: Value): Value {
  const nll = T.neg(T.reduceSum(T.mul(oneHot, T.logSoftmax(logits, -1)), [1], false));
  if (!classWeights) return T.reduceMean(nll, [0], false);
  const w = T.reduceSum(T.mul(oneHot, classWeights), [1], false);
  return T.div(T.reduceSum(T.mul(w, nll), [0], false), T.reduceSum(w, [0], false));
}

/**
 * Token classification's cross-entropy (torch.nn.CrossEntropyLoss with ignore_index=-100, as
 * BertForTokenClassification): logits [batch, seq, classes], one-hot targets of the same shape whose rows are all
 * zero at ignored positions (padding, a word's later pieces, [CLS]/[SEP]). The mean negative log-likelihood over the
 * labelled positions: −Σ onehot·log softmax / Σ onehot.
 */
export function tokenCrossEntropy(logits: Value, oneHot: Value): Value {
  const nll = T.neg(T.reduceSum(T.mul(oneHot, T.logSoftmax(logits, -1)), [0, 1, 2], false));
  return T.div(nll, T.reduceSum(oneHot, [0, 1, 2], false));
}
