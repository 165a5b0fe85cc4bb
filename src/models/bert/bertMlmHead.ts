import type { Graph } from "../../graph/Graph.ts";
import * as T from "../../graph/tensorOps.ts";
import type { Value } from "../../graph/Value.ts";
import type { ParamSource } from "../../nn/ParamSource.ts";
import { ACTIVATIONS } from "../layers/activations.ts";
import { layerNorm, linear } from "../layers/linear.ts";
import type { BertArchitecture } from "./BertArchitecture.ts";

/**
 * HF `BertOnlyMLMHead` on selected positions: transform (dense, act, LayerNorm) then the decoder tied to the
 * word embeddings plus `cls.predictions.bias`. `hidden` is [rows, hidden]; returns logits [rows, vocab].
 */
export function bertMlmHead(g: Graph, params: ParamSource, arch: BertArchitecture, hidden: Value): Value {
  const H = arch.hiddenSize;
  let h = linear(g, params, "cls.predictions.transform.dense", hidden, H, H);
  h = ACTIVATIONS[arch.hiddenAct](h);
  h = layerNorm(g, params, "cls.predictions.transform.LayerNorm", h, H, arch.layerNormEps);
  const words = params.param(g, "embeddings.word_embeddings.weight", [arch.vocabSize, H]);
  return T.add(T.matMul(h, T.transpose(words, [1, 0])), params.param(g, "cls.predictions.bias", [arch.vocabSize]));
}
