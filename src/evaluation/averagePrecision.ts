import type { BinaryClfCurve } from "./binaryClfCurve.ts";
import { type PrecisionRecallCurve, precisionRecallCurve, precisionRecallFromCounts } from "./precisionRecallCurve.ts";

/**
 * Average precision exactly as `sklearn.metrics.average_precision_score(yTrue, scores)`: the step-wise sum
 * AP = Σₖ (Rₖ − Rₖ₋₁)·Pₖ over the precision–recall curve (no trapezoidal interpolation). Labels 0/1; throws a
 * PrognosError when `yTrue` has no positive (scikit-learn returns 0 with a warning there).
 */
export function averagePrecision(yTrue: ArrayLike<number>, scores: ArrayLike<number>): number {
  return averagePrecisionOfCurve(precisionRecallCurve(yTrue, scores));
}

/** `averagePrecision` from already accumulated counts (`binaryClfCurve`, or `RankedColumn.rank`'s curve). */
export function averagePrecisionFromCounts(counts: BinaryClfCurve): number {
  return averagePrecisionOfCurve(precisionRecallFromCounts(counts));
}

function averagePrecisionOfCurve({ precision, recall }: PrecisionRecallCurve): number {
  // scikit-learn: -np.sum(np.diff(recall) * precision[:-1]), recall decreasing.
  let sum = 0;
  for (let k = 0; k < recall.length - 1; k++) sum += (recall[k + 1]! - recall[k]!) * precision[k]!;
  return -sum;
}
