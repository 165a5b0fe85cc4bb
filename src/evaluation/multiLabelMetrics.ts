import { averagePrecisionFromCounts } from "./averagePrecision.ts";
import type { PerLabelRow, SkippedLabel } from "./MetricsReport.ts";
import type { CheckedPredictions } from "./PredictionSet.ts";
import { RankedColumn } from "./RankedColumn.ts";
import { rocAucFromCounts } from "./rocAuc.ts";
import { meanOfDefined, type TaskEvaluation } from "./TaskEvaluation.ts";
import { WeightedCalibration } from "./WeightedCalibration.ts";

/**
 * Multi-label metrics (diagnoses, procedures). Macro averages run over the labels that have both a positive and a
 * negative sample in the split (docs/core-method.md §3; scikit-learn raises on others), the same labels for AUROC and
 * AUPRC; the micro averages ravel the whole [n, L] matrix, every label included, as scikit-learn's
 * `average="micro"` does. ECE pools every (sample, label) probability as a binary prediction.
 */
export function multiLabelMetrics(p: CheckedPredictions): TaskEvaluation {
  const { n, nLabels: L, yTrue, scores, labelNames, labelTitles } = p;
  const perLabel: PerLabelRow[] = [];
  const skippedLabels: SkippedLabel[] = [];
  const columns: RankedColumn[] = [];
  const macroAuroc: number[] = [];
  const macroAp: number[] = [];
  for (let l = 0; l < L; l++) {
    const y = new Uint8Array(n);
    const s = new Float64Array(n);
    let positives = 0;
    for (let i = 0; i < n; i++) {
      y[i] = yTrue[i * L + l]!;
      s[i] = scores[i * L + l]!;
      positives += y[i]!;
    }
    const negatives = n - positives;
    const evaluable = positives > 0 && negatives > 0;
    // One sort per label serves the exact point estimates (scikit-learn's curve) and the bootstrap column.
    const { column, curve } = RankedColumn.rank(y, s);
    const auroc = evaluable ? rocAucFromCounts(curve) : null;
    const ap = positives > 0 ? averagePrecisionFromCounts(curve) : null;
    if (evaluable) {
      macroAuroc.push(auroc!);
      macroAp.push(ap!);
      columns.push(column);
    } else {
      skippedLabels.push({ label: labelNames[l]!, reason: positives === 0 ? "no positive" : "no negative" });
    }
    const title = labelTitles[labelNames[l]!] ?? null;
    perLabel.push({ label: labelNames[l]!, title, positives, negatives, auroc, averagePrecision: ap });
  }
  const evaluated = macroAuroc.length;
  let anyPositive = false;
  let anyNegative = false;
  for (const v of yTrue) {
    if (v === 1) anyPositive = true;
    else anyNegative = true;
  }
  const micro = RankedColumn.rank(yTrue, scores, (e) => Math.floor(e / L));
  const calibration = WeightedCalibration.build(yTrue, scores, n, 15, (e) => Math.floor(e / L));
  const skippedNote =
    skippedLabels.length > 0 ? `; ${skippedLabels.length} of ${L} labels skipped (see skippedLabels)` : "";
  return {
    metrics: {
      macro_auroc: {
        value: meanOfDefined(macroAuroc),
        definition: `mean over labels with a positive and a negative of roc_auc_score per label (${evaluated} labels${skippedNote})`,
      },
      micro_auroc: {
        value: anyPositive && anyNegative ? rocAucFromCounts(micro.curve) : null,
        definition: 'roc_auc_score(Y, S, average="micro") over all labels: one AUROC of the raveled [n, L] matrix',
      },
      macro_auprc: {
        value: meanOfDefined(macroAp),
        definition: `mean of average_precision_score per label over the same ${evaluated} labels as macro_auroc`,
      },
      micro_auprc: {
        value: anyPositive ? averagePrecisionFromCounts(micro.curve) : null,
        definition: 'average_precision_score(Y, S, average="micro") over all labels',
      },
      ece: {
        value: calibration.ece(null),
        definition:
          "expected calibration error, 15 equal-width bins, every (sample, label) probability pooled (biased upward under resampling: the interval can lie above the point estimate)",
      },
    },
    perLabel,
    skippedLabels,
    labelsEvaluated: evaluated,
    calibration: {
      definition: "every (sample, label) pair: predicted probability of the label vs whether the sample has it",
      bins: calibration.bins(null),
    },
    statistic: (weights) => {
      const aurocs: Array<number | null> = [];
      const aps: Array<number | null> = [];
      for (const column of columns) {
        const r = column.evaluate(weights);
        // A label counts in a resample when the resample has both classes for it (the same rule as the split).
        aurocs.push(r.auroc);
        aps.push(r.auroc === null ? null : r.ap);
      }
      const m = micro.column.evaluate(weights);
      return {
        macro_auroc: meanOfDefined(aurocs),
        micro_auroc: m.auroc,
        macro_auprc: meanOfDefined(aps),
        micro_auprc: m.ap,
        ece: calibration.ece(weights),
      };
    },
  };
}
