import type { BinaryClfCurve } from "./binaryClfCurve.ts";
import { rocCurve, rocCurveFromCounts, trapezoidArea } from "./rocCurve.ts";

/**
 * Binary AUROC exactly as `sklearn.metrics.roc_auc_score(yTrue, scores)`: the trapezoidal area under `rocCurve`
 * (intermediate collinear points dropped), so tied scores count one half — the same value as the Mann–Whitney U
 * statistic with average ranks (`mannWhitneyAuc`). Labels 0/1; throws a PrognosError when `yTrue` has only one class.
 */
export function rocAuc(yTrue: ArrayLike<number>, scores: ArrayLike<number>): number {
  const { fpr, tpr } = rocCurve(yTrue, scores);
  return trapezoidArea(fpr, tpr);
}

/** `rocAuc` from already accumulated counts (`binaryClfCurve`, or `RankedColumn.rank`'s curve). */
export function rocAucFromCounts(counts: BinaryClfCurve): number {
  const { fpr, tpr } = rocCurveFromCounts(counts);
  return trapezoidArea(fpr, tpr);
}
