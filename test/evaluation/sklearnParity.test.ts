import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { accuracy } from "../../src/evaluation/accuracy.ts";
import { averagePrecision } from "../../src/evaluation/averagePrecision.ts";
import { evaluatePredictions } from "../../src/evaluation/evaluatePredictions.ts";
import { expectedCalibrationError, reliabilityBins } from "../../src/evaluation/expectedCalibrationError.ts";
import { f1Scores, macroF1 } from "../../src/evaluation/macroF1.ts";
import { mannWhitneyAuc } from "../../src/evaluation/mannWhitneyAuc.ts";
import { ovoRocAuc, ovrMacroRocAuc, ovrMicroRocAuc, ovrRocAucPerClass } from "../../src/evaluation/multiclassRocAuc.ts";
import { precisionRecallCurve } from "../../src/evaluation/precisionRecallCurve.ts";
import { RankedColumn } from "../../src/evaluation/RankedColumn.ts";
import { rocAuc } from "../../src/evaluation/rocAuc.ts";
import { rocCurve } from "../../src/evaluation/rocCurve.ts";
import { assertClose } from "../helpers/assertClose.ts";

// Values computed by scikit-learn 1.2 (scripts/fixtures/make_metric_fixtures.py).
const F = JSON.parse(readFileSync(new URL("../fixtures/evaluation/sklearn_metrics.json", import.meta.url), "utf8"));
const TOL = 1e-9;

function close(actual: number | null | undefined, expected: number, what: string): void {
  assert.ok(typeof actual === "number", `${what}: got ${actual}, expected ${expected}`);
  assert.ok(Math.abs(actual - expected) <= TOL, `${what}: ${actual} vs scikit-learn ${expected}`);
}

test("binary AUROC and average precision equal scikit-learn on every case (ties, separable, inverted, all equal, imbalanced, unbounded)", () => {
  assert.equal(F.binary.length, 6);
  for (const c of F.binary) {
    close(rocAuc(c.y, c.scores), c.roc_auc, `${c.name} rocAuc`);
    close(mannWhitneyAuc(c.y, c.scores), c.roc_auc, `${c.name} mannWhitneyAuc`);
    close(RankedColumn.build(c.y, c.scores).evaluate(null).auroc, c.roc_auc, `${c.name} RankedColumn auroc`);
    close(averagePrecision(c.y, c.scores), c.average_precision, `${c.name} averagePrecision`);
    close(RankedColumn.build(c.y, c.scores).evaluate(null).ap, c.average_precision, `${c.name} RankedColumn ap`);
  }
  const byName = Object.fromEntries(F.binary.map((c: { name: string }) => [c.name, c]));
  assert.equal(rocAuc(byName.separable.y, byName.separable.scores), 1);
  assert.equal(rocAuc(byName.all_equal.y, byName.all_equal.scores), 0.5);
});

test("ROC and precision-recall curves equal scikit-learn's point by point (drop_intermediate on and off)", () => {
  type Curves = {
    roc: { fpr: number[]; tpr: number[]; thresholds: number[] };
    roc_all: { fpr: number[]; tpr: number[] };
    pr: { precision: number[]; recall: number[]; thresholds: number[] };
  };
  for (const [name, c] of Object.entries(F.curves as Record<string, Curves>)) {
    const b = F.binary.find((x: { name: string }) => x.name === name);
    const roc = rocCurve(b.y, b.scores);
    assertClose(roc.fpr, c.roc.fpr, TOL, `${name} fpr`);
    assertClose(roc.tpr, c.roc.tpr, TOL, `${name} tpr`);
    assertClose(roc.thresholds, c.roc.thresholds, TOL, `${name} thresholds`);
    const all = rocCurve(b.y, b.scores, { dropIntermediate: false });
    assertClose(all.fpr, c.roc_all.fpr, TOL, `${name} fpr (all points)`);
    assertClose(all.tpr, c.roc_all.tpr, TOL, `${name} tpr (all points)`);
    if (name === "imbalanced") assert.ok(all.fpr.length > roc.fpr.length + 10, "the drop path is exercised");
    const pr = precisionRecallCurve(b.y, b.scores);
    assertClose(pr.precision, c.pr.precision, TOL, `${name} precision`);
    assertClose(pr.recall, c.pr.recall, TOL, `${name} recall`);
    assertClose(pr.thresholds, c.pr.thresholds, TOL, `${name} pr thresholds`);
  }
});

