import { gradients } from "../graph/autodiff/gradients.ts";
import { Graph } from "../graph/Graph.ts";
import * as T from "../graph/tensorOps.ts";
import type { Value } from "../graph/Value.ts";
import type { BertArchitecture } from "../models/bert/BertArchitecture.ts";
import { bertClassifier, type Pooling } from "../models/bert/bertClassifier.ts";
import { declareBertInputs } from "../models/bert/bertEncoderGraph.ts";
import { poolWindowLogits } from "../models/heads/poolWindowLogits.ts";
import { DropoutMasks, type DropoutSite } from "../nn/DropoutMasks.ts";
import { InputParamSource, type TrainableParam } from "../nn/InputParamSource.ts";
import { bceWithLogits, crossEntropy } from "../nn/losses.ts";
import {
  adamwUpdate,
  clipGradNorm,
  decays,
  declareStepScalars,
  type OptimizerName,
  sgdUpdate,
} from "../nn/optimizerGraph.ts";
import { sparseRowsOf } from "../nn/sparseRows.ts";
import type { ProblemType } from "../tasks/ProblemType.ts";

/** Everything that shapes the train-step graph (the rest of a run's config is fed per step). */
export interface TrainGraphArgs {
  arch: BertArchitecture;
  problemType: ProblemType;
  numLabels: number;
  pooler: boolean;
  pooling: Pooling;
  optimizer: OptimizerName;
  weightDecay: number;
  /**
   * The classifier's learning rate over the fed `lr` (RunConfig.classifierLr / lr): `classifier.*` are updated
   * with lr·ratio, the other parameters with lr. Default 1.
   */
  classifierLrRatio?: number;
  /** 0 = no clipping. */
  maxGradNorm: number;
  hiddenDropout: number;
  attentionDropout: number;
  classifierDropout: number;
  /** Feed `class_weights` [labels]: pos_weight for multi-label BCE, per-class weights for cross-entropy. */
  classWeights: boolean;
  /**
   * The windows policy (docs/long-notes.md): the batch's rows are windows, fed with `window_slots` and `slot_mask`
   * [notes, slots], and the loss is taken on each note's logits pooled over its windows (max or mean).
   */
  windowPool?: "max" | "mean";
}

export interface TrainStepGraph {
  graph: Graph;
  params: TrainableParam[];
  dropoutSites: DropoutSite[];
  /** Index in graph.nodes of the first node of clipping and the optimizer update (profiling: bench/train). */
  updateFrom?: number;
}

/**
 * Declares the batch inputs and builds loss and gradients. `labels` is float [batch, labels] (with windows: [notes,
 * labels]): 0/1 targets for multi-label, one-hot rows for single-label (softmax) problems.
 */
function lossAndGrads(g: Graph, a: TrainGraphArgs, lossScale?: Value) {
  const params = new InputParamSource();
  const masks = new DropoutMasks(g, a.hiddenDropout, a.attentionDropout);
  const inputs = declareBertInputs(g);
  const logits = bertClassifier(g, params, a.arch, inputs, {
    numLabels: a.numLabels,
    pooler: a.pooler,
    pooling: a.pooling,
    dropout: masks.hooks(),
    classifierDropout: (x) => masks.apply(x, a.classifierDropout),
  });
  let scores = logits;
  if (a.windowPool) {
    const slots = g.input("window_slots", "int64", ["notes", "slots"]);
    const used = g.input("slot_mask", "bool", ["notes", "slots"]);
    scores = poolWindowLogits(logits, slots, used, a.windowPool);
  }
  const labels = g.input("labels", "float32", [a.windowPool ? "notes" : "batch", a.numLabels]);
  const weights = a.classWeights ? g.input("class_weights", "float32", [a.numLabels]) : undefined;
  let loss =
    a.problemType === "multi_label_classification"
      ? bceWithLogits(scores, labels, weights)
      : crossEntropy(scores, labels, weights);
  g.output(loss, "loss");
  if (lossScale) loss = T.mul(loss, lossScale);
  const grads = gradients(
    loss,
    params.params.map((p) => p.value),
  );
  const list = params.params.map((p) => {
    const d = grads.get(p.value);
    return d ?? T.zeros(g, p.shape, "float32");
  });
  return { params: params.params, grads: list, sites: masks.sites };
}

