import type { Graph } from "../graph/Graph.ts";
import type { TensorData } from "../graph/types.ts";
import type { OptimizerName } from "../nn/optimizerGraph.ts";
import { batchFeeds, type Example } from "./Batch.ts";
import {
  buildAccumulateStep,
  buildApplyStep,
  buildPredictStep,
  buildTrainStep,
  type TrainGraphArgs,
  type TrainStepGraph,
} from "./buildTrainStep.ts";
import { microBatchShares } from "./microBatchShares.ts";

/**
 * What StepRunner runs for one model: its train-step graphs (built with applyUpdates, so parameters, moments and
 * outputs follow the `new.<name>`, `new_m.<name>`, `grad_norm` convention) and how a batch of its examples becomes
 * their feeds. The BERT classifier's are `bertStepGraphs`; other models (Med-BERT, the EHR heads) bring their own.
 */
export interface StepGraphs<E> {
  optimizer: OptimizerName;
  buildTrain(): TrainStepGraph;
  /** One micro-batch's gradients added to `acc.<name>` (input `loss_scale`). */
  buildAccumulate(): TrainStepGraph;
  buildApply(params: readonly { name: string; shape: number[] }[]): Graph;
  /** The forward pass with parameters as inputs. */
  buildPredict(): TrainStepGraph;
  /**
   * A batch's feeds (for the predict graph: without targets) and the run-time size of each symbolic dim the dropout
   * sites use ("batch", "seq", …).
   */
  feeds(examples: readonly E[], predict: boolean): { feeds: Record<string, TensorData>; dims: Record<string, number> };
  /** Each micro-batch's share of the whole batch's loss (default: its share of the rows). */
  shares?(microBatches: readonly (readonly E[])[], classWeights?: Float32Array): number[];
  /** Feeds shared by every micro-batch of a step (e.g. class weights). */
  stepFeeds?(classWeights?: Float32Array): Record<string, TensorData>;
}

/** The BERT sequence classifier's graphs (buildTrainStep.ts) and feeds (Batch.ts): what `prognos train` runs. */
export function bertStepGraphs(args: TrainGraphArgs, padTokenId: number): StepGraphs<Example> {
  return {
    optimizer: args.optimizer,
    buildTrain: () => buildTrainStep(args),
    buildAccumulate: () => buildAccumulateStep(args),
    buildApply: (params) => buildApplyStep(args, params),
    buildPredict: () => buildPredictStep(args),
    feeds(examples, predict) {
      // With a window pool every example is one encoder row per window (Batch.ts encoderRows); the predict graph
      // gives one logit row per window, pooled per note by the caller (poolLogits.ts).
      const windowed = args.windowPool !== undefined;
      const { feeds, batch, seq } = batchFeeds(examples, args.problemType, args.numLabels, padTokenId, windowed);
      if (predict) {
        delete feeds.labels;
        delete feeds.window_slots;
        delete feeds.slot_mask;
      }
      return { feeds, dims: { batch, seq } };
    },
    shares: (microBatches, classWeights) =>
      microBatchShares(microBatches, args.problemType, args.classWeights ? classWeights : undefined),
    stepFeeds(classWeights): Record<string, TensorData> {
      if (!args.classWeights) return {};
      if (!classWeights) throw new Error("class weights are required by this graph");
      return { class_weights: { dtype: "float32", shape: [classWeights.length], data: classWeights } };
    },
  };
}
