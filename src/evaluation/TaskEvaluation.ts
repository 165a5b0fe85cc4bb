import type { WeightedStatistic } from "./bootstrapIntervals.ts";
import type { ReliabilityBin } from "./expectedCalibrationError.ts";
import type { PerLabelRow, SkippedLabel } from "./MetricsReport.ts";

/** The metrics of one problem type on one split, and the same metrics as a function of bootstrap weights. */
export interface TaskEvaluation {
  /** Point estimates, computed with the scikit-learn-exact functions; keys as `statistic` returns them. */
  metrics: Record<string, { value: number | null; definition: string }>;
  perLabel: PerLabelRow[];
  skippedLabels: SkippedLabel[];
  labelsEvaluated: number;
  calibration: { definition: string; bins: ReliabilityBin[] };
  /** The metrics on a resample given by its counts per row (null: undefined on that resample). */
  statistic: WeightedStatistic;
}

/** The mean of the non-null values; null when there are none. */
export function meanOfDefined(values: ReadonlyArray<number | null>): number | null {
  let sum = 0;
  let count = 0;
  for (const v of values) {
    if (v !== null) {
      sum += v;
      count++;
    }
  }
  return count === 0 ? null : sum / count;
}
