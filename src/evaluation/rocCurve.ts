import { PrognosError } from "../util/errors.ts";
import { type BinaryClfCurve, binaryClfCurve } from "./binaryClfCurve.ts";

/** A receiver operating characteristic curve, as `sklearn.metrics.roc_curve` returns it. */
export interface RocCurve {
  fpr: Float64Array;
  tpr: Float64Array;
  /**
   * Decreasing thresholds; `thresholds[0]` is the highest score + 1, as scikit-learn 1.2 (the version the fixtures
   * come from) writes it (scikit-learn ≥ 1.3 writes +∞ there, which JSON cannot hold).
   */
  thresholds: Float64Array;
}

export interface RocCurveOptions {
  /** Drop points collinear with their neighbours (scikit-learn's `drop_intermediate`); default true. */
  dropIntermediate?: boolean;
}

/**
 * `sklearn.metrics.roc_curve(yTrue, scores)` for labels 0/1. Throws a PrognosError when `yTrue` lacks positives or
 * negatives (scikit-learn returns NaN rates with a warning; a NaN curve is never what a caller wants).
 */
export function rocCurve(yTrue: ArrayLike<number>, scores: ArrayLike<number>, options: RocCurveOptions = {}): RocCurve {
  return rocCurveFromCounts(binaryClfCurve(yTrue, scores), options);
}

/** `rocCurve` from already accumulated counts (`binaryClfCurve`, or `RankedColumn.rank`'s curve). */
export function rocCurveFromCounts(counts: BinaryClfCurve, options: RocCurveOptions = {}): RocCurve {
  let { fps, tps, thresholds } = counts;
  const m = fps.length;
  const totalFp = fps[m - 1]!;
  const totalTp = tps[m - 1]!;
  if (totalFp === 0 || totalTp === 0) {
    throw new PrognosError(
      `the ROC curve is undefined: yTrue has ${totalTp} positive(s) and ${totalFp} negative(s), it needs both`,
    );
  }
  if ((options.dropIntermediate ?? true) && m > 2) {
    // Keep the ends and every point where the second difference of fps or tps is non-zero (a corner).
    const keep: number[] = [0];
    for (let k = 1; k < m - 1; k++) {
      const d2f = fps[k + 1]! - 2 * fps[k]! + fps[k - 1]!;
      const d2t = tps[k + 1]! - 2 * tps[k]! + tps[k - 1]!;
      if (d2f !== 0 || d2t !== 0) keep.push(k);
    }
    keep.push(m - 1);
    fps = Float64Array.from(keep, (k) => fps[k]!);
    tps = Float64Array.from(keep, (k) => tps[k]!);
    thresholds = Float64Array.from(keep, (k) => thresholds[k]!);
  }
  const n = fps.length + 1;
  const fpr = new Float64Array(n);
  const tpr = new Float64Array(n);
  const th = new Float64Array(n);
  th[0] = thresholds[0]! + 1;
  for (let k = 1; k < n; k++) {
    fpr[k] = fps[k - 1]! / totalFp;
    tpr[k] = tps[k - 1]! / totalTp;
    th[k] = thresholds[k - 1]!;
  }
  return { fpr, tpr, thresholds: th };
}

/** The area under a curve by the trapezoidal rule, as `numpy.trapz(y, x)` (x must be monotonic, as in a ROC curve). */
export function trapezoidArea(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let area = 0;
  for (let k = 1; k < x.length; k++) area += ((x[k]! - x[k - 1]!) * (y[k]! + y[k - 1]!)) / 2;
  return area;
}
