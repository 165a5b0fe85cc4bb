import { PrognosError } from "../util/errors.ts";
import { binEdges, binIndex, eceFromBins, type ReliabilityBin, reliabilityBins } from "./expectedCalibrationError.ts";

/**
 * Reliability bins under many row weightings (the bootstrap): the sums of count, probability and outcome are kept
 * per (row, bin) once, so that a weighting costs rows × bins operations, not one per probability — a multi-label
 * row holds one probability per label. Bins as `reliabilityBins`.
 */
export class WeightedCalibration {
  private constructor(
    private readonly nRows: number,
    private readonly nBins: number,
    /** [nRows, nBins] each: element count, Σ probability, Σ outcome. */
    private readonly count: Float64Array,
    private readonly sumProb: Float64Array,
    private readonly sumOutcome: Float64Array,
  ) {}

  /** Element e has `outcome[e]` (0/1) and `probability[e]` and belongs to row `rowOf(e)` (identity by default). */
  static build(
    outcome: ArrayLike<number>,
    probability: ArrayLike<number>,
    nRows: number,
    nBins = 15,
    rowOf?: (e: number) => number,
  ): WeightedCalibration {
    if (outcome.length !== probability.length) {
      throw new PrognosError(`WeightedCalibration: ${outcome.length} outcomes but ${probability.length} probabilities`);
    }
    const count = new Float64Array(nRows * nBins);
    const sumProb = new Float64Array(nRows * nBins);
    const sumOutcome = new Float64Array(nRows * nBins);
    const edges = binEdges(nBins);
    for (let e = 0; e < probability.length; e++) {
      const p = probability[e]!;
      if (!(p >= 0 && p <= 1)) throw new PrognosError(`calibration: probability ${p} (element ${e}) is outside [0, 1]`);
      const at = (rowOf ? rowOf(e) : e) * nBins + binIndex(p, edges);
      count[at]++;
      sumProb[at] += p;
      sumOutcome[at] += outcome[e]!;
    }
    return new WeightedCalibration(nRows, nBins, count, sumProb, sumOutcome);
  }

  /** The reliability bins with each row weighted by `weights[row]` (null: all 1). */
  bins(weights: ArrayLike<number> | null): ReliabilityBin[] {
    const { nRows, nBins } = this;
    const count = new Float64Array(nBins);
    const sumProb = new Float64Array(nBins);
    const sumOutcome = new Float64Array(nBins);
    for (let r = 0; r < nRows; r++) {
      const w = weights === null ? 1 : weights[r]!;
      if (w === 0) continue;
      for (let b = 0; b < nBins; b++) {
        const at = r * nBins + b;
        count[b] += w * this.count[at]!;
        sumProb[b] += w * this.sumProb[at]!;
        sumOutcome[b] += w * this.sumOutcome[at]!;
      }
    }
    const shape = reliabilityBins([], [], nBins);
    return shape.map((bin, b) => ({
      ...bin,
      count: count[b]!,
      meanPredicted: count[b] === 0 ? null : sumProb[b]! / count[b]!,
      fractionPositive: count[b] === 0 ? null : sumOutcome[b]! / count[b]!,
    }));
  }

  /** Expected calibration error under the weighting; null when every weight is 0. */
  ece(weights: ArrayLike<number> | null): number | null {
    const bins = this.bins(weights);
    return bins.some((b) => b.count > 0) ? eceFromBins(bins) : null;
  }
}
