import type { Graph } from "../../graph/Graph.ts";
import type { Value } from "../../graph/Value.ts";
import type { ParamSource } from "../../nn/ParamSource.ts";
import { maskedLmHead } from "../layers/maskedLmHead.ts";
import type { BertArchitecture } from "./BertArchitecture.ts";

/**
 * HF `BertOnlyMLMHead` on selected positions: transform (dense, act, LayerNorm) then the decoder tied to the
 * word embeddings plus `cls.predictions.bias`. `hidden` is [rows, hidden]; returns logits [rows, vocab].
 */
export function bertMlmHead(g: Graph, params: ParamSource, arch: BertArchitecture, hidden: Value): Value {
  return maskedLmHead(g, params, "cls.predictions", "embeddings.word_embeddings.weight", arch, hidden);
}