/** The classifier's parameters (HF's names without `bert.`): what TrainGraphArgs.classifierLrRatio scales. */
export const CLASSIFIER_PREFIX = "classifier.";

/** Appends clipping and the optimizer update (new.<name>, new_m.<name>, new_v.<name>, grad_norm) to `g`. */
export function applyUpdates(
  g: Graph,
  a: Pick<TrainGraphArgs, "optimizer" | "weightDecay" | "maxGradNorm" | "classifierLrRatio">,
  params: TrainableParam[],
  grads: Value[],
): void {
  const sparse = sparseRowsOf(g, grads);
  const values = grads.map((d, i) => sparse[i]?.rows ?? d);
  const { norm, coef, squares } = clipGradNorm(values, a.maxGradNorm);
  g.output(norm, "grad_norm");
  const shared = declareStepScalars(g);
  const ratio = a.classifierLrRatio ?? 1;
  const classifier = ratio === 1 ? shared : { ...shared, lr: T.mul(shared.lr, ratio) };
  params.forEach((p, i) => {
    const scalars = p.name.startsWith(CLASSIFIER_PREFIX) ? classifier : shared;
    const wd = decays(p.name) ? a.weightDecay : 0;
    if (a.optimizer === "sgd") {
      g.output(sgdUpdate(p.value, values[i]!, scalars, wd, coef, sparse[i]?.indices), `new.${p.name}`);
      return;
    }
    const m = g.input(`m.${p.name}`, "float32", p.shape);
    const v = g.input(`v.${p.name}`, "float32", p.shape);
    const u = adamwUpdate(p.value, values[i]!, m, v, scalars, wd, { coef, square: squares[i]! }, sparse[i]?.indices);
    g.output(u.p, `new.${p.name}`);
    g.output(u.m, `new_m.${p.name}`);
    g.output(u.v, `new_v.${p.name}`);
  });
}

/** One optimizer step in one ONNX Runtime call: forward, loss, backward, clipping, optimizer update. */
export function buildTrainStep(a: TrainGraphArgs): TrainStepGraph {
  const g = new Graph("train_step");
  const { params, grads, sites } = lossAndGrads(g, a);
  const updateFrom = g.nodes.length;
  applyUpdates(g, a, params, grads);
  return { graph: g, params, dropoutSites: sites, updateFrom };
}

/**
 * Gradient accumulation, first half: one micro-batch's forward and backward, its gradients (scaled by the
 * fed `loss_scale`, 1/k for k micro-batches) added to the running sums `acc.<name>` → `new_acc.<name>`.
 */
export function buildAccumulateStep(a: TrainGraphArgs): TrainStepGraph {
  const g = new Graph("accumulate_step");
  const scale = g.input("loss_scale", "float32", []);
  const { params, grads, sites } = lossAndGrads(g, a, scale);
  params.forEach((p, i) => {
    const acc = g.input(`acc.${p.name}`, "float32", p.shape);
    g.output(T.add(acc, grads[i]!), `new_acc.${p.name}`);
  });
  return { graph: g, params, dropoutSites: sites };
}

/** Gradient accumulation, second half: clipping and the optimizer update from accumulated gradients. */
export function buildApplyStep(a: TrainGraphArgs, params: readonly { name: string; shape: number[] }[]): Graph {
  const g = new Graph("apply_step");
  const declared = params.map((p) => ({ ...p, value: g.input(p.name, "float32", p.shape) }));
  const grads = params.map((p) => g.input(`acc.${p.name}`, "float32", p.shape));
  applyUpdates(g, a, declared, grads);
  return g;
}

/**
 * The forward pass alone with parameters as inputs (evaluation during training): logits [batch, labels], one row
 * per window with the windows policy (pooled per note outside the graph, as evaluation does: poolLogits.ts).
 */
export function buildPredictStep(a: TrainGraphArgs): TrainStepGraph {
  const g = new Graph("predict_step");
  const params = new InputParamSource();
  const logits = bertClassifier(g, params, a.arch, declareBertInputs(g), {
    numLabels: a.numLabels,
    pooler: a.pooler,
    pooling: a.pooling,
  });
  g.output(logits, "logits");
  return { graph: g, params: params.params, dropoutSites: [] };
}
