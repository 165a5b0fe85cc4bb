import { binaryMetrics } from "./binaryMetrics.ts";
import { type BootstrapInterval, type BootstrapOptions, bootstrapIntervals } from "./bootstrapIntervals.ts";
import { HEADLINES } from "./headlines.ts";
import type { MetricEstimate, MetricsReport } from "./MetricsReport.ts";
import { multiClassMetrics } from "./multiClassMetrics.ts";
import { multiLabelMetrics } from "./multiLabelMetrics.ts";
import { checkPredictions, type PredictionSet } from "./PredictionSet.ts";
import { predictionSpread } from "./predictionSpread.ts";
import type { TaskEvaluation } from "./TaskEvaluation.ts";

export interface EvaluateArgs extends PredictionSet {
  /** Bootstrap settings (default: 1,000 resamples, 95 % percentile intervals); `false` turns it off. */
  bootstrap?: BootstrapOptions | false;
  /** Seed of the bootstrap (default 0); overrides `bootstrap.seed`. */
  seed?: number | string;
}

/**
 * Every metric of docs/core-method.md §3 for a split's predictions, with percentile bootstrap intervals: headline macro
 * AUROC (multi-label: per label, labels without a positive or negative skipped and listed; binary: AUROC of the
 * risk score; multi-class: one-vs-one), micro AUROC, AUPRC, ECE, and for multi-class accuracy and macro F1; the
 * per-label table (with titles when given) and the reliability bins. The result is plain JSON (metrics.json).
 */
export function evaluatePredictions(args: EvaluateArgs): MetricsReport {
  const p = checkPredictions(args);
  const task: TaskEvaluation =
    p.problemType === "multi-label"
      ? multiLabelMetrics(p)
      : p.problemType === "binary"
        ? binaryMetrics(p)
        : multiClassMetrics(p);
  const bootstrapOn = args.bootstrap !== false && (args.bootstrap?.resamples ?? 1000) > 0;
  const settings = {
    resamples: (args.bootstrap !== false ? args.bootstrap?.resamples : undefined) ?? 1000,
    seed: args.seed ?? (args.bootstrap !== false ? args.bootstrap?.seed : undefined) ?? 0,
    level: (args.bootstrap !== false ? args.bootstrap?.level : undefined) ?? 0.95,
  };
  const intervals: Record<string, BootstrapInterval> = bootstrapOn
    ? bootstrapIntervals(p.n, task.statistic, settings)
    : {};
  const metrics: Record<string, MetricEstimate> = {};
  for (const [name, { value, definition }] of Object.entries(task.metrics)) {
    metrics[name] = { value, interval: intervals[name] ?? null, definition };
  }
  return {
    problemType: p.problemType,
    n: p.n,
    nLabels: p.nLabels,
    headline: {
      name: "macro_auroc",
      definition: HEADLINES.macro_auroc.definition,
      value: metrics.macro_auroc!.value,
      interval: metrics.macro_auroc!.interval,
    },
    metrics,
    spread: predictionSpread(p),
    labelsEvaluated: task.labelsEvaluated,
    skippedLabels: task.skippedLabels,
    perLabel: task.perLabel,
    calibration: task.calibration,
    bootstrap: bootstrapOn
      ? {
          ...settings,
          method:
            "percentile bootstrap: rows drawn with replacement; a resample where a metric is undefined is skipped for that metric and counted (undefinedResamples); macro averages use the labels defined in each resample",
        }
      : null,
  };
}
