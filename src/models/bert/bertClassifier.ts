import type { Graph } from "../../graph/Graph.ts";
import * as T from "../../graph/tensorOps.ts";
import type { Value } from "../../graph/Value.ts";
import type { DropoutHooks } from "../../nn/DropoutHooks.ts";
import type { ParamSource } from "../../nn/ParamSource.ts";
import { sequenceClassifier } from "../heads/sequenceClassifier.ts";
import type { BertArchitecture } from "./BertArchitecture.ts";
import { type BertInputs, bertEncoder } from "./bertEncoderGraph.ts";

export interface BertClassifierOptions {
  numLabels: number;
  /** [CLS] through BERT's pooler (tanh dense, like BertForSequenceClassification) or the raw [CLS] state. */
  pooler: boolean;
  dropout?: DropoutHooks;
  /** Dropout on the pooled output before the classifier (HF: classifier_dropout or hidden_dropout_prob). */
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
  const { lastHiddenState, pooledOutput } = bertEncoder(g, params, arch, inputs, {
    pooler: options.pooler,
    dropout: options.dropout,
  });
  const features = pooledOutput ?? T.squeeze(T.slice(lastHiddenState, [0], [1], [1]), [1]);
  return sequenceClassifier(g, params, features, arch.hiddenSize, options.numLabels, options.classifierDropout);
}
