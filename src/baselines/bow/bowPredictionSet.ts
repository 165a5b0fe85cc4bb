import type { PredictionSet } from "../../evaluation/index.ts";
import type { TaskDataset, TaskExample } from "../../tasks/dataset/index.ts";

/**
 * A split's truth and scores in the evaluation library's form, as flat arrays (no per-row objects, so a
 * diagnosis task's thousands of rows × labels stay cheap): multi-label 0/1 [n·L], otherwise class indices [n].
 */
export function bowPredictionSet(
  dataset: Pick<TaskDataset, "labelType" | "labels" | "titles">,
  examples: readonly TaskExample[],
  scores: Float32Array,
): PredictionSet {
  const L = dataset.labels.length;
  let yTrue: Uint8Array | Int32Array;
  if (dataset.labelType === "multi-label") {
    yTrue = new Uint8Array(examples.length * L);
    examples.forEach((e, i) => {
      for (const l of e.labels) yTrue[i * L + l] = 1;
    });
  } else {
    yTrue = Int32Array.from(examples, (e) => e.labels[0]!);
  }
  const labelTitles = dataset.titles
    ? Object.fromEntries(dataset.labels.map((l, i) => [l, dataset.titles![i] ?? ""]))
    : undefined;
  return { problemType: dataset.labelType, labelNames: dataset.labels, labelTitles, yTrue, scores };
}
