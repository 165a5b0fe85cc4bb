import type { WeightTensor } from "../../checkpoint/WeightTensor.ts";
import { gradients } from "../../graph/autodiff/gradients.ts";
import { Graph } from "../../graph/Graph.ts";
import * as T from "../../graph/tensorOps.ts";
import { ehrHeadFeeds } from "../../models/ehr/ehrHeadFeeds.ts";
import {
  declareEhrHeadInputs,
  declareEncodedInputs,
  type EhrHeadArgs,
  ENCODER_PARAM_PREFIX,
  ehrHeadLogits,
} from "../../models/ehr/ehrHeadGraph.ts";
import { DropoutMasks } from "../../nn/DropoutMasks.ts";
import { InputParamSource } from "../../nn/InputParamSource.ts";
import { bceWithLogits } from "../../nn/losses.ts";
import type { ParamSource } from "../../nn/ParamSource.ts";
import { WeightsParamSource } from "../../nn/WeightsParamSource.ts";
import { applyUpdates, type TrainStepGraph } from "../buildTrainStep.ts";
import type { StepGraphs } from "../StepGraphs.ts";
import type { EncoderOutputCache } from "./EncoderOutputCache.ts";
import type { LabelledPatient } from "./ehrTrainData.ts";

export interface EhrStepArgs {
  head: EhrHeadArgs;
  /** Encoder weights (`medbert.*`) baked in and not trained (--freeze); undefined: everything trains. */
  frozen?: ReadonlyMap<string, WeightTensor>;
  /** With a frozen encoder: its outputs computed once and fed to the head (the encoder is then not in the graphs). */
  cache?: EncoderOutputCache;
  weightDecay: number;
  maxGradNorm: number;
  headDropout: number;
  encoderDropout: number;
  /** Vocabulary and position limits the feeds are checked against. */
  limits: { vocabSize: number; maxPositions: number; maxVisits: number };
}

/** Trainable parameters as graph inputs; with a frozen encoder its `medbert.*` weights are initializers. */
function paramsOf(a: EhrStepArgs): { source: ParamSource; trainable: InputParamSource } {
  const trainable = new InputParamSource();
  if (!a.frozen) return { source: trainable, trainable };
  const frozen = new WeightsParamSource(a.frozen);
  const route = (name: string) => (name.startsWith(ENCODER_PARAM_PREFIX) ? frozen : trainable);
  return {
    trainable,
    source: {
      param: (g, name, shape) => route(name).param(g, name, shape),
      linearWeight: (g, name, o, i) => route(name).linearWeight(g, name, o, i),
    },
  };
}

/** The cached encoder outputs' inputs when the steps read a cache (a frozen encoder); else the encoder is in the graph. */
function encodedInputs(g: Graph, a: EhrStepArgs) {
  if (!a.cache) return undefined;
  if (!a.frozen || a.head.input !== "medbert")
    throw new Error("an encoder output cache needs a frozen Med-BERT encoder");
  return declareEncodedInputs(g, a.cache.hidden);
}

function forward(g: Graph, a: EhrStepArgs, train: boolean) {
  const { source, trainable } = paramsOf(a);
  const masks = new DropoutMasks(
    g,
    train && !a.frozen ? a.encoderDropout : 0,
    train && !a.frozen ? a.encoderDropout : 0,
  );
  const logits = ehrHeadLogits(
    g,
    source,
    a.head,
    declareEhrHeadInputs(g, a.head),
    { encoder: masks.hooks(), head: (x) => (train ? masks.apply(x, a.headDropout) : x) },
    encodedInputs(g, a),
  );
  g.output(logits, "logits");
  const loss = bceWithLogits(logits, g.input("labels", "float32", ["batch", 1]));
  g.output(loss, "loss");
  const grads = gradients(
    loss,
    trainable.params.map((p) => p.value),
  );
  // Unused parameters (the encoder's pooler under a recurrent head) get a zero gradient.
  const list = trainable.params.map((p) => grads.get(p.value) ?? T.zeros(g, p.shape, "float32"));
  return { params: trainable.params, grads: list, sites: masks.sites };
}

/** The train, accumulate and predict graphs of an EHR head (BCE on one logit) and its feeds. */
export function ehrHeadStepGraphs(a: EhrStepArgs): StepGraphs<LabelledPatient> {
  const opt = { optimizer: "adamw" as const, weightDecay: a.weightDecay, maxGradNorm: a.maxGradNorm };
  return {
    optimizer: "adamw",
    buildTrain: () => {
      const g = new Graph(`ehr_${a.head.head}_train`);
      const { params, grads, sites } = forward(g, a, true);
      applyUpdates(g, opt, params, grads);
      return { graph: g, params, dropoutSites: sites } satisfies TrainStepGraph;
    },
    buildAccumulate: () => {
      throw new Error("EHR heads train without gradient accumulation");
    },
    buildApply: () => {
      throw new Error("EHR heads train without gradient accumulation");
    },
    buildPredict: () => {
      const g = new Graph(`ehr_${a.head.head}_predict`);
      const { source, trainable } = paramsOf(a);
      g.output(
        ehrHeadLogits(g, source, a.head, declareEhrHeadInputs(g, a.head), undefined, encodedInputs(g, a)),
        "logits",
      );
      return { graph: g, params: trainable.params, dropoutSites: [] };
    },
    feeds: (batch, predict) => {
      const { feeds, dims } = ehrHeadFeeds(a.limits, a.head.maxVisits, {
        codes: batch.map((p) => p.codes),
        visits: batch.map((p) => p.visits),
      });
      if (a.cache) Object.assign(feeds, a.cache.feeds(batch, dims.seq!));
      if (!predict)
        feeds.labels = { dtype: "float32", shape: [batch.length, 1], data: Float32Array.from(batch, (p) => p.label) };
      return { feeds, dims };
    },
  };
}
