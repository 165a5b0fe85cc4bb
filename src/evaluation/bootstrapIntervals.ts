import { PrognosError } from "../util/errors.ts";
import { SeededRandom } from "../util/SeededRandom.ts";

export interface BootstrapOptions {
  /** Number of resamples; default 1,000. 0 turns the bootstrap off. */
  resamples?: number;
  /** Seed of the resampling; default 0. The same seed gives the same intervals on every machine. */
  seed?: number | string;
  /** Confidence level of the percentile interval; default 0.95. */
  level?: number;
}

/** A percentile bootstrap interval of one metric. */
export interface BootstrapInterval {
  /** Interval ends; null when no resample had the metric defined. */
  lower: number | null;
  upper: number | null;
  level: number;
  /** Resamples in which the metric was defined (the interval is computed from these). */
  resamples: number;
  /** Resamples skipped because the metric was undefined there (e.g. no positive sample drawn). */
  undefinedResamples: number;
}

/** A statistic of a weighted sample: resample counts per row in, metric values (null: undefined) out. */
export type WeightedStatistic = (weights: Uint32Array) => Record<string, number | null>;

/**
 * Percentile bootstrap: `resamples` times, draw n rows with replacement (resample b uses its own generator,
 * `SeededRandom.from(seed, "bootstrap", b)`), evaluate `statistic` on the draw's counts per row, and take the
 * (1−level)/2 and (1+level)/2 percentiles of each metric's defined values, interpolated linearly between order
 * statistics as `numpy.percentile` does by default.
 */
export function bootstrapIntervals(
  n: number,
  statistic: WeightedStatistic,
  options: BootstrapOptions = {},
): Record<string, BootstrapInterval> {
  const resamples = options.resamples ?? 1000;
  const seed = options.seed ?? 0;
  const level = options.level ?? 0.95;
  if (!Number.isInteger(resamples) || resamples < 0) {
    throw new PrognosError(`bootstrap: resamples is ${resamples}, expected a non-negative integer`);
  }
  if (!(level > 0 && level < 1)) throw new PrognosError(`bootstrap: level is ${level}, expected a number in (0, 1)`);
  if (!Number.isInteger(n) || n < 1) throw new PrognosError(`bootstrap: ${n} samples, expected at least 1`);
  const values = new Map<string, number[]>();
  const undefinedCount = new Map<string, number>();
  const counts = new Uint32Array(n);
  for (let b = 0; b < resamples; b++) {
    counts.fill(0);
    const rng = SeededRandom.from(seed, "bootstrap", b);
    for (let j = 0; j < n; j++) counts[Math.floor(rng.next() * n)]++;
    for (const [name, value] of Object.entries(statistic(counts))) {
      if (!values.has(name)) {
        values.set(name, []);
        undefinedCount.set(name, 0);
      }
      if (value === null || !Number.isFinite(value)) undefinedCount.set(name, undefinedCount.get(name)! + 1);
      else values.get(name)!.push(value);
    }
  }
  const out: Record<string, BootstrapInterval> = {};
  for (const [name, list] of values) {
    const sorted = Float64Array.from(list).sort();
    out[name] = {
      lower: sorted.length > 0 ? percentile(sorted, (1 - level) / 2) : null,
      upper: sorted.length > 0 ? percentile(sorted, (1 + level) / 2) : null,
      level,
      resamples: sorted.length,
      undefinedResamples: undefinedCount.get(name)!,
    };
  }
  return out;
}

/** The q-quantile (0 ≤ q ≤ 1) of ascending values, numpy's default "linear" method. */
export function percentile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) throw new PrognosError("percentile of no values");
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}
