import type { Graph } from "../../graph/Graph.ts";
import type { Value } from "../../graph/Value.ts";
import type { DropoutHooks } from "../../nn/DropoutHooks.ts";
import type { ParamSource } from "../../nn/ParamSource.ts";
import type { BertArchitecture } from "../bert/BertArchitecture.ts";
import { type BertInputs, bertEncoder } from "../bert/bertEncoderGraph.ts";
import { linear } from "../layers/linear.ts";

/**
 * HF `BertForTokenClassification`: the encoder's last hidden states (no pooler), dropout, then `classifier` (Linear
 * hidden → labels) on every word piece. Returns logits [batch, seq, labels] (docs/ner.md#model).
 */
export function tokenClassifier(
  g: Graph,
  params: ParamSource,
  arch: BertArchitecture,
  inputs: BertInputs,
  options: { numLabels: number; dropout?: DropoutHooks; classifierDropout?: (x: Value) => Value },
): Value {
  const { lastHiddenState } = bertEncoder(g, params, arch, inputs, { pooler: false, dropout: options.dropout });
  const x = options.classifierDropout ? options.classifierDropout(lastHiddenState) : lastHiddenState;
  return tokenClassifierHead(g, params, x, arch.hiddenSize, options.numLabels);
}

/** The head alone: `classifier` (Linear hidden → labels) over hidden states [batch, seq, hidden]. */
export function tokenClassifierHead(
  g: Graph,
  params: ParamSource,
  hidden: Value,
  size: number,
  numLabels: number,
): Value {
  return linear(g, params, "classifier", hidden, size, numLabels);
}
