import assert from "node:assert/strict";
import { test } from "node:test";
import { evaluatePredictions } from "../../src/evaluation/evaluatePredictions.ts";
import { mannWhitneyAuc } from "../../src/evaluation/mannWhitneyAuc.ts";
import { rocAuc } from "../../src/evaluation/rocAuc.ts";
import { isPrognosError } from "../../src/util/errors.ts";
import { SeededRandom } from "../../src/util/SeededRandom.ts";

test("bad inputs are refused with the argument and value at fault", () => {
  const refuse = (args: Parameters<typeof evaluatePredictions>[0], pattern: RegExp) =>
    assert.throws(
      () => evaluatePredictions({ ...args, bootstrap: false }),
      (e: unknown) => isPrognosError(e) && pattern.test(e.message),
    );
  const ml = { problemType: "multi-label" as const, labelNames: ["a", "b"] };
  refuse({ ...ml, yTrue: [1, 0, 1], scores: [0.1, 0.2, 0.3] }, /yTrue has 3 values, not a whole number of rows of 2/);
  refuse({ ...ml, yTrue: [1, 0, 2, 0], scores: [0.1, 0.2, 0.3, 0.4] }, /yTrue\[1\]\[0\] is 2, expected 0 or 1/);
  refuse({ ...ml, yTrue: [1, 0], scores: [0.1, Number.NaN] }, /scores: value 1 \(row 0\) is NaN/);
  refuse({ ...ml, yTrue: [], scores: [] }, /no samples to evaluate/);
  refuse({ ...ml, yTrue: [1, 0], scores: [0.1, 0.2, 0.3] }, /scores has 3 values, expected 1×2 = 2/);
  refuse(
    { problemType: "binary", labelNames: ["a"], yTrue: [1], scores: [0.5] },
    /binary predictions need 2 labelNames/,
  );
  refuse({ problemType: "binary", labelNames: ["a", "b"], yTrue: [1, 2], scores: [0.5, 0.1] }, /yTrue\[1\] is 2/);
  refuse(
    { problemType: "multi-class", labelNames: ["a", "b", "c"], yTrue: [0, 1], scores: [0.2, 0.3, 0.5, 0.5, 0.5, 0.5] },
    /the probabilities of sample 1 sum to 1.5, expected 1/,
  );
  refuse({ ...ml, labelNames: ["a", "a"], yTrue: [1, 0], scores: [0.1, 0.2] }, /duplicates/);
  assert.throws(() => rocAuc([1, 1, 1], [0.1, 0.2, 0.3]), /3 positive\(s\) and 0 negative\(s\)/);
});

test("float32 softmax rows that sum to 1 within float32 rounding are accepted", () => {
  const probs = Float32Array.from([0.1, 0.2, 0.7, 0.3333333, 0.3333333, 0.3333334]);
  const r = evaluatePredictions({
    problemType: "multi-class",
    labelNames: ["a", "b", "c"],
    yTrue: [2, 0],
    scores: probs,
    bootstrap: false,
  });
  assert.equal(r.metrics.accuracy!.value, 0.5);
});

test("AUROC from the ROC curve equals the Mann-Whitney U statistic with average ranks on random tied data", () => {
  for (let trial = 0; trial < 50; trial++) {
    const rng = SeededRandom.from(trial, "mw");
    const n = rng.int(2, 300);
    const y = Array.from({ length: n }, () => (rng.chance(0.3) ? 1 : 0));
    y[0] = 1;
    y[1] = 0;
    const levels = rng.int(1, 20); // few distinct scores: many ties
    const s = y.map((v) => Math.floor(rng.uniform(0, levels) + v * rng.uniform(0, 3)) / levels);
    const a = rocAuc(y, s);
    const b = mannWhitneyAuc(y, s);
    assert.ok(Math.abs(a - b) < 1e-12, `trial ${trial}: ${a} vs ${b}`);
  }
});
