import { PrognosError } from "../util/errors.ts";

/** One bin of a reliability diagram. */
export interface ReliabilityBin {
  /** The bin's edges: (lower, upper], the first bin also holding `lower` itself. */
  lower: number;
  upper: number;
  /** Samples in the bin (the sum of weights when weighted). */
  count: number;
  /** Mean predicted probability in the bin; null when the bin is empty. */
  meanPredicted: number | null;
  /** Fraction of the bin's samples whose outcome is 1; null when the bin is empty. */
  fractionPositive: number | null;
}

/**
 * Equal-width bins on [0, 1], assigned as `sklearn.calibration.calibration_curve(strategy="uniform")` does:
 * edges `k/nBins`, a probability exactly on an inner edge goes to the lower bin. `outcome` is 0/1 (the event
 * happened / the predicted class was right), `probability` the predicted probability of that event.
 */
export function reliabilityBins(
  outcome: ArrayLike<number>,
  probability: ArrayLike<number>,
  nBins = 15,
  weights?: ArrayLike<number>,
): ReliabilityBin[] {
  if (outcome.length !== probability.length) {
    throw new PrognosError(`reliabilityBins: ${outcome.length} outcomes but ${probability.length} probabilities`);
  }
  if (!Number.isInteger(nBins) || nBins < 1) throw new PrognosError(`reliabilityBins: nBins is ${nBins}, expected ≥ 1`);
  const edges = binEdges(nBins);
  const count = new Float64Array(nBins);
  const sumProb = new Float64Array(nBins);
  const sumOutcome = new Float64Array(nBins);
  for (let i = 0; i < probability.length; i++) {
    const p = probability[i]!;
    if (!(p >= 0 && p <= 1)) throw new PrognosError(`reliabilityBins: probability[${i}] is ${p}, outside [0, 1]`);
    const b = binIndex(p, edges);
    const w = weights ? weights[i]! : 1;
    count[b] += w;
    sumProb[b] += w * p;
    sumOutcome[b] += w * outcome[i]!;
  }
  return Array.from({ length: nBins }, (_, b) => ({
    lower: edges[b]!,
    upper: edges[b + 1]!,
    count: count[b]!,
    meanPredicted: count[b] === 0 ? null : sumProb[b]! / count[b]!,
    fractionPositive: count[b] === 0 ? null : sumOutcome[b]! / count[b]!,
  }));
}

/** The edges of `nBins` equal-width bins on [0, 1], as `numpy.linspace(0, 1, nBins + 1)` computes them (k·(1/nBins)). */
export function binEdges(nBins: number): Float64Array {
  const step = 1 / nBins;
  return Float64Array.from({ length: nBins + 1 }, (_, k) => (k === nBins ? 1 : k * step));
}

/**
 * The bin of probability p: `numpy.searchsorted(edges[1:-1], p, side="left")`, the number of inner edges strictly
 * below p — so a probability exactly on an edge belongs to the lower bin, and 0 to the first.
 */
export function binIndex(p: number, edges: Float64Array): number {
  const nBins = edges.length - 1;
  let b = Math.min(nBins - 1, Math.floor(p * nBins));
  while (b > 0 && edges[b]! >= p) b--;
  while (b < nBins - 1 && edges[b + 1]! < p) b++;
  return b;
}

/**
 * Expected calibration error: Σ_bins (count/n)·|fraction positive − mean predicted| over `nBins` equal-width bins
 * (default 15, see `reliabilityBins`). Binary tasks pass the outcome and the predicted probability of the positive
 * class; multi-class tasks pass "the predicted class was right" and its probability (the top-label ECE of Guo et
 * al. 2017).
 */
export function expectedCalibrationError(
  outcome: ArrayLike<number>,
  probability: ArrayLike<number>,
  nBins = 15,
  weights?: ArrayLike<number>,
): number {
  return eceFromBins(reliabilityBins(outcome, probability, nBins, weights));
}

/** The ECE of already computed bins. */
export function eceFromBins(bins: readonly ReliabilityBin[]): number {
  let total = 0;
  let sum = 0;
  for (const bin of bins) {
    total += bin.count;
    if (bin.count > 0) sum += bin.count * Math.abs(bin.fractionPositive! - bin.meanPredicted!);
  }
  if (total === 0) throw new PrognosError("expected calibration error: no samples");
  return sum / total;
}
