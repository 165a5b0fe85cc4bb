// The bag-of-words baseline (TF-IDF + logistic regression on ONNX Runtime). This file only re-exports.
//   const result = await trainBowBaseline(await loadTaskDataset(path), { out });
export {
  type BowBaselineOptions,
  type BowProgress,
  type BowRunConfig,
  defaultBatchSize,
  resolveBowOptions,
} from "./BowOptions.ts";
export { type BowGraphArgs, bowParams, buildBowPredict, buildBowTrainStep } from "./bowGraphs.ts";
export { bowPredictionSet } from "./bowPredictionSet.ts";
export { denseBatch, LogisticRegressionRunner, type LrState } from "./LogisticRegressionRunner.ts";
export {
  DEFAULT_MAX_FEATURES,
  type ResolvedTfidfOptions,
  type SparseRow,
  type TfidfOptions,
  TfidfVectorizer,
  type TfidfVocabulary,
} from "./TfidfVectorizer.ts";
export { textAsRead } from "./textAsRead.ts";
export {
  type BowBaselineResult,
  type BowEpoch,
  positiveWeightsFromCounts,
  trainBowBaseline,
} from "./trainBowBaseline.ts";
export { wordNgrams, wordTokens } from "./wordTerms.ts";
export { BOW_FILES, bowConfigJson, writeBowOutputs } from "./writeBowOutputs.ts";
