import type { Graph } from "../../graph/Graph.ts";
import type { Value } from "../../graph/Value.ts";
import type { ParamSource } from "../../nn/ParamSource.ts";
import { linear } from "../layers/linear.ts";

/**
 * HF `BertForSequenceClassification`'s head: dropout then `classifier` (Linear hidden → labels) on the pooled
 * output. Returns logits [batch, labels].
 */
export function sequenceClassifier(
  g: Graph,
  params: ParamSource,
  pooled: Value,
  hidden: number,
  numLabels: number,
  dropout?: (x: Value) => Value,
): Value {
  return linear(g, params, "classifier", dropout ? dropout(pooled) : pooled, hidden, numLabels);
}
