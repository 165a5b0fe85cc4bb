import type { ProblemType } from "../tasks/ProblemType.ts";
import type { Example } from "./Batch.ts";

/**
 * How much each micro-batch's mean loss counts in the whole batch's loss under gradient accumulation, so that the
 * accumulated gradient equals the gradient of the loss on the whole batch at once:
 * - a plain mean (multi-label BCE, with or without pos_weight; cross-entropy without class weights): the share of
 *   rows, n_k / n;
 * - cross-entropy with class weights, torch's weighted mean Σ w_y·nll / Σ w_y: the share of the weight sum,
 *   Σ_{i∈k} w_{y_i} / Σ_i w_{y_i}. Scaling by rows there would give micro-batches of rare (heavily weighted)
 *   classes too little weight.
 */
export function microBatchShares(
  microBatches: readonly (readonly Example[])[],
  problemType: ProblemType,
  classWeights?: Float32Array,
): number[] {
  if (problemType === "single_label_classification" && classWeights) {
    const sums = microBatches.map((m) => m.reduce((s, e) => s + classWeights[e.labels[0]!]!, 0));
    const total = sums.reduce((a, b) => a + b, 0);
    return sums.map((s) => s / total);
  }
  const rows = microBatches.reduce((n, m) => n + m.length, 0);
  return microBatches.map((m) => m.length / rows);
}
