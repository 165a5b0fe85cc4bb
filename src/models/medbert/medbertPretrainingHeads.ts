import type { Graph } from "../../graph/Graph.ts";
import type { Value } from "../../graph/Value.ts";
import type { ParamSource } from "../../nn/ParamSource.ts";
import { linear } from "../layers/linear.ts";
import { maskedLmHead } from "../layers/maskedLmHead.ts";
import type { MedBertArchitecture } from "./MedBertConfig.ts";

/** The embedding table the masked-code decoder is tied to (as BERT ties its decoder to the word embeddings). */
export const CODE_EMBEDDINGS = "embeddings.code_embeddings.weight";

/** Masked-code logits [rows, vocab] for hidden states [rows, hidden] (`cls.predictions.*`, decoder tied to the codes). */
export function maskedCodeLogits(g: Graph, params: ParamSource, arch: MedBertArchitecture, hidden: Value): Value {
  return maskedLmHead(g, params, "cls.predictions", CODE_EMBEDDINGS, arch, hidden);
}

/** Prolonged-length-of-stay logit [batch, 1] from the pooled output (`cls.plos.weight` [1, hidden], `cls.plos.bias`). */
export function prolongedStayLogit(g: Graph, params: ParamSource, arch: MedBertArchitecture, pooled: Value): Value {
  return linear(g, params, "cls.plos", pooled, arch.hiddenSize, 1);
}
