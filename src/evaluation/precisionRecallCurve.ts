import { PrognosError } from "../util/errors.ts";
import { type BinaryClfCurve, binaryClfCurve } from "./binaryClfCurve.ts";

/** A precision–recall curve, as `sklearn.metrics.precision_recall_curve` returns it (recall decreasing). */
export interface PrecisionRecallCurve {
  /** One more value than `thresholds`: the last point is (recall 0, precision 1). */
  precision: Float64Array;
  recall: Float64Array;
  /** Increasing distinct scores. */
  thresholds: Float64Array;
}

/**
 * `sklearn.metrics.precision_recall_curve(yTrue, scores)` (scikit-learn 1.2: every distinct score is a threshold,
 * including those after full recall). Labels 0/1; throws a PrognosError when `yTrue` has no positive (scikit-learn
 * then sets recall to 1 everywhere, with a warning).
 */
export function precisionRecallCurve(yTrue: ArrayLike<number>, scores: ArrayLike<number>): PrecisionRecallCurve {
  return precisionRecallFromCounts(binaryClfCurve(yTrue, scores));
}

/** `precisionRecallCurve` from already accumulated counts (`binaryClfCurve`, or `RankedColumn.rank`'s curve). */
export function precisionRecallFromCounts({ fps, tps, thresholds }: BinaryClfCurve): PrecisionRecallCurve {
  const m = tps.length;
  const totalTp = tps[m - 1]!;
  if (totalTp === 0) throw new PrognosError("the precision-recall curve is undefined: yTrue has no positive sample");
  const precision = new Float64Array(m + 1);
  const recall = new Float64Array(m + 1);
  const th = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    const j = m - 1 - k; // reversed: lowest threshold first
    const predicted = tps[j]! + fps[j]!;
    precision[k] = predicted === 0 ? 0 : tps[j]! / predicted;
    recall[k] = tps[j]! / totalTp;
    th[k] = thresholds[j]!;
  }
  precision[m] = 1;
  recall[m] = 0;
  return { precision, recall, thresholds: th };
}