test("multi-label: macro AUROC skips labels without positives/negatives, micro ravels, AUPRC and per-label values equal scikit-learn", () => {
  const c = F.multilabel[0];
  const labelNames = Array.from({ length: c.labels }, (_, l) => `L${l}`);
  const r = evaluatePredictions({
    problemType: "multi-label",
    labelNames,
    labelTitles: { L3: "Title of L3" },
    yTrue: Float64Array.from(c.y),
    scores: Float64Array.from(c.scores),
    bootstrap: false,
  });
  close(r.headline.value, c.macro_auroc, "macro AUROC");
  close(r.metrics.micro_auroc!.value, c.micro_auroc, "micro AUROC");
  close(r.metrics.macro_auprc!.value, c.macro_average_precision, "macro AUPRC");
  close(r.metrics.micro_auprc!.value, c.micro_average_precision, "micro AUPRC");
  assert.deepEqual(r.skippedLabels, [
    { label: "L0", reason: "no positive" },
    { label: "L1", reason: "no negative" },
  ]);
  assert.equal(r.labelsEvaluated, c.evaluable_labels.length);
  for (let l = 0; l < c.labels; l++) {
    const row = r.perLabel[l]!;
    if (c.per_label_auroc[l] === null) assert.equal(row.auroc, null);
    else close(row.auroc, c.per_label_auroc[l], `L${l} AUROC`);
    if (c.per_label_average_precision[l] === null) assert.equal(row.averagePrecision, null);
    else close(row.averagePrecision, c.per_label_average_precision[l], `L${l} AP`);
  }
  assert.equal(r.perLabel[3]!.title, "Title of L3");
  assert.equal(r.perLabel[4]!.title, null);
  assert.equal(r.perLabel[2]!.positives, 1);
  assert.equal(r.bootstrap, null);
  // Rows given as arrays of rows give the same report.
  const rows = (flat: number[]) => Array.from({ length: c.n }, (_, i) => flat.slice(i * c.labels, (i + 1) * c.labels));
  const again = evaluatePredictions({
    problemType: "multi-label",
    labelNames,
    yTrue: rows(c.y),
    scores: rows(c.scores),
    bootstrap: false,
  });
  assert.equal(again.headline.value, r.headline.value);
});

test("multi-class: one-vs-one (Hand & Till) and one-vs-rest AUROC, accuracy and macro F1 equal scikit-learn", () => {
  for (const c of F.multiclass) {
    const inputs = { yTrue: c.y, probabilities: c.probabilities, nClasses: c.classes };
    close(ovoRocAuc(inputs), c.ovo_macro, `${c.name} ovo`);
    const r = evaluatePredictions({
      problemType: "multi-class",
      labelNames: ["0", "1", "2", "3"],
      yTrue: c.y,
      scores: Float64Array.from(c.probabilities),
      bootstrap: false,
    });
    close(r.headline.value, c.ovo_macro, `${c.name} headline`);
    close(r.metrics.accuracy!.value, c.accuracy, `${c.name} accuracy`);
    close(r.metrics.macro_f1!.value, c.f1_macro, `${c.name} macro F1`);
    assertClose(
      r.perLabel.map((row) => row.f1!),
      c.f1_per_class,
      TOL,
      `${c.name} F1 per class`,
    );
    if (c.ovr_macro !== undefined) {
      close(ovrMacroRocAuc(inputs), c.ovr_macro, `${c.name} ovr macro`);
      close(r.metrics.macro_auroc_ovr!.value, c.ovr_macro, `${c.name} report ovr macro`);
      close(ovrMicroRocAuc(inputs), c.ovr_micro, `${c.name} ovr micro`);
      close(r.metrics.micro_auroc_ovr!.value, c.ovr_micro, `${c.name} report ovr micro`);
      assertClose(ovrRocAucPerClass(inputs) as number[], c.ovr_per_class, TOL, `${c.name} ovr per class`);
    } else {
      close(ovrMacroRocAuc(inputs), c.ovr_macro_present, `${c.name} ovr over present classes`);
      assert.deepEqual(r.skippedLabels, [{ label: "3", reason: "no positive" }]);
    }
  }
});

