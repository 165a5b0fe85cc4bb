import { gradients } from "../graph/autodiff/gradients.ts";
import { Graph } from "../graph/Graph.ts";
import * as T from "../graph/tensorOps.ts";
import type { BertArchitecture } from "../models/bert/BertArchitecture.ts";
import { bertEncoder, declareBertInputs } from "../models/bert/bertEncoderGraph.ts";
import { bertMlmHead } from "../models/bert/bertMlmHead.ts";
import { DropoutMasks } from "../nn/DropoutMasks.ts";
import { InputParamSource } from "../nn/InputParamSource.ts";
import type { OptimizerName } from "../nn/optimizerGraph.ts";
import { applyUpdates, type TrainStepGraph } from "./buildTrainStep.ts";

export interface MlmGraphArgs {
  arch: BertArchitecture;
  optimizer: OptimizerName;
  weightDecay: number;
  maxGradNorm: number;
  hiddenDropout: number;
  attentionDropout: number;
}

/**
 * One masked-language-model step: the encoder on masked ids, the MLM head only at the masked positions
 * (`mlm_positions`: flat indices b·seq + t; `mlm_targets`: [masked, 1] original ids), mean cross-entropy over them,
 * backward, optimizer update — one ONNX Runtime call. The decoder is tied to the word embeddings, as in BERT.
 */
export function buildMlmStep(a: MlmGraphArgs): TrainStepGraph {
  const g = new Graph("mlm_step");
  const params = new InputParamSource();
  const masks = new DropoutMasks(g, a.hiddenDropout, a.attentionDropout);
  const { lastHiddenState } = bertEncoder(g, params, a.arch, declareBertInputs(g), {
    pooler: false,
    dropout: masks.hooks(),
  });
  const positions = g.input("mlm_positions", "int64", ["masked"]);
  const targets = g.input("mlm_targets", "int64", ["masked", 1]);
  const rows = T.gather(T.reshape(lastHiddenState, [-1, a.arch.hiddenSize]), positions);
  const logits = bertMlmHead(g, params, a.arch, rows);
  const loss = T.neg(T.reduceMean(T.gatherElements(T.logSoftmax(logits, -1), targets, 1), [0, 1], false));
  g.output(loss, "loss");
  const grads = gradients(
    loss,
    params.params.map((p) => p.value),
  );
  applyUpdates(
    g,
    a,
    params.params,
    params.params.map((p) => grads.get(p.value) ?? T.zeros(g, p.shape, "float32")),
  );
  return { graph: g, params: params.params, dropoutSites: masks.sites };
}
