import { averagePrecision } from "./averagePrecision.ts";
import type { SkippedLabel } from "./MetricsReport.ts";
import type { CheckedPredictions } from "./PredictionSet.ts";
import { RankedColumn } from "./RankedColumn.ts";
import { rocAuc } from "./rocAuc.ts";
import type { TaskEvaluation } from "./TaskEvaluation.ts";
import { WeightedCalibration } from "./WeightedCalibration.ts";

/**
 * Binary metrics (mortality, readmission) on the risk score (softmax column 1, or the single score): AUROC (which is
 * also the macro AUROC scikit-learn reports for a binary problem), AUPRC (average precision), RP80 (recall at
 * precision ≥ 0.8, ClinicalBERT's third metric: docs/readmission-task.md) and ECE on the probability of the
 * positive class. ECE needs probabilities: with a single score outside [0, 1] it is left out (null).
 */
export function binaryMetrics(p: CheckedPredictions): TaskEvaluation {
  const { n, yTrue, labelNames, labelTitles } = p;
  const s = p.positiveScores!;
  let positives = 0;
  for (const v of yTrue) positives += v;
  const negatives = n - positives;
  const skippedLabels: SkippedLabel[] = [];
  if (positives === 0) skippedLabels.push({ label: labelNames[1]!, reason: "no positive" });
  else if (negatives === 0) skippedLabels.push({ label: labelNames[1]!, reason: "no negative" });
  const evaluable = skippedLabels.length === 0;
  const auroc = evaluable ? rocAuc(yTrue, s) : null;
  const ap = positives > 0 ? averagePrecision(yTrue, s) : null;
  const column = RankedColumn.build(yTrue, s);
  const rp80 = column.evaluate(null).rp80;
  const isProbability = s.every((v) => v >= 0 && v <= 1);
  const calibration = isProbability ? WeightedCalibration.build(yTrue, s, n, 15) : null;
  const probabilityNote = isProbability ? "" : " (not computed: the scores are not probabilities in [0, 1])";
  return {
    metrics: {
      macro_auroc: {
        value: auroc,
        definition: `roc_auc_score(y, p_${labelNames[1]}): binary AUROC of the risk score (index 1)`,
      },
      auprc: { value: ap, definition: `average_precision_score(y, p_${labelNames[1]})` },
      rp80: {
        value: rp80,
        definition:
          `recall at precision ≥ 0.8 on p_${labelNames[1]}: the highest recall of precision_recall_curve's points ` +
          "whose precision is at least 0.8 (0 when none is; ClinicalBERT's RP80)",
      },
      ece: {
        value: calibration?.ece(null) ?? null,
        definition: `expected calibration error, 15 equal-width bins on p_${labelNames[1]}${probabilityNote} (biased upward under resampling: the interval can lie above the point estimate)`,
      },
    },
    perLabel: [
      {
        label: labelNames[1]!,
        title: labelTitles[labelNames[1]!] ?? null,
        positives,
        negatives,
        auroc,
        averagePrecision: ap,
      },
    ],
    skippedLabels,
    labelsEvaluated: evaluable ? 1 : 0,
    calibration: {
      definition: `predicted probability of ${labelNames[1]} vs the fraction of samples that are ${labelNames[1]}${probabilityNote}`,
      bins: calibration?.bins(null) ?? [],
    },
    statistic: (weights) => {
      const r = column.evaluate(weights);
      return { macro_auroc: r.auroc, auprc: r.ap, rp80: r.rp80, ece: calibration?.ece(weights) ?? null };
    },
  };
}
