import type { LabelType } from "../tasks/ProblemType.ts";
import type { BootstrapInterval } from "./bootstrapIntervals.ts";
import type { ReliabilityBin } from "./expectedCalibrationError.ts";
import type { HeadlineName } from "./headlines.ts";
import type { PredictionSpread } from "./predictionSpread.ts";

/** One metric's point estimate and bootstrap interval. */
export interface MetricEstimate {
  /** null when undefined on this split (e.g. no label has both classes). */
  value: number | null;
  /** null when the bootstrap is off. */
  interval: BootstrapInterval | null;
  /** What exactly was computed (scikit-learn call or definition). */
  definition: string;
}

/** One row of the per-label table (multi-label: a label; binary: the risk class; multi-class: a class, one-vs-rest). */
export interface PerLabelRow {
  label: string;
  /** e.g. the ICD-9 group's title; null when none was given. */
  title: string | null;
  /** Samples with the label (of the class). */
  positives: number;
  negatives: number;
  /** null when undefined (no positive or no negative): the label is then left out of the macro averages. */
  auroc: number | null;
  /** Average precision; null when there is no positive. */
  averagePrecision: number | null;
  /** Multi-class only: the class's F1 (argmax prediction). */
  f1?: number | null;
}

/** A label left out of the macro averages, and why. */
export interface SkippedLabel {
  label: string;
  reason: "no positive" | "no negative";
}

/** Everything `evaluatePredictions` computed: JSON-serialisable (metrics.json). */
export interface MetricsReport {
  problemType: LabelType;
  /** Samples evaluated. */
  n: number;
  /** Labels (multi-label) or classes. */
  nLabels: number;
  /** The metric runs are compared on (docs/core-method.md §3, headlines.ts), with its definition. */
  headline: { name: HeadlineName; definition: string; value: number | null; interval: BootstrapInterval | null };
  metrics: Record<string, MetricEstimate>;
  /** How much the probabilities move with the input; `collapsed` when too little to have learned (docs/learning-checks.md). */
  spread: PredictionSpread;
  /** Labels with an AUROC, out of nLabels, and those left out of macro averages with the reason. */
  labelsEvaluated: number;
  skippedLabels: SkippedLabel[];
  perLabel: PerLabelRow[];
  calibration: { definition: string; bins: ReliabilityBin[] };
  bootstrap: { resamples: number; seed: number | string; level: number; method: string } | null;
}
