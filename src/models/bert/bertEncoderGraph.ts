import { Graph } from "../../graph/Graph.ts";
import * as T from "../../graph/tensorOps.ts";
import type { Value } from "../../graph/Value.ts";
import type { DropoutHooks } from "../../nn/DropoutHooks.ts";
import type { ParamSource } from "../../nn/ParamSource.ts";
import { linear } from "../layers/linear.ts";
import { additiveMask } from "../layers/selfAttention.ts";
import { summedEmbeddings } from "../layers/summedEmbeddings.ts";
import { transformerLayers } from "../layers/transformerLayers.ts";
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
  const drop = options.dropout;
  const words = inputs.inputsEmbeds
    ? { value: inputs.inputsEmbeds }
    : { name: "word_embeddings", rows: arch.vocabSize, ids: inputs.inputIds };
  const embedded = summedEmbeddings(
    g,
    params,
    "embeddings",
    [
      words,
      { name: "token_type_embeddings", rows: arch.typeVocabSize, ids: inputs.tokenTypeIds },
      { name: "position_embeddings", rows: arch.maxPositions, ids: inputs.positionIds },
    ],
    H,
    arch.layerNormEps,
    drop,
  );
  const x = transformerLayers(g, params, "encoder.layer", embedded, additiveMask(inputs.attentionMask), arch, drop);
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
