import type { Graph } from "../../graph/Graph.ts";
import * as T from "../../graph/tensorOps.ts";
import type { Value } from "../../graph/Value.ts";
import type { DropoutHooks } from "../../nn/DropoutHooks.ts";
import type { ParamSource } from "../../nn/ParamSource.ts";
import { labelAttentionLogits } from "../heads/labelAttention.ts";
import type { Pooling } from "../heads/ModelHead.ts";
import { sequenceClassifier } from "../heads/sequenceClassifier.ts";
import type { BertArchitecture } from "./BertArchitecture.ts";
import { type BertInputs, bertEncoder } from "./bertEncoderGraph.ts";

export type { Pooling } from "../heads/ModelHead.ts";

export interface BertClassifierOptions {
  numLabels: number;
  /** [CLS] through BERT's pooler (tanh dense, like BertForSequenceClassification) or the raw [CLS] state. */
  pooler: boolean;
  /**
   * What the classifier reads: the [CLS] position (default; through the pooler or not), the mean of the last
   * hidden states over the note's tokens or their element-wise max, or per label its own attention-weighted sum of
   * them (label-attention: labelAttention.ts); padding excluded and no pooler for the last three.
   */
  pooling?: Pooling;
  dropout?: DropoutHooks;
  /**
   * Dropout on the pooled output before the classifier (HF: classifier_dropout or hidden_dropout_prob); with
   * label-attention, on the last hidden states the label attention reads.
   */
  classifierDropout?: (x: Value) => Value;
}

/** BertForSequenceClassification's logits [batch, labels]; parameter names as HF's without the `bert.` prefix. */
export function bertClassifier(
  g: Graph,
  params: ParamSource,
  arch: BertArchitecture,
  inputs: BertInputs,
  options: BertClassifierOptions,
): Value {
  const overTokens = options.pooling !== undefined && options.pooling !== "cls";
  const { lastHiddenState, pooledOutput } = bertEncoder(g, params, arch, inputs, {
    pooler: options.pooler && !overTokens,
    dropout: options.dropout,
  });
  if (options.pooling === "label-attention") {
    return labelAttentionLogits(
      g,
      params,
      "classifier",
      lastHiddenState,
      inputs.attentionMask,
      arch.hiddenSize,
      options.numLabels,
      options.classifierDropout,
    );
  }
  const features =
    options.pooling === "mean"
      ? meanPooled(lastHiddenState, inputs.attentionMask)
      : options.pooling === "max"
        ? maxPooled(lastHiddenState, inputs.attentionMask)
        : (pooledOutput ?? clsState(lastHiddenState));
  return sequenceClassifier(g, params, features, arch.hiddenSize, options.numLabels, options.classifierDropout);
}

/** The mean of the last hidden states over the note's tokens: Σ_t mask_t·h_t / Σ_t mask_t (padding counts for nothing). */
export function meanPooled(lastHiddenState: Value, attentionMask: Value): Value {
  const m = T.unsqueeze(T.cast(attentionMask, "float32"), [2]);
  return T.div(T.reduceSum(T.mul(lastHiddenState, m), [1], false), T.reduceSum(m, [1], false));
}

/**
 * The element-wise max of the last hidden states over the note's tokens: padding is pushed 1e4 below before the
 * max, so it never wins (docs/training.md, "Pooling"). Ties share the gradient as torch.amax does.
 */
export function maxPooled(lastHiddenState: Value, attentionMask: Value): Value {
  const m = T.unsqueeze(T.cast(attentionMask, "float32"), [2]);
  const shifted = T.add(lastHiddenState, T.mul(T.sub(m, 1), 1e4));
  return T.reduceMax(shifted, [1], false);
}

/** The raw [CLS] state [batch, hidden] (a head without BERT's pooler). */
export function clsState(lastHiddenState: Value): Value {
  return T.squeeze(T.slice(lastHiddenState, [0], [1], [1]), [1]);
}
