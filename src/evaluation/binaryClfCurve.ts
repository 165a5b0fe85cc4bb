import { PrognosError } from "../util/errors.ts";

/**
 * Cumulative true and false positives at every distinct score, highest score first: scikit-learn's
 * `_binary_clf_curve` (unweighted), the common core of `rocCurve`, `precisionRecallCurve` and `averagePrecision`.
 * `fps[k]`/`tps[k]` count the samples scored ≥ `thresholds[k]`; tied scores are one threshold.
 */
export interface BinaryClfCurve {
  fps: Float64Array;
  tps: Float64Array;
  thresholds: Float64Array;
}

/** Checks a binary problem's inputs (labels exactly 0 or 1, finite scores, equal lengths); `what` names the caller. */
export function checkBinaryInputs(yTrue: ArrayLike<number>, scores: ArrayLike<number>, what: string): void {
  if (yTrue.length !== scores.length) {
    throw new PrognosError(`${what}: yTrue has ${yTrue.length} values but scores has ${scores.length}`);
  }
  if (yTrue.length === 0) throw new PrognosError(`${what}: no samples`);
  for (let i = 0; i < yTrue.length; i++) {
    const y = yTrue[i]!;
    if (y !== 0 && y !== 1) throw new PrognosError(`${what}: yTrue[${i}] is ${y}, expected 0 or 1`);
    if (!Number.isFinite(scores[i]!))
      throw new PrognosError(`${what}: scores[${i}] is ${scores[i]}, expected a number`);
  }
}

/**
 * Sorting positives' and negatives' scores separately (native numeric sorts, no comparator) and merging them from
 * the top visits the distinct scores in the same order as scikit-learn's stable arg-sort, with exact integer counts.
 */
export function binaryClfCurve(yTrue: ArrayLike<number>, scores: ArrayLike<number>): BinaryClfCurve {
  checkBinaryInputs(yTrue, scores, "binaryClfCurve");
  let nPos = 0;
  for (let i = 0; i < yTrue.length; i++) nPos += yTrue[i]!;
  const pos = new Float64Array(nPos);
  const neg = new Float64Array(yTrue.length - nPos);
  let ip = 0;
  let ineg = 0;
  for (let i = 0; i < yTrue.length; i++) {
    if (yTrue[i] === 1) pos[ip++] = scores[i]!;
    else neg[ineg++] = scores[i]!;
  }
  pos.sort();
  neg.sort();
  // Walk both ascending arrays from their ends (the highest scores).
  let p = pos.length - 1;
  let q = neg.length - 1;
  const fps: number[] = [];
  const tps: number[] = [];
  const thresholds: number[] = [];
  let tp = 0;
  let fp = 0;
  while (p >= 0 || q >= 0) {
    const v = p < 0 ? neg[q]! : q < 0 ? pos[p]! : Math.max(pos[p]!, neg[q]!);
    while (p >= 0 && pos[p] === v) {
      tp++;
      p--;
    }
    while (q >= 0 && neg[q] === v) {
      fp++;
      q--;
    }
    fps.push(fp);
    tps.push(tp);
    thresholds.push(v);
  }
  return { fps: Float64Array.from(fps), tps: Float64Array.from(tps), thresholds: Float64Array.from(thresholds) };
}
