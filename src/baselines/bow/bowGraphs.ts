import { gradients } from "../../graph/autodiff/gradients.ts";
import { Graph } from "../../graph/Graph.ts";
import * as T from "../../graph/tensorOps.ts";
import type { Value } from "../../graph/Value.ts";
import { bceWithLogits, crossEntropy } from "../../nn/losses.ts";
import { adamwUpdate, decays, declareStepScalars } from "../../nn/optimizerGraph.ts";
import type { ProblemType } from "../../tasks/ProblemType.ts";

/** What shapes the logistic-regression graphs. */
export interface BowGraphArgs {
  /** Vocabulary size (tf-idf columns). */
  features: number;
  numLabels: number;
  problemType: ProblemType;
  /** AdamW's decoupled weight decay on `weight` (never on `bias`). */
  weightDecay: number;
  /** Feed `class_weights` [labels]: BCE pos_weight (multi-label) or per-class CE weights (single-label). */
  classWeights: boolean;
}

/** The parameters: logits = x · weight + bias, weight [features, labels]. */
export function bowParams(a: BowGraphArgs): Array<{ name: "weight" | "bias"; shape: number[] }> {
  return [
    { name: "weight", shape: [a.features, a.numLabels] },
    { name: "bias", shape: [a.numLabels] },
  ];
}

function logitsOf(g: Graph, a: BowGraphArgs) {
  const x = g.input("x", "float32", ["batch", a.features]);
  const weight = g.input("weight", "float32", [a.features, a.numLabels]);
  const bias = g.input("bias", "float32", [a.numLabels]);
  return { logits: T.add(T.matMul(x, weight), bias), params: { weight, bias } as Record<string, Value> };
}

/**
 * One AdamW step of logistic regression on a batch of dense tf-idf rows, in one ONNX Runtime call.
 * Inputs: x [batch, features], labels [batch, labels] (0/1 targets, or one-hot classes), class_weights [labels]
 * (when on), weight, bias, their moments m.* and v.*, and the step scalars lr, bc1, bc2.
 * Outputs: loss, new.*, new_m.*, new_v.*. Multi-label: sigmoid + BCE (mean over batch and labels); single-label:
 * softmax + cross-entropy (torch's weighted mean when weighted).
 */
export function buildBowTrainStep(a: BowGraphArgs): Graph {
  const g = new Graph("bow_train_step");
  const { logits, params } = logitsOf(g, a);
  const labels = g.input("labels", "float32", ["batch", a.numLabels]);
  const weights = a.classWeights ? g.input("class_weights", "float32", [a.numLabels]) : undefined;
  const loss =
    a.problemType === "multi_label_classification"
      ? bceWithLogits(logits, labels, weights)
      : crossEntropy(logits, labels, weights);
  g.output(loss, "loss");
  const list = bowParams(a);
  const grads = gradients(
    loss,
    list.map((p) => params[p.name]!),
  );
  const scalars = declareStepScalars(g);
  for (const p of list) {
    const value = params[p.name]!;
    const m = g.input(`m.${p.name}`, "float32", p.shape);
    const v = g.input(`v.${p.name}`, "float32", p.shape);
    const u = adamwUpdate(value, grads.get(value)!, m, v, scalars, decays(p.name) ? a.weightDecay : 0);
    g.output(u.p, `new.${p.name}`);
    g.output(u.m, `new_m.${p.name}`);
    g.output(u.v, `new_v.${p.name}`);
  }
  return g;
}

/** Scores for a batch: sigmoid per label (multi-label) or softmax over classes; output `scores` [batch, labels]. */
export function buildBowPredict(a: BowGraphArgs): Graph {
  const g = new Graph("bow_predict");
  const { logits } = logitsOf(g, a);
  g.output(a.problemType === "multi_label_classification" ? T.sigmoid(logits) : T.softmax(logits, -1), "scores");
  return g;
}
