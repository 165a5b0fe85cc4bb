import { precisionRecallCurve } from "./precisionRecallCurve.ts";

/**
 * Average precision exactly as `sklearn.metrics.average_precision_score(yTrue, scores)`: the step-wise sum
 * AP = Σₖ (Rₖ − Rₖ₋₁)·Pₖ over the precision–recall curve (no trapezoidal interpolation). Labels 0/1; throws a
 * PrognosError when `yTrue` has no positive (scikit-learn returns 0 with a warning there).
 */
export function averagePrecision(yTrue: ArrayLike<number>, scores: ArrayLike<number>): number {
  const { precision, recall } = precisionRecallCurve(yTrue, scores);
  // scikit-learn: -np.sum(np.diff(recall) * precision[:-1]), recall decreasing.
  let sum = 0;
  for (let k = 0; k < recall.length - 1; k++) sum += (recall[k + 1]! - recall[k]!) * precision[k]!;
  return -sum;
}
