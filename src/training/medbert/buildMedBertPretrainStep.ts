import { gradients } from "../../graph/autodiff/gradients.ts";
import { Graph } from "../../graph/Graph.ts";
import * as T from "../../graph/tensorOps.ts";
import type { Value } from "../../graph/Value.ts";
import type { MedBertArchitecture } from "../../models/medbert/MedBertConfig.ts";
import { declareMedBertInputs, medbertEncoder } from "../../models/medbert/medbertEncoderGraph.ts";
import { maskedCodeLogits, prolongedStayLogit } from "../../models/medbert/medbertPretrainingHeads.ts";
import { DropoutMasks } from "../../nn/DropoutMasks.ts";
import { InputParamSource, type TrainableParam } from "../../nn/InputParamSource.ts";
import { bceWithLogits } from "../../nn/losses.ts";
import type { OptimizerName } from "../../nn/optimizerGraph.ts";
import type { ParamSource } from "../../nn/ParamSource.ts";
import { applyUpdates, type TrainStepGraph } from "../buildTrainStep.ts";

export interface MedBertPretrainGraphArgs {
  arch: MedBertArchitecture;
  optimizer: OptimizerName;
  weightDecay: number;
  maxGradNorm: number;
  hiddenDropout: number;
  attentionDropout: number;
}

/**
 * Med-BERT's two pre-training objectives (docs/medbert.md#pretraining) on one batch. Inputs beyond the encoder's:
 * `mlm_positions` [masked] (flat b·seq + t), `mlm_targets` [masked, 1], `plos_labels` [batch, 1] (0/1 float).
 * Outputs: `loss` = mean cross-entropy of the masked codes + mean BCE of the prolonged-stay logit (read from the
 * output pooled over ALL positions), `mlm_loss`, `plos_loss`, `mlm_correct` (masked codes whose target has the
 * highest logit) and `plos_logits` [batch, 1].
 */
export function medbertPretrainLoss(
  g: Graph,
  params: ParamSource,
  a: Pick<MedBertPretrainGraphArgs, "arch">,
  dropout?: DropoutMasks,
): { loss: Value } {
  const hooks = dropout?.hooks();
  const { lastHiddenState, pooledOutput } = medbertEncoder(g, params, a.arch, declareMedBertInputs(g), hooks);
  const positions = g.input("mlm_positions", "int64", ["masked"]);
  const targets = g.input("mlm_targets", "int64", ["masked", 1]);
  const rows = T.gather(T.reshape(lastHiddenState, [-1, a.arch.hiddenSize]), positions);
  const logits = maskedCodeLogits(g, params, a.arch, rows);
  const mlmLoss = T.neg(T.reduceMean(T.gatherElements(T.logSoftmax(logits, -1), targets, 1), [0, 1], false));
  const pooled = hooks ? hooks.hidden(pooledOutput) : pooledOutput;
  const plos = prolongedStayLogit(g, params, a.arch, pooled);
  const plosLoss = bceWithLogits(plos, g.input("plos_labels", "float32", ["batch", 1]));
  const correct = T.reduceSum(
    T.cast(T.equal(T.gatherElements(logits, targets, 1), T.reduceMax(logits, [1], true)), "float32"),
    [0, 1],
    false,
  );
  g.output(mlmLoss, "mlm_loss");
  g.output(plosLoss, "plos_loss");
  g.output(correct, "mlm_correct");
  g.output(plos, "plos_logits");
  return { loss: T.add(mlmLoss, plosLoss) };
}

function lossAndGrads(g: Graph, a: MedBertPretrainGraphArgs, train: boolean, lossScale?: Value) {
  const params = new InputParamSource();
  const masks = new DropoutMasks(g, train ? a.hiddenDropout : 0, train ? a.attentionDropout : 0);
  let { loss } = medbertPretrainLoss(g, params, a, masks);
  g.output(loss, "loss");
  if (lossScale) loss = T.mul(loss, lossScale);
  const grads = gradients(
    loss,
    params.params.map((p) => p.value),
  );
  const list = params.params.map((p) => grads.get(p.value) ?? T.zeros(g, p.shape, "float32"));
  return { params: params.params, grads: list, sites: masks.sites };
}

/** One pre-training step (forward, both losses, backward, clipping, AdamW) in one ONNX Runtime call. */
export function buildMedBertPretrainStep(a: MedBertPretrainGraphArgs): TrainStepGraph {
  const g = new Graph("medbert_pretrain_step");
  const { params, grads, sites } = lossAndGrads(g, a, true);
  applyUpdates(g, a, params, grads);
  return { graph: g, params, dropoutSites: sites };
}

/** Accumulation: one micro-batch's gradients (scaled by `loss_scale`) added to `acc.<name>`. */
export function buildMedBertPretrainAccumulate(a: MedBertPretrainGraphArgs): TrainStepGraph {
  const g = new Graph("medbert_pretrain_accumulate");
  const { params, grads, sites } = lossAndGrads(g, a, true, g.input("loss_scale", "float32", []));
  params.forEach((p, i) =>
    g.output(T.add(g.input(`acc.${p.name}`, "float32", p.shape), grads[i]!), `new_acc.${p.name}`),
  );
  return { graph: g, params, dropoutSites: sites };
}

/** The same losses and counts without dropout or update: evaluation on val. */
export function buildMedBertPretrainEval(a: MedBertPretrainGraphArgs): TrainStepGraph {
  const g = new Graph("medbert_pretrain_eval");
  const params = new InputParamSource();
  g.output(medbertPretrainLoss(g, params, a).loss, "loss");
  return { graph: g, params: params.params, dropoutSites: [] };
}

export type { TrainableParam };
