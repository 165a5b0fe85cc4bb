import { Graph } from "../../graph/Graph.ts";
import * as T from "../../graph/tensorOps.ts";
import type { Value } from "../../graph/Value.ts";
import type { DropoutHooks } from "../../nn/DropoutHooks.ts";
import type { ParamSource } from "../../nn/ParamSource.ts";
import { ACTIVATIONS } from "../layers/activations.ts";
import { layerNorm, linear } from "../layers/linear.ts";
import { additiveMask, selfAttention } from "../layers/selfAttention.ts";
import { type BertArchitecture, checkArchitecture } from "./BertArchitecture.ts";

/** Graph inputs of every BERT graph: int64 [batch, seq], position ids [1, seq] (0…seq−1 unless given). */
export interface BertInputs {
  inputIds: Value;
  /**
   * Word embeddings given directly ([batch, seq, hidden] float32) instead of looked up from `inputIds` — the
   * input that gradient-based explanations differentiate with respect to.
   */
  inputsEmbeds?: Value;
  attentionMask: Value;
  tokenTypeIds: Value;
  positionIds: Value;
}

export function declareBertInputs(g: Graph): BertInputs {
  return {
    inputIds: g.input("input_ids", "int64", ["batch", "seq"]),
    attentionMask: g.input("attention_mask", "int64", ["batch", "seq"]),
    tokenTypeIds: g.input("token_type_ids", "int64", ["batch", "seq"]),
    positionIds: g.input("position_ids", "int64", [1, "seq"]),
  };
}

/** Where dropout goes (HF: hidden_dropout_prob after embeddings and sub-layer outputs, attention_probs_dropout_prob). */
export interface BertEncoderOptions {
  /** Build the pooler (tanh dense on [CLS]). Default true. */
  pooler?: boolean;
  /** Training-time dropout; inference graphs have none. */
  dropout?: DropoutHooks;
}

/**
 * HF `BertModel`'s forward pass, written once against the graph builder (names are HF's, without `bert.`):
 * embeddings (word + position + token type, LayerNorm), N post-LN transformer layers, and the pooler.
 * Returns [batch, seq, hidden] last hidden state and [batch, hidden] pooled output.
 */
export function bertEncoder(
  g: Graph,
  params: ParamSource,
  arch: BertArchitecture,
  inputs: BertInputs,
  options: BertEncoderOptions = {},
): { lastHiddenState: Value; pooledOutput?: Value } {
  checkArchitecture(arch);
  const H = arch.hiddenSize;
  const emb = (name: string, rows: number, ids: Value) =>
    T.gather(params.param(g, `embeddings.${name}.weight`, [rows, H]), ids);
  const words = inputs.inputsEmbeds ?? emb("word_embeddings", arch.vocabSize, inputs.inputIds);
  let x = T.add(
    T.add(words, emb("token_type_embeddings", arch.typeVocabSize, inputs.tokenTypeIds)),
    emb("position_embeddings", arch.maxPositions, inputs.positionIds),
  );
  const drop = options.dropout;
  x = layerNorm(g, params, "embeddings.LayerNorm", x, H, arch.layerNormEps);
  if (drop) x = drop.hidden(x);
  const mask = additiveMask(inputs.attentionMask);
  const act = ACTIVATIONS[arch.hiddenAct];
  for (let i = 0; i < arch.numLayers; i++) {
    const p = `encoder.layer.${i}`;
    const context = selfAttention(g, params, `${p}.attention`, x, mask, H, arch.numHeads, drop?.attention);
    let attended = linear(g, params, `${p}.attention.output.dense`, context, H, H);
    if (drop) attended = drop.hidden(attended);
    x = layerNorm(g, params, `${p}.attention.output.LayerNorm`, T.add(attended, x), H, arch.layerNormEps);
    const inner = act(linear(g, params, `${p}.intermediate.dense`, x, H, arch.intermediateSize));
    let out = linear(g, params, `${p}.output.dense`, inner, arch.intermediateSize, H);
    if (drop) out = drop.hidden(out);
    x = layerNorm(g, params, `${p}.output.LayerNorm`, T.add(out, x), H, arch.layerNormEps);
  }
  if (options.pooler === false) return { lastHiddenState: x };
  const cls = T.squeeze(T.slice(x, [0], [1], [1]), [1]);
  const pooledOutput = T.tanh(linear(g, params, "pooler.dense", cls, H, H));
  return { lastHiddenState: x, pooledOutput };
}

/** The inference graph: BERT inputs → `last_hidden_state` and (with a pooler) `pooler_output`. */
export function buildBertEncoderGraph(
  params: ParamSource,
  arch: BertArchitecture,
  options: BertEncoderOptions = {},
): Graph {
  const g = new Graph("bert_encoder");
  const { lastHiddenState, pooledOutput } = bertEncoder(g, params, arch, declareBertInputs(g), options);
  g.output(lastHiddenState, "last_hidden_state");
  if (pooledOutput) g.output(pooledOutput, "pooler_output");
  return g;
}
