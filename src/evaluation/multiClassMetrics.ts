import { accuracy } from "./accuracy.ts";
import { averagePrecision } from "./averagePrecision.ts";
import type { PerLabelRow, SkippedLabel } from "./MetricsReport.ts";
import { f1Scores, macroF1 } from "./macroF1.ts";
import { argmaxRows, checkMulticlassInputs, ovoRocAuc, ovrMicroRocAuc, ovrRocAucPerClass } from "./multiclassRocAuc.ts";
import type { CheckedPredictions } from "./PredictionSet.ts";
import { RankedColumn } from "./RankedColumn.ts";
import { meanOfDefined, type TaskEvaluation } from "./TaskEvaluation.ts";
import { WeightedCalibration } from "./WeightedCalibration.ts";

/**
 * Multi-class metrics (length of stay): one-vs-one macro AUROC (the headline, Hand & Till as scikit-learn), the
 * one-vs-rest macro and micro AUROC for reference, accuracy and macro F1 of the argmax prediction, and the
 * top-label ECE (confidence = the highest probability, outcome = whether that class is right).
 */
export function multiClassMetrics(p: CheckedPredictions): TaskEvaluation {
  const { n, nLabels: K, yTrue, scores, labelNames, labelTitles } = p;
  const inputs = { yTrue, probabilities: scores, nClasses: K };
  checkMulticlassInputs(inputs, "multi-class scores");
  const yPred = argmaxRows(scores, K);
  const classes = Array.from({ length: K }, (_, c) => c);
  const support = new Float64Array(K);
  for (const y of yTrue) support[y]++;
  const present = classes.filter((c) => support[c]! > 0);
  const ovr = ovrRocAucPerClass(inputs);
  const f1 = f1Scores(yTrue, yPred, { labels: classes });
  const perLabel: PerLabelRow[] = classes.map((c) => {
    const isC = Uint8Array.from(yTrue, (y) => (y === c ? 1 : 0));
    const column = Float64Array.from({ length: n }, (_, i) => scores[i * K + c]!);
    return {
      label: labelNames[c]!,
      title: labelTitles[labelNames[c]!] ?? null,
      positives: support[c]!,
      negatives: n - support[c]!,
      auroc: ovr[c]!,
      averagePrecision: support[c]! > 0 ? averagePrecision(isC, column) : null,
      f1: f1[c]!,
    };
  });
  const skippedLabels: SkippedLabel[] = classes
    .filter((c) => ovr[c] === null)
    .map((c) => ({ label: labelNames[c]!, reason: support[c] === 0 ? "no positive" : "no negative" }));

  // Bootstrap structures: per present pair (a, b), a-vs-b ranked by p_a and b-vs-a ranked by p_b, on rows of a or b.
  const pairs: Array<[RankedColumn, RankedColumn]> = [];
  for (let ia = 0; ia < present.length; ia++) {
    for (let ib = ia + 1; ib < present.length; ib++) {
      const a = present[ia]!;
      const b = present[ib]!;
      const rows = Array.from(yTrue.keys()).filter((i) => yTrue[i] === a || yTrue[i] === b);
      const isA = Uint8Array.from(rows, (i) => (yTrue[i] === a ? 1 : 0));
      const isB = Uint8Array.from(isA, (v) => 1 - v);
      const pa = Float64Array.from(rows, (i) => scores[i * K + a]!);
      const pb = Float64Array.from(rows, (i) => scores[i * K + b]!);
      pairs.push([RankedColumn.build(isA, pa, (e) => rows[e]!), RankedColumn.build(isB, pb, (e) => rows[e]!)]);
    }
  }
  const ovrColumns = classes
    .filter((c) => ovr[c] !== null)
    .map((c) =>
      RankedColumn.build(
        Uint8Array.from(yTrue, (y) => (y === c ? 1 : 0)),
        Float64Array.from({ length: n }, (_, i) => scores[i * K + c]!),
      ),
    );
  const oneHot = new Uint8Array(n * K);
  for (let i = 0; i < n; i++) oneHot[i * K + yTrue[i]!] = 1;
  const microColumn = RankedColumn.build(oneHot, scores, (e) => Math.floor(e / K));
  const correct = Uint8Array.from(yTrue, (y, i) => (y === yPred[i] ? 1 : 0));
  const confidence = Float64Array.from({ length: n }, (_, i) => scores[i * K + yPred[i]!]!);
  const calibration = WeightedCalibration.build(correct, confidence, n, 15);

  return {
    metrics: {
      macro_auroc: {
        value: present.length >= 2 ? ovoRocAuc(inputs) : null,
        definition:
          'roc_auc_score(y, P, multi_class="ovo", average="macro", labels=range(K)): Hand & Till one-vs-one over pairs of classes present',
      },
      macro_auroc_ovr: {
        value: meanOfDefined(ovr),
        definition: 'roc_auc_score(y, P, multi_class="ovr", average="macro") over the classes present in y',
      },
      micro_auroc_ovr: {
        value: present.length >= 2 ? ovrMicroRocAuc(inputs) : null,
        definition: 'roc_auc_score(y, P, multi_class="ovr", average="micro")',
      },
      accuracy: { value: accuracy(yTrue, yPred), definition: "accuracy_score(y, argmax P)" },
      macro_f1: {
        value: macroF1(yTrue, yPred),
        definition:
          'f1_score(y, argmax P, average="macro"): over classes present in y or the prediction; zero_division gives 0',
      },
      ece: {
        value: calibration.ece(null),
        definition:
          "top-label expected calibration error: 15 equal-width bins on the highest class probability (ECE is biased upward under resampling: its bootstrap interval can lie above the point estimate)",
      },
    },
    perLabel,
    skippedLabels,
    labelsEvaluated: K - skippedLabels.length,
    calibration: {
      definition: "probability of the predicted class (the highest) vs the fraction of samples where it is right",
      bins: calibration.bins(null),
    },
    statistic: (weights) => {
      const pairValues = pairs.map(([ab, ba]) => {
        const x = ab.evaluate(weights).auroc;
        const y = ba.evaluate(weights).auroc;
        return x === null || y === null ? null : (x + y) / 2;
      });
      const definedPairs = pairValues.filter((v) => v !== null).length;
      return {
        // A resample lacking a class has fewer pairs; one with fewer than two classes has none (undefined).
        macro_auroc: definedPairs > 0 ? meanOfDefined(pairValues) : null,
        macro_auroc_ovr: meanOfDefined(ovrColumns.map((c) => c.evaluate(weights).auroc)),
        micro_auroc_ovr: microColumn.evaluate(weights).auroc,
        accuracy: accuracy(yTrue, yPred, weights),
        macro_f1: macroF1(yTrue, yPred, { weights }),
        ece: calibration.ece(weights),
      };
    },
  };
}
