import { gradients } from "../../graph/autodiff/gradients.ts";
import { Graph } from "../../graph/Graph.ts";
import * as T from "../../graph/tensorOps.ts";
import type { Value } from "../../graph/Value.ts";
import type { BertArchitecture } from "../../models/bert/BertArchitecture.ts";
import { bertEncoder, declareBertInputs } from "../../models/bert/bertEncoderGraph.ts";
import { bertMlmHead } from "../../models/bert/bertMlmHead.ts";
import { bertNspHead } from "../../models/bert/bertNspHead.ts";
import { DropoutMasks } from "../../nn/DropoutMasks.ts";
import { InputParamSource } from "../../nn/InputParamSource.ts";
import type { OptimizerName } from "../../nn/optimizerGraph.ts";
import { applyUpdates, type TrainStepGraph } from "../buildTrainStep.ts";

/** What shapes a pre-training graph: the objectives (at least one) and the optimizer. */
export interface PretrainGraphArgs {
  arch: BertArchitecture;
  /** Next-sentence prediction (CORe's outcome objective): pooler + `cls.seq_relationship`. */
  nsp: boolean;
  /** Masked-LM: `cls.predictions` (decoder tied to the word embeddings) at the masked positions. */
  mlm: boolean;
  optimizer: OptimizerName;
  weightDecay: number;
  /** 0 = no clipping. */
  maxGradNorm: number;
  hiddenDropout: number;
  attentionDropout: number;
}

/**
 * The losses of BertForPreTraining as weighted sums, so that micro-batches add up to the whole batch exactly:
 *   nsp_loss = nsp_weight · Σ_rows −log p(nsp_label)           (nsp_weight = 1 / rows in the whole batch)
 *   mlm_loss = Σ_masked mlm_weight · −log p(original token)    (mlm_weight = 1 / masked tokens in the whole batch;
 *                                                                0 for the placeholder fed when a micro-batch has none)
 *   loss     = mlm_loss + nsp_loss                              (Hugging Face's total_loss)
 * With one micro-batch these are the means torch's CrossEntropyLoss takes. Inputs beyond BERT's: nsp_labels
 * [batch, 1], nsp_weight [], mlm_positions [masked] (flat b·seq + t), mlm_targets [masked, 1], mlm_weights
 * [masked, 1]. Outputs: loss, nsp_loss, mlm_loss (each present objective), nsp_logits [batch, 2].
 */
function pretrainLoss(g: Graph, a: PretrainGraphArgs, training: boolean) {
  if (!a.nsp && !a.mlm) throw new Error("a pre-training graph needs next-sentence prediction, masked-LM or both");
  const params = new InputParamSource();
  const masks = new DropoutMasks(g, training ? a.hiddenDropout : 0, training ? a.attentionDropout : 0);
  const { lastHiddenState, pooledOutput } = bertEncoder(g, params, a.arch, declareBertInputs(g), {
    pooler: a.nsp,
    dropout: training ? masks.hooks() : undefined,
  });
  const terms: Value[] = [];
  if (a.mlm) {
    const positions = g.input("mlm_positions", "int64", ["masked"]);
    const targets = g.input("mlm_targets", "int64", ["masked", 1]);
    const weights = g.input("mlm_weights", "float32", ["masked", 1]);
    const rows = T.gather(T.reshape(lastHiddenState, [-1, a.arch.hiddenSize]), positions);
    const logProbs = T.logSoftmax(bertMlmHead(g, params, a.arch, rows), -1);
    const mlm = T.neg(T.reduceSum(T.mul(T.gatherElements(logProbs, targets, 1), weights), [0, 1], false));
    g.output(mlm, "mlm_loss");
    terms.push(mlm);
  }
  if (a.nsp) {
    const labels = g.input("nsp_labels", "int64", ["batch", 1]);
    const weight = g.input("nsp_weight", "float32", []);
    const logits = bertNspHead(g, params, a.arch, pooledOutput!);
    g.output(logits, "nsp_logits");
    const picked = T.gatherElements(T.logSoftmax(logits, -1), labels, 1);
    const nsp = T.mul(T.neg(T.reduceSum(picked, [0, 1], false)), weight);
    g.output(nsp, "nsp_loss");
    terms.push(nsp);
  }
  const loss = terms.length === 2 ? T.add(terms[0]!, terms[1]!) : terms[0]!;
  g.output(loss, "loss");
  return { params: params.params, loss, sites: masks.sites };
}

function gradientsOf(g: Graph, loss: Value, params: InputParamSource["params"]): Value[] {
  const grads = gradients(
    loss,
    params.map((p) => p.value),
  );
  return params.map((p) => grads.get(p.value) ?? T.zeros(g, p.shape, "float32"));
}

/** One optimizer step in one ONNX Runtime call: forward, losses, backward, clipping, update. */
export function buildPretrainStep(a: PretrainGraphArgs): TrainStepGraph {
  const g = new Graph("pretrain_step");
  const { params, loss, sites } = pretrainLoss(g, a, true);
  applyUpdates(g, a, params, gradientsOf(g, loss, params));
  return { graph: g, params, dropoutSites: sites };
}

/** Gradient accumulation, first half: one micro-batch's gradients added to `acc.<name>` → `new_acc.<name>`. */
export function buildPretrainAccumulateStep(a: PretrainGraphArgs): TrainStepGraph {
  const g = new Graph("pretrain_accumulate");
  const { params, loss, sites } = pretrainLoss(g, a, true);
  const grads = gradientsOf(g, loss, params);
  params.forEach((p, i) => {
    const acc = g.input(`acc.${p.name}`, "float32", p.shape);
    g.output(T.add(acc, grads[i]!), `new_acc.${p.name}`);
  });
  return { graph: g, params, dropoutSites: sites };
}

/** Gradient accumulation, second half: clipping and the update from the summed gradients. */
export function buildPretrainApplyStep(
  a: PretrainGraphArgs,
  params: readonly { name: string; shape: number[] }[],
): Graph {
  const g = new Graph("pretrain_apply");
  const declared = params.map((p) => ({ ...p, value: g.input(p.name, "float32", p.shape) }));
  applyUpdates(
    g,
    a,
    declared,
    params.map((p) => g.input(`acc.${p.name}`, "float32", p.shape)),
  );
  return g;
}

/** The losses alone, parameters as inputs, no dropout (validation). */
export function buildPretrainEval(a: PretrainGraphArgs): TrainStepGraph {
  const g = new Graph("pretrain_eval");
  const { params } = pretrainLoss(g, a, false);
  return { graph: g, params, dropoutSites: [] };
}