test("binary task from 2-class softmax probabilities and from a single score give scikit-learn's AUROC and AP", () => {
  const c = F.binary.find((x: { name: string }) => x.name === "ties");
  const softmax = c.scores.flatMap((p: number) => [1 - p, p]);
  const a = evaluatePredictions({
    problemType: "binary",
    labelNames: ["alive", "died"],
    yTrue: c.y,
    scores: softmax,
    bootstrap: false,
  });
  const b = evaluatePredictions({
    problemType: "binary",
    labelNames: ["alive", "died"],
    yTrue: c.y,
    scores: c.scores,
    bootstrap: false,
  });
  for (const r of [a, b]) {
    close(r.headline.value, c.roc_auc, "binary AUROC");
    close(r.metrics.auprc!.value, c.average_precision, "binary AUPRC");
    assert.equal(r.perLabel[0]!.label, "died");
  }
  const u = F.binary.find((x: { name: string }) => x.name === "unbounded_scores");
  const r = evaluatePredictions({
    problemType: "binary",
    labelNames: ["0", "1"],
    yTrue: u.y,
    scores: u.scores,
    bootstrap: false,
  });
  close(r.headline.value, u.roc_auc, "unbounded AUROC");
  assert.equal(r.metrics.ece!.value, null, "no ECE for scores that are not probabilities");
});

test("reliability bins and ECE equal scikit-learn's calibration_curve (probabilities exactly on bin edges included)", () => {
  for (const c of F.calibration) {
    const bins = reliabilityBins(c.outcome, c.probability, 15);
    assert.deepEqual(
      bins.map((b) => b.count),
      c.counts,
      `${c.name} counts`,
    );
    const nonEmpty = bins.filter((b) => b.count > 0);
    assertClose(
      nonEmpty.map((b) => b.fractionPositive!),
      c.prob_true,
      TOL,
      `${c.name} prob_true`,
    );
    assertClose(
      nonEmpty.map((b) => b.meanPredicted!),
      c.prob_pred,
      TOL,
      `${c.name} prob_pred`,
    );
    close(expectedCalibrationError(c.outcome, c.probability), c.ece, `${c.name} ECE`);
  }
  const los = F.multiclass.find((x: { name: string }) => x.name === "los_continuous");
  const r = evaluatePredictions({
    problemType: "multi-class",
    labelNames: ["0", "1", "2", "3"],
    yTrue: los.y,
    scores: los.probabilities,
    bootstrap: false,
  });
  close(r.metrics.ece!.value, F.calibration[1].ece, "LOS top-label ECE through evaluatePredictions");
});

test("macro F1 and accuracy with zero_division cases equal scikit-learn", () => {
  for (const c of F.f1) {
    close(macroF1(c.y_true, c.y_pred), c.f1_macro, `${c.name} macro F1`);
    close(accuracy(c.y_true, c.y_pred), c.accuracy, `${c.name} accuracy`);
  }
  // A class neither true nor predicted is not averaged in unless asked for.
  assert.equal(f1Scores([0, 1], [0, 1]).length, 2);
  assert.deepEqual(Array.from(f1Scores([0, 1], [0, 1], { labels: [0, 1, 2] })), [1, 1, 0]);
});
