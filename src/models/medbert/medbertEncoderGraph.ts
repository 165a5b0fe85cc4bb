import { Graph } from "../../graph/Graph.ts";
import * as T from "../../graph/tensorOps.ts";
import type { Value } from "../../graph/Value.ts";
import type { DropoutHooks } from "../../nn/DropoutHooks.ts";
import type { ParamSource } from "../../nn/ParamSource.ts";
import { linear } from "../layers/linear.ts";
import { additiveMask } from "../layers/selfAttention.ts";
import { summedEmbeddings } from "../layers/summedEmbeddings.ts";
import { transformerLayers } from "../layers/transformerLayers.ts";
import type { MedBertArchitecture } from "./MedBertConfig.ts";

/**
 * Graph inputs of every Med-BERT graph, int64: code ids, visit indices (0 for the first kept visit) and the 0/1
 * attention mask, all [batch, seq]; position ids [1, seq] (0…seq−1: the serialization index). No [CLS]/[SEP].
 */
export interface MedBertInputs {
  codeIds: Value;
  visitIds: Value;
  attentionMask: Value;
  positionIds: Value;
}

export function declareMedBertInputs(g: Graph): MedBertInputs {
  return {
    codeIds: g.input("code_ids", "int64", ["batch", "seq"]),
    visitIds: g.input("visit_ids", "int64", ["batch", "seq"]),
    attentionMask: g.input("attention_mask", "int64", ["batch", "seq"]),
    positionIds: g.input("position_ids", "int64", [1, "seq"]),
  };
}

/** The embedding layer: LayerNorm((code + visit) + serialization), then hidden dropout. [batch, seq, hidden]. */
export function medbertEmbeddings(
  g: Graph,
  params: ParamSource,
  arch: MedBertArchitecture,
  inputs: MedBertInputs,
  dropout?: DropoutHooks,
): Value {
  return summedEmbeddings(
    g,
    params,
    "embeddings",
    [
      { name: "code_embeddings", rows: arch.vocabSize, ids: inputs.codeIds },
      { name: "visit_embeddings", rows: arch.maxVisits, ids: inputs.visitIds },
      { name: "position_embeddings", rows: arch.maxPositions, ids: inputs.positionIds },
    ],
    arch.hiddenSize,
    arch.layerNormEps,
    dropout,
  );
}

/** Σ_t mask_t·h_t / Σ_t mask_t over the sequence: [batch, seq, hidden] → [batch, hidden]; padding counts for nothing. */
export function meanPool(hidden: Value, attentionMask: Value): Value {
  const m = T.unsqueeze(T.cast(attentionMask, "float32"), [2]);
  return T.div(T.reduceSum(T.mul(hidden, m), [1], false), T.reduceSum(m, [1], false));
}

export interface MedBertOutputs {
  /** [batch, seq, hidden]. */
  lastHiddenState: Value;
  /** tanh(pooler.dense(mean over the sequence's codes)) [batch, hidden]: pooled over ALL positions, not the first. */
  pooledOutput: Value;
}

/**
 * The Med-BERT encoder (docs/medbert-method.md#model), parameter names as Hugging Face's BERT with the code and
 * visit tables in place of word and token-type embeddings: embeddings, then the transformer layers shared with the
 * BERT encoder (models/layers/transformerLayers.ts), then the pooler — a tanh dense layer on the MEAN of the last
 * hidden states over the sequence's codes. (The reference pooled the first position, a reported bug: with no
 * [CLS] token the first code is just the oldest diagnosis.)
 */
export function medbertEncoder(
  g: Graph,
  params: ParamSource,
  arch: MedBertArchitecture,
  inputs: MedBertInputs,
  dropout?: DropoutHooks,
): MedBertOutputs {
  const x = medbertEmbeddings(g, params, arch, inputs, dropout);
  const lastHiddenState = transformerLayers(
    g,
    params,
    "encoder.layer",
    x,
    additiveMask(inputs.attentionMask),
    arch,
    dropout,
  );
  const H = arch.hiddenSize;
  const pooledOutput = T.tanh(linear(g, params, "pooler.dense", meanPool(lastHiddenState, inputs.attentionMask), H, H));
  return { lastHiddenState, pooledOutput };
}

/** The inference graph: Med-BERT inputs → `last_hidden_state` [batch, seq, hidden] and `pooled_output` [batch, hidden]. */
export function buildMedBertEncoderGraph(params: ParamSource, arch: MedBertArchitecture): Graph {
  const g = new Graph("medbert_encoder");
  const { lastHiddenState, pooledOutput } = medbertEncoder(g, params, arch, declareMedBertInputs(g));
  g.output(lastHiddenState, "last_hidden_state");
  g.output(pooledOutput, "pooled_output");
  return g;
}
