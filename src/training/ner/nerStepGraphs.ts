import { gradients } from "../../graph/autodiff/gradients.ts";
import { Graph } from "../../graph/Graph.ts";
import * as T from "../../graph/tensorOps.ts";
import type { TensorData } from "../../graph/types.ts";
import type { Value } from "../../graph/Value.ts";
import type { BertArchitecture } from "../../models/bert/BertArchitecture.ts";
import { declareBertInputs } from "../../models/bert/bertEncoderGraph.ts";
import { tokenClassifier } from "../../models/heads/tokenClassifier.ts";
import { DropoutMasks } from "../../nn/DropoutMasks.ts";
import { InputParamSource } from "../../nn/InputParamSource.ts";
import { tokenCrossEntropy } from "../../nn/losses.ts";
import { applyUpdates, type TrainStepGraph } from "../buildTrainStep.ts";
import type { StepGraphs } from "../StepGraphs.ts";
import { IGNORED_LABEL, labelledPositions, type NerWindow } from "./nerWindows.ts";

export interface NerGraphArgs {
  arch: BertArchitecture;
  numLabels: number;
  weightDecay: number;
  maxGradNorm: number;
  hiddenDropout: number;
  attentionDropout: number;
  classifierDropout: number;
}

function lossAndGrads(g: Graph, a: NerGraphArgs, lossScale?: Value) {
  const params = new InputParamSource();
  const masks = new DropoutMasks(g, a.hiddenDropout, a.attentionDropout);
  const logits = tokenClassifier(g, params, a.arch, declareBertInputs(g), {
    numLabels: a.numLabels,
    dropout: masks.hooks(),
    classifierDropout: (x) => masks.apply(x, a.classifierDropout),
  });
  let loss = tokenCrossEntropy(logits, g.input("token_labels", "float32", ["batch", "seq", a.numLabels]));
  g.output(loss, "loss");
  if (lossScale) loss = T.mul(loss, lossScale);
  const grads = gradients(
    loss,
    params.params.map((p) => p.value),
  );
  const list = params.params.map((p) => grads.get(p.value) ?? T.zeros(g, p.shape, "float32"));
  return { params: params.params, grads: list, sites: masks.sites };
}

/** Encoder feeds for windows right-padded to the longest, and (training) one-hot labels, zero where ignored. */
export function nerFeeds(windows: readonly NerWindow[], numLabels: number, padTokenId: number, withLabels: boolean) {
  const batch = windows.length;
  const seq = Math.max(...windows.map((w) => w.inputIds.length));
  const ids = new BigInt64Array(batch * seq).fill(BigInt(padTokenId));
  const mask = new BigInt64Array(batch * seq);
  const oneHot = withLabels ? new Float32Array(batch * seq * numLabels) : undefined;
  windows.forEach((w, b) => {
    w.inputIds.forEach((id, t) => {
      ids[b * seq + t] = BigInt(id);
      mask[b * seq + t] = 1n;
      const l = w.labels?.[t] ?? IGNORED_LABEL;
      if (oneHot && l !== IGNORED_LABEL) oneHot[(b * seq + t) * numLabels + l] = 1;
    });
  });
  const feeds: Record<string, TensorData> = {
    input_ids: { dtype: "int64", shape: [batch, seq], data: ids },
    attention_mask: { dtype: "int64", shape: [batch, seq], data: mask },
    token_type_ids: { dtype: "int64", shape: [batch, seq], data: new BigInt64Array(batch * seq) },
    position_ids: { dtype: "int64", shape: [1, seq], data: BigInt64Array.from({ length: seq }, (_, i) => BigInt(i)) },
  };
  if (oneHot) feeds.token_labels = { dtype: "float32", shape: [batch, seq, numLabels], data: oneHot };
  return { feeds, dims: { batch, seq } };
}

/**
 * Token classification's step graphs for StepRunner (the engine `prognos train` uses): forward, the ignore-index
 * cross-entropy, gradients and the AdamW update in one call, or accumulated over micro-batches, each weighted by its
 * share of the batch's labelled positions so the step's loss is the mean over all of them (as one big batch).
 */
export function nerStepGraphs(a: NerGraphArgs, padTokenId: number): StepGraphs<NerWindow> {
  const opt = { optimizer: "adamw" as const, weightDecay: a.weightDecay, maxGradNorm: a.maxGradNorm };
  return {
    optimizer: "adamw",
    buildTrain: () => {
      const g = new Graph("ner_train_step");
      const { params, grads, sites } = lossAndGrads(g, a);
      applyUpdates(g, opt, params, grads);
      return { graph: g, params, dropoutSites: sites } satisfies TrainStepGraph;
    },
    buildAccumulate: () => {
      const g = new Graph("ner_accumulate_step");
      const { params, grads, sites } = lossAndGrads(g, a, g.input("loss_scale", "float32", []));
      params.forEach((p, i) => {
        g.output(T.add(g.input(`acc.${p.name}`, "float32", p.shape), grads[i]!), `new_acc.${p.name}`);
      });
      return { graph: g, params, dropoutSites: sites };
    },
    buildApply: (shapes) => {
      const g = new Graph("ner_apply_step");
      const declared = shapes.map((p) => ({ ...p, value: g.input(p.name, "float32", p.shape) }));
      applyUpdates(
        g,
        opt,
        declared,
        shapes.map((p) => g.input(`acc.${p.name}`, "float32", p.shape)),
      );
      return g;
    },
    buildPredict: () => {
      const g = new Graph("ner_predict");
      const params = new InputParamSource();
      g.output(tokenClassifier(g, params, a.arch, declareBertInputs(g), { numLabels: a.numLabels }), "logits");
      return { graph: g, params: params.params, dropoutSites: [] };
    },
    feeds: (windows, predict) => nerFeeds(windows, a.numLabels, padTokenId, !predict),
    shares: (micro) => {
      const counts = micro.map((m) => m.reduce((n, w) => n + labelledPositions(w), 0));
      const total = counts.reduce((x, y) => x + y, 0);
      return counts.map((c) => c / total);
    },
  };
}
