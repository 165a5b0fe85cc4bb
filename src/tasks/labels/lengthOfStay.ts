/**
 * Length of stay for CORe's LOS_WEEKS (docs/core-method.md §2), exactly as pandas/numpy compute it in the reference:
 * days = (DISCHTIME − ADMITTIME).total_seconds() / 86400 in float64, rounded to one decimal the numpy way,
 * rint(days · 10) / 10 with ties to even (3.05 days → 3.0, not 3.1), then bucketed: ≤ 3 → 0, (3, 7] → 1,
 * (7, 14] → 2, > 14 → 3.
 *
 * total_seconds() is ns / 1e9 in pandas ≥ 1.5 (exact for whole seconds); pandas < 1.5 multiplied by 1e-9, which
 * moves some x.x5-day ties by one ulp — checked over every whole second up to 400 days: the buckets never change
 * (the ties at 3.05, 7.05 and 14.05 days round the same way both ways).
 */

const MICROS_PER_SECOND = 1_000_000n;

/** Rounds to the nearest integer, ties to even (numpy.rint, IEEE round-half-even). */
export function rintHalfEven(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  const r = diff < 0.5 ? floor : diff > 0.5 ? floor + 1 : floor % 2 === 0 ? floor : floor + 1;
  return r === 0 && (x < 0 || Object.is(x, -0)) ? -0 : r; // numpy keeps the sign of zero
}

/** numpy.round(x, 1): rint(x · 10) / 10. */
export function numpyRound1(x: number): number {
  return rintHalfEven(x * 10) / 10;
}

/** Length of stay in days (unrounded), from timestamps in microseconds since the epoch (DuckDB's epoch_us). */
export function losDays(startMicros: bigint, endMicros: bigint): number {
  const diff = endMicros - startMicros;
  // Whole seconds are exact; a fraction (never in MIMIC) is as exact as float64 division allows.
  const seconds =
    diff % MICROS_PER_SECOND === 0n ? Number(diff / MICROS_PER_SECOND) : Number(diff) / Number(MICROS_PER_SECOND);
  return seconds / 86400;
}

/** The LOS_WEEKS class of a stay: 0 (≤ 3 days), 1 (≤ 7), 2 (≤ 14), 3 (> 14), on the numpy-rounded days. */
export function losLabel(days: number): 0 | 1 | 2 | 3 {
  const rounded = numpyRound1(days);
  if (rounded <= 3) return 0;
  if (rounded <= 7) return 1;
  if (rounded <= 14) return 2;
  return 3;
}

export const LOS_LABEL_TITLES: Readonly<Record<string, string>> = {
  "0": "up to 3 days",
  "1": "more than 3, up to 7 days",
  "2": "more than 7, up to 14 days",
  "3": "more than 14 days",
};
