import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { averagePrecision } from "../../src/evaluation/averagePrecision.ts";
import { bootstrapIntervals, percentile } from "../../src/evaluation/bootstrapIntervals.ts";
import { evaluatePredictions } from "../../src/evaluation/evaluatePredictions.ts";
import { multiClassMetrics } from "../../src/evaluation/multiClassMetrics.ts";
import { multiLabelMetrics } from "../../src/evaluation/multiLabelMetrics.ts";
import { checkPredictions } from "../../src/evaluation/PredictionSet.ts";
import { RankedColumn } from "../../src/evaluation/RankedColumn.ts";
import { rocAuc } from "../../src/evaluation/rocAuc.ts";
import { SeededRandom } from "../../src/util/SeededRandom.ts";

const F = JSON.parse(readFileSync(new URL("../fixtures/evaluation/sklearn_metrics.json", import.meta.url), "utf8"));

function synthBinary(n: number, seed: number): { y: Int32Array; p: Float64Array } {
  const rng = SeededRandom.from(seed, "synth-binary");
  const y = new Int32Array(n);
  const p = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = rng.chance(0.2) ? 1 : 0;
    p[i] = Math.round(100 / (1 + Math.exp(-(rng.normal(-1.5, 1) + 1.5 * y[i]!)))) / 100;
  }
  return { y, p };
}

test("a resample's counts as weights give exactly the AUROC and AP of the resampled data (ties included)", () => {
  const c = F.binary.find((x: { name: string }) => x.name === "ties");
  const column = RankedColumn.build(c.y, c.scores);
  const n = c.y.length;
  for (let b = 0; b < 20; b++) {
    const rng = SeededRandom.from(5, b);
    const counts = new Uint32Array(n);
    const ys: number[] = [];
    const ss: number[] = [];
    for (let j = 0; j < n; j++) {
      const i = rng.int(0, n);
      counts[i]++;
      ys.push(c.y[i]);
      ss.push(c.scores[i]);
    }
    const r = column.evaluate(counts);
    assert.ok(Math.abs(r.auroc! - rocAuc(ys, ss)) < 1e-12, `resample ${b}: AUROC ${r.auroc} vs ${rocAuc(ys, ss)}`);
    assert.ok(Math.abs(r.ap! - averagePrecision(ys, ss)) < 1e-12, `resample ${b}: AP`);
  }
});

test("with every weight 1, the bootstrap statistic equals the point estimates (multi-label, multi-class)", () => {
  const ml = F.multilabel[0];
  const mlTask = multiLabelMetrics(
    checkPredictions({
      problemType: "multi-label",
      labelNames: Array.from({ length: ml.labels }, (_, l) => `L${l}`),
      yTrue: ml.y,
      scores: ml.scores,
    }),
  );
  const mc = F.multiclass[0];
  const mcTask = multiClassMetrics(
    checkPredictions({
      problemType: "multi-class",
      labelNames: ["a", "b", "c", "d"],
      yTrue: mc.y,
      scores: mc.probabilities,
    }),
  );
  for (const [task, n] of [
    [mlTask, ml.n],
    [mcTask, mc.y.length],
  ] as const) {
    const values = task.statistic(new Uint32Array(n).fill(1));
    assert.deepEqual(Object.keys(values).sort(), Object.keys(task.metrics).sort());
    for (const [name, v] of Object.entries(values)) {
      const expected = task.metrics[name]!.value!;
      assert.ok(Math.abs(v! - expected) < 1e-12, `${name}: ${v} vs ${expected}`);
    }
  }
});

test("bootstrap intervals are deterministic for a seed, differ between seeds, and contain the point estimate", () => {
  const { y, p } = synthBinary(400, 1);
  const args = { problemType: "binary" as const, labelNames: ["alive", "died"], yTrue: y, scores: p };
  const a = evaluatePredictions({ ...args, bootstrap: { resamples: 300 }, seed: 11 });
  const b = evaluatePredictions({ ...args, bootstrap: { resamples: 300 }, seed: 11 });
  const c = evaluatePredictions({ ...args, bootstrap: { resamples: 300 }, seed: 12 });
  assert.deepEqual(a, b);
  assert.notEqual(a.headline.interval!.lower, c.headline.interval!.lower);
  for (const [name, m] of Object.entries(a.metrics)) {
    const i = m.interval!;
    assert.equal(i.resamples + i.undefinedResamples, 300, name);
    assert.ok(i.lower! < m.value! && m.value! < i.upper!, `${name}: ${m.value} outside [${i.lower}, ${i.upper}]`);
    // RP80 is a step function (the last threshold whose precision reaches 0.8): its resamples jump further.
    assert.ok(i.upper! - i.lower! < (name === "rp80" ? 0.5 : 0.25), `${name}: interval too wide`);
  }
  assert.equal(a.bootstrap!.seed, 11);
  assert.equal(a.bootstrap!.resamples, 300);
  assert.equal(JSON.stringify(JSON.parse(JSON.stringify(a))), JSON.stringify(a), "metrics.json round trip");
});

test("resamples where a metric is undefined are skipped and counted", () => {
  const n = 50;
  const y = new Int32Array(n);
  y[7] = 1; // one positive: about (49/50)^50 ≈ 36 % of resamples draw none
  const p = Float64Array.from({ length: n }, (_, i) => (i * 0.37) % 1);
  const r = evaluatePredictions({ problemType: "binary", labelNames: ["0", "1"], yTrue: y, scores: p, seed: 3 });
  const i = r.metrics.macro_auroc!.interval!;
  assert.equal(i.resamples + i.undefinedResamples, 1000);
  assert.ok(i.undefinedResamples > 280 && i.undefinedResamples < 450, `undefined resamples: ${i.undefinedResamples}`);
  assert.equal(r.metrics.ece!.interval!.undefinedResamples, 0, "ECE is defined on every resample");
});

test("a multi-label bootstrap averages over the labels defined in each resample", () => {
  const ml = F.multilabel[0];
  const r = evaluatePredictions({
    problemType: "multi-label",
    labelNames: Array.from({ length: ml.labels }, (_, l) => `L${l}`),
    yTrue: ml.y,
    scores: ml.scores,
    bootstrap: { resamples: 200, seed: 1 },
  });
  const i = r.headline.interval!;
  assert.equal(i.resamples, 200, "never undefined: most labels have both classes in every resample");
  assert.ok(i.lower! < r.headline.value! && r.headline.value! < i.upper!);
});

test("percentile interpolates linearly between order statistics, as numpy.percentile", () => {
  assert.equal(percentile([1, 2, 3, 4], 0), 1);
  assert.equal(percentile([1, 2, 3, 4], 1), 4);
  assert.ok(Math.abs(percentile([1, 2, 3, 4], 0.025) - 1.075) < 1e-15);
  assert.ok(Math.abs(percentile([10, 20, 30, 40, 50], 0.975) - 49) < 1e-12);
  const r = bootstrapIntervals(10, () => ({ constant: 0.5 }), { resamples: 10 });
  assert.deepEqual(r.constant, { lower: 0.5, upper: 0.5, level: 0.95, resamples: 10, undefinedResamples: 0 });
  assert.throws(() => bootstrapIntervals(10, () => ({}), { resamples: -1 }), /resamples is -1/);
});
