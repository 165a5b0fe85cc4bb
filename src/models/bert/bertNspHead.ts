import type { Graph } from "../../graph/Graph.ts";
import type { Value } from "../../graph/Value.ts";
import type { ParamSource } from "../../nn/ParamSource.ts";
import { linear } from "../layers/linear.ts";
import type { BertArchitecture } from "./BertArchitecture.ts";

/**
 * HF `BertOnlyNSPHead` / the `seq_relationship` half of `BertPreTrainingHeads`: Linear(hidden → 2) on the pooler
 * output, no dropout. Logits [batch, 2]; index 0 = "B follows A" (for CORe: the outcome is the admission's own),
 * index 1 = "B is random".
 */
export function bertNspHead(g: Graph, params: ParamSource, arch: BertArchitecture, pooled: Value): Value {
  return linear(g, params, "cls.seq_relationship", pooled, arch.hiddenSize, 2);
}
