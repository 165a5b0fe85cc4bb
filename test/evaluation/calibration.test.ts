import assert from "node:assert/strict";
import { test } from "node:test";
import { evaluatePredictions } from "../../src/evaluation/evaluatePredictions.ts";
import { expectedCalibrationError, reliabilityBins } from "../../src/evaluation/expectedCalibrationError.ts";
import { WeightedCalibration } from "../../src/evaluation/WeightedCalibration.ts";

test("ECE of a hand-computed binary case: three filled bins out of 15, weighted by count", () => {
  const outcome = [0, 1, 1, 1, 0, 0];
  const p = [0.05, 0.05, 0.95, 0.95, 0.5, 0.5];
  // Bin 0 (0, 1/15]: mean p 0.05, fraction 0.5 → 0.45; bin 14: 0.95 vs 1 → 0.05; bin 7 (7/15, 8/15]: 0.5 vs 0 → 0.5.
  const expected = (2 * 0.45 + 2 * 0.05 + 2 * 0.5) / 6;
  assert.ok(Math.abs(expectedCalibrationError(outcome, p) - expected) < 1e-15);
  const bins = reliabilityBins(outcome, p);
  assert.equal(bins.length, 15);
  assert.deepEqual(
    bins.flatMap((b, k) => (b.count > 0 ? [k] : [])),
    [0, 7, 14],
  );
  assert.equal(bins[3]!.meanPredicted, null);
  const binary = evaluatePredictions({
    problemType: "binary",
    labelNames: ["no", "yes"],
    yTrue: outcome,
    scores: p,
    bootstrap: false,
  });
  assert.ok(Math.abs(binary.metrics.ece!.value! - expected) < 1e-15);
});

test("multi-class ECE is the top-label ECE: confidence of the predicted class vs whether it is right", () => {
  const probabilities = [0.7, 0.1, 0.1, 0.1, 0.7, 0.1, 0.1, 0.1, 0.38, 0.62, 0, 0];
  const yTrue = [0, 1, 1];
  // Predictions 0, 0, 1: confidences 0.7 (right), 0.7 (wrong) → bin 10 gap 0.2; 0.62 (right) → bin 9 gap 0.38.
  const r = evaluatePredictions({
    problemType: "multi-class",
    labelNames: ["a", "b", "c", "d"],
    yTrue,
    scores: probabilities,
    bootstrap: false,
  });
  assert.ok(Math.abs(r.metrics.ece!.value! - (2 * 0.2 + 0.38) / 3) < 1e-15, `${r.metrics.ece!.value}`);
  assert.ok(Math.abs(r.metrics.accuracy!.value! - 2 / 3) < 1e-15);
});

test("weighted calibration equals the calibration of the repeated samples", () => {
  const outcome = [1, 0, 1, 0, 1];
  const p = [0.9, 0.2, 0.55, 0.41, 0.0];
  const weights = [2, 0, 3, 1, 1];
  const repeated = { o: [] as number[], p: [] as number[] };
  weights.forEach((w, i) => {
    for (let k = 0; k < w; k++) {
      repeated.o.push(outcome[i]!);
      repeated.p.push(p[i]!);
    }
  });
  const c = WeightedCalibration.build(outcome, p, 5);
  assert.ok(Math.abs(c.ece(weights)! - expectedCalibrationError(repeated.o, repeated.p)) < 1e-15);
  assert.equal(c.ece([0, 0, 0, 0, 0]), null);
  assert.throws(() => reliabilityBins([1], [1.5]), /outside \[0, 1\]/);
});
