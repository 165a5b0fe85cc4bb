import type { Graph } from "../../graph/Graph.ts";
import * as T from "../../graph/tensorOps.ts";
import type { Value } from "../../graph/Value.ts";
import type { ParamSource } from "../../nn/ParamSource.ts";
import { ACTIVATIONS, type ActivationName } from "./activations.ts";
import { layerNorm, linear } from "./linear.ts";

export interface MaskedLmHeadShape {
  hiddenSize: number;
  vocabSize: number;
  hiddenAct: ActivationName;
  layerNormEps: number;
}

/**
 * HF `BertOnlyMLMHead` (`prefix` = "cls.predictions"): transform (dense, act, LayerNorm), then the decoder tied to
 * the embedding table `tiedEmbedding` ([vocab, hidden]) plus `${prefix}.bias`. `hidden` is [rows, hidden]; returns
 * logits [rows, vocab]. Shared by BERT (word embeddings) and Med-BERT (code embeddings).
 */
export function maskedLmHead(
  g: Graph,
  params: ParamSource,
  prefix: string,
  tiedEmbedding: string,
  shape: MaskedLmHeadShape,
  hidden: Value,
): Value {
  const H = shape.hiddenSize;
  let h = linear(g, params, `${prefix}.transform.dense`, hidden, H, H);
  h = ACTIVATIONS[shape.hiddenAct](h);
  h = layerNorm(g, params, `${prefix}.transform.LayerNorm`, h, H, shape.layerNormEps);
  const table = params.param(g, tiedEmbedding, [shape.vocabSize, H]);
  return T.add(T.matMul(h, T.transpose(table, [1, 0])), params.param(g, `${prefix}.bias`, [shape.vocabSize]));
}
