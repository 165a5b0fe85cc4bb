import type { LabelType } from "../tasks/ProblemType.ts";
import type { Example } from "../training/Batch.ts";
import { evaluatePredictions } from "./evaluatePredictions.ts";
import type { PredictionSet } from "./PredictionSet.ts";

/** The truth and the scores of a split, in the evaluation library's form. */
export function toPredictionSet(
  labelType: LabelType,
  labels: readonly string[],
  examples: readonly Pick<Example, "labels">[],
  scores: Float32Array,
  titles?: readonly string[],
): PredictionSet {
  const L = labels.length;
  const yTrue =
    labelType === "multi-label"
      ? examples.map((e) => Array.from({ length: L }, (_, l) => (e.labels.includes(l) ? 1 : 0)))
      : examples.map((e) => e.labels[0]!);
  const rows = examples.map((_, i) => scores.subarray(i * L, (i + 1) * L));
  const labelTitles = titles ? Object.fromEntries(labels.map((l, i) => [l, titles[i] ?? ""])) : undefined;
  return { problemType: labelType, labelNames: labels, labelTitles, yTrue, scores: rows };
}

/** The headline dev metric for early stopping: macro AUROC (no bootstrap); NaN when no label is evaluable. */
export function macroAuroc(
  labelType: LabelType,
  labels: readonly string[],
  examples: readonly Pick<Example, "labels">[],
  scores: Float32Array,
): number {
  const report = evaluatePredictions({ ...toPredictionSet(labelType, labels, examples, scores), bootstrap: false });
  return report.headline.value ?? Number.NaN;
}
