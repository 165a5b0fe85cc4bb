import type { BinaryClfCurve } from "./binaryClfCurve.ts";

/**
 * Binary outcomes sorted once by score, highest first, so that AUROC and average precision can be evaluated under
 * many sample weightings — the bootstrap's resample counts — in one linear pass each, without re-sorting.
 *
 * A weighting by resample counts is exactly the resampled data set: the pass accumulates weighted true and false
 * positives per group of tied scores (`_binary_clf_curve` with `sample_weight`), the trapezoids of the ROC curve in
 * count space give the AUROC, and Σ ΔTP·precision / P gives scikit-learn's step-wise average precision.
 */
export class RankedColumn {
  /** The sample (weight index) of each element, in descending score order. */
  private readonly sample: Uint32Array;
  /** Bit 0: the element is a positive; bit 1: the last element of its group of tied scores. */
  private readonly flags: Uint8Array;

  private constructor(sample: Uint32Array, flags: Uint8Array) {
    this.sample = sample;
    this.flags = flags;
  }

  /**
   * Elements `e` with outcome `yTrue[e]` (0/1) and `scores[e]`, belonging to sample `sampleOf(e)` (the row whose
   * bootstrap weight applies; identity when omitted). Inputs are assumed checked (finite scores, 0/1 labels).
   */
  static build(yTrue: ArrayLike<number>, scores: ArrayLike<number>, sampleOf?: (e: number) => number): RankedColumn {
    return RankedColumn.rank(yTrue, scores, sampleOf).column;
  }

  /**
   * `build`, plus the unweighted counts per distinct score (scikit-learn's `_binary_clf_curve`) from the same
   * sort, so that a column's exact point estimates (`rocAucFromCounts`, `averagePrecisionFromCounts`) and its
   * bootstrap share one sort.
   */
  static rank(
    yTrue: ArrayLike<number>,
    scores: ArrayLike<number>,
    sampleOf?: (e: number) => number,
  ): { column: RankedColumn; curve: BinaryClfCurve } {
    const m = scores.length;
    // Rank every score among the distinct values (native sort + binary search), then counting-sort by rank: no
    // comparator sort, which is slow on the millions of elements of a micro average.
    const sorted = Float64Array.from(scores).sort();
    let distinct = 0;
    for (let k = 0; k < m; k++) if (k === 0 || sorted[k] !== sorted[distinct - 1]) sorted[distinct++] = sorted[k]!;
    const values = sorted.subarray(0, distinct);
    const rank = new Uint32Array(m);
    const bucket = new Uint32Array(distinct + 1);
    for (let e = 0; e < m; e++) {
      const s = scores[e]!;
      let lo = 0;
      let hi = distinct - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (values[mid]! < s) lo = mid + 1;
        else hi = mid;
      }
      // Descending order: the highest value gets bucket 0.
      const r = distinct - 1 - lo;
      rank[e] = r;
      bucket[r + 1]++;
    }
    for (let r = 0; r < distinct; r++) bucket[r + 1] += bucket[r]!;
    const sample = new Uint32Array(m);
    const flags = new Uint8Array(m);
    for (let e = 0; e < m; e++) {
      const at = bucket[rank[e]!]++;
      sample[at] = sampleOf ? sampleOf(e) : e;
      flags[at] = yTrue[e] === 1 ? 1 : 0;
    }
    // After the scatter, bucket[r] is the end of group r.
    for (let r = 0; r < distinct; r++) flags[bucket[r]! - 1] |= 2;
    const fps = new Float64Array(distinct);
    const tps = new Float64Array(distinct);
    const thresholds = new Float64Array(distinct);
    let tp = 0;
    for (let r = 0, start = 0; r < distinct; r++) {
      const end = bucket[r]!;
      for (let k = start; k < end; k++) tp += flags[k]! & 1;
      tps[r] = tp;
      fps[r] = end - tp;
      thresholds[r] = values[distinct - 1 - r]!;
      start = end;
    }
    return { column: new RankedColumn(sample, flags), curve: { fps, tps, thresholds } };
  }

  /**
   * AUROC, average precision and RP80 with each element weighted by `weights[sample]` (non-negative; null: all 1).
   * A value is null where it is undefined: AUROC without weighted positives or negatives, AP and RP80 without
   * positives. RP80 (ClinicalBERT's "recall at precision 80%"): the highest recall among the thresholds whose
   * precision is at least 0.8 — tp ≥ 4·fp, exact for counts — and 0 when no threshold reaches it.
   */
  evaluate(weights: ArrayLike<number> | null): { auroc: number | null; ap: number | null; rp80: number | null } {
    const { sample, flags } = this;
    let tp = 0;
    let fp = 0;
    let prevTp = 0;
    let prevFp = 0;
    let area = 0;
    let apSum = 0;
    let tpAt80 = 0;
    // Two loops rather than a test per element: this is the bootstrap's inner loop.
    if (weights === null) {
      for (let k = 0; k < flags.length; k++) {
        const f = flags[k]!;
        if (f & 1) tp++;
        else fp++;
        if (f & 2) {
          area += ((fp - prevFp) * (tp + prevTp)) / 2;
          if (tp !== prevTp) apSum += ((tp - prevTp) * tp) / (tp + fp);
          if (tp >= 4 * fp) tpAt80 = tp;
          prevTp = tp;
          prevFp = fp;
        }
      }
    } else {
      for (let k = 0; k < flags.length; k++) {
        const f = flags[k]!;
        const w = weights[sample[k]!]!;
        if (f & 1) tp += w;
        else fp += w;
        if (f & 2 && (tp !== prevTp || fp !== prevFp)) {
          area += ((fp - prevFp) * (tp + prevTp)) / 2;
          if (tp !== prevTp) apSum += ((tp - prevTp) * tp) / (tp + fp);
          if (tp >= 4 * fp) tpAt80 = tp;
          prevTp = tp;
          prevFp = fp;
        }
      }
    }
    return {
      auroc: tp > 0 && fp > 0 ? area / (tp * fp) : null,
      ap: tp > 0 ? apSum / tp : null,
      rp80: tp > 0 ? tpAt80 / tp : null,
    };
  }
}
