import type { Graph } from "../../graph/Graph.ts";
import * as T from "../../graph/tensorOps.ts";
import type { Value } from "../../graph/Value.ts";
import type { DropoutHooks } from "../../nn/DropoutHooks.ts";
import type { ParamSource } from "../../nn/ParamSource.ts";
import { gruSteps, gruWeights } from "../layers/gru.ts";
import { linear } from "../layers/linear.ts";
import type { MedBertArchitecture } from "../medbert/MedBertConfig.ts";
import { declareMedBertInputs, meanPool, medbertEncoder } from "../medbert/medbertEncoderGraph.ts";
import { retain } from "./retain.ts";

/** The neural heads of `ehr train` (docs/medbert.md#heads); lr and rf are the bag-of-codes baselines. */
export const NEURAL_HEADS = ["ffn", "gru", "bigru", "retain"] as const;
export type NeuralHead = (typeof NEURAL_HEADS)[number];

/** What a head reads: its own learned code embeddings, or the Med-BERT encoder (fine-tuned or frozen). */
export type EhrHeadArgs = {
  head: NeuralHead;
  /** Visits per patient in the graph (the recurrences are unrolled over them; fewer are padded). */
  maxVisits: number;
  /** GRU / RETAIN hidden size. */
  rnnSize: number;
} & (
  | { input: "embeddings"; vocabSize: number; embeddingSize: number }
  | { input: "medbert"; arch: MedBertArchitecture }
);

/** Encoder weights are `medbert.*`, learned code embeddings `embeddings.*`, head weights `head.*`. */
export const ENCODER_PARAM_PREFIX = "medbert.";

export interface EhrHeadInputs {
  codeIds: Value;
  visitIds: Value;
  attentionMask: Value;
  positionIds: Value;
  /** [batch, visits, seq]: 1 / (codes in the visit) where code t belongs to visit v, else 0 (a visit's mean). */
  visitWeights: Value;
}

/** The inputs through which a frozen encoder's cached outputs reach a head (EncoderOutputCache.feeds). */
export function declareEncodedInputs(g: Graph, hidden: number): { codes: Value; pooled: Value } {
  return {
    codes: g.input("encoded_codes", "float32", ["batch", "seq", hidden]),
    pooled: g.input("encoded_pooled", "float32", ["batch", hidden]),
  };
}

export function declareEhrHeadInputs(g: Graph, a: EhrHeadArgs): EhrHeadInputs {
  return {
    ...declareMedBertInputs(g),
    visitWeights: g.input("visit_weights", "float32", ["batch", a.maxVisits, "seq"]),
  };
}

const withPrefix = (params: ParamSource, prefix: string): ParamSource => ({
  param: (g, name, shape) => params.param(g, prefix + name, shape),
  linearWeight: (g, name, o, i) => params.linearWeight(g, prefix + name, o, i),
});

/**
 * The logit [batch, 1] of an EHR head. Code vectors come from the learned embeddings (`embeddings.code_embeddings`,
 * no position or visit term: the recurrences see the order) or from the Med-BERT encoder's last hidden states; a
 * visit's vector is the mean of its codes' vectors. ffn: classifier on the pooled vector (learned: tanh dense on the
 * mean of the codes; Med-BERT: its pooled output, pooled over ALL codes); gru: the last real visit's state; bigru: both
 * directions' final states; retain: RETAIN's context. Dropout (the head's rate) on the vectors the head reads.
 * `encoded`: a frozen encoder's outputs fed as inputs (EncoderOutputCache) instead of computed in the graph.
 */
export function ehrHeadLogits(
  g: Graph,
  params: ParamSource,
  a: EhrHeadArgs,
  inputs: EhrHeadInputs,
  dropout?: { encoder?: DropoutHooks; head?: (x: Value) => Value },
  encoded?: { codes: Value; pooled: Value },
): Value {
  let codes: Value;
  let pooled: () => Value;
  let dim: number;
  if (a.input === "medbert" && encoded) {
    codes = encoded.codes;
    pooled = () => encoded.pooled;
    dim = a.arch.hiddenSize;
  } else if (a.input === "medbert") {
    const out = medbertEncoder(g, withPrefix(params, ENCODER_PARAM_PREFIX), a.arch, inputs, dropout?.encoder);
    codes = out.lastHiddenState;
    pooled = () => out.pooledOutput;
    dim = a.arch.hiddenSize;
  } else {
    dim = a.embeddingSize;
    codes = T.gather(params.param(g, "embeddings.code_embeddings.weight", [a.vocabSize, dim]), inputs.codeIds);
    pooled = () => T.tanh(linear(g, params, "head.pooler.dense", meanPool(codes, inputs.attentionMask), dim, dim));
  }
  const drop = dropout?.head ?? ((x: Value) => x);
  const h = withPrefix(params, "head.");
  if (a.head === "ffn") return linear(g, h, "classifier", drop(pooled()), dim, 1);
  const visits = drop(T.matMul(inputs.visitWeights, codes)); // [batch, visits, dim]
  const valid = T.greater(T.reduceSum(inputs.visitWeights, [2], false), 0);
  const R = a.rnnSize;
  if (a.head === "retain") {
    const { context } = retain(g, h, "retain", visits, valid, dim, R, a.maxVisits);
    return linear(g, h, "classifier", drop(context), dim, 1);
  }
  const fwd = gruSteps(visits, valid, gruWeights(g, h, "gru", dim, R, false), R, a.maxVisits, false).last;
  if (a.head === "gru") return linear(g, h, "classifier", drop(fwd), R, 1);
  const bwd = gruSteps(visits, valid, gruWeights(g, h, "gru", dim, R, true), R, a.maxVisits, true).last;
  return linear(g, h, "classifier", drop(T.concat([fwd, bwd], 1)), 2 * R, 1);
}

/** Parameter names and shapes of a head (and learned embeddings; the encoder's are medbertEncoderShapes, prefixed). */
export function ehrHeadShapes(a: EhrHeadArgs): Map<string, number[]> {
  const s = new Map<string, number[]>();
  const dim = a.input === "medbert" ? a.arch.hiddenSize : a.embeddingSize;
  if (a.input === "embeddings") {
    s.set("embeddings.code_embeddings.weight", [a.vocabSize, dim]);
    if (a.head === "ffn") {
      s.set("head.pooler.dense.weight", [dim, dim]);
      s.set("head.pooler.dense.bias", [dim]);
    }
  }
  const R = a.rnnSize;
  const gru = (prefix: string, input: number, suffix: string) => {
    s.set(`head.${prefix}.weight_ih${suffix}`, [3 * R, input]);
    s.set(`head.${prefix}.weight_hh${suffix}`, [3 * R, R]);
    s.set(`head.${prefix}.bias_ih${suffix}`, [3 * R]);
    s.set(`head.${prefix}.bias_hh${suffix}`, [3 * R]);
  };
  let classifierIn = dim;
  if (a.head === "gru" || a.head === "bigru") {
    gru("gru", dim, "_l0");
    classifierIn = R;
    if (a.head === "bigru") {
      gru("gru", dim, "_l0_reverse");
      classifierIn = 2 * R;
    }
  }
  if (a.head === "retain") {
    gru("retain.alpha_gru", dim, "_l0");
    gru("retain.beta_gru", dim, "_l0");
    s.set("head.retain.alpha.weight", [1, R]);
    s.set("head.retain.alpha.bias", [1]);
    s.set("head.retain.beta.weight", [dim, R]);
    s.set("head.retain.beta.bias", [dim]);
  }
  s.set("head.classifier.weight", [1, classifierIn]);
  s.set("head.classifier.bias", [1]);
  return s;
}
