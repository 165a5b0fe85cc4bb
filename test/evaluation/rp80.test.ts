import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { evaluatePredictions } from "../../src/evaluation/evaluatePredictions.ts";
import { RankedColumn } from "../../src/evaluation/RankedColumn.ts";

interface Rp80Case {
  name: string;
  y: number[];
  scores: number[];
  rp80: number;
  roc_auc: number;
  average_precision: number;
}
/** Written by scripts/fixtures/make_readmission_fixtures.py: the reference's RP80 rule on sklearn's PR curve. */
const fixture = JSON.parse(readFileSync("test/fixtures/evaluation/readmission_metrics.json", "utf8")) as {
  rp80: Rp80Case[];
};

const rp80 = (y: number[], s: number[]) =>
  evaluatePredictions({ problemType: "binary", labelNames: ["0", "1"], yTrue: y, scores: s, bootstrap: false }).metrics
    .rp80!.value;

test("RP80 by hand: the highest recall among the thresholds with precision ≥ 0.8", () => {
  // descending: 1 (P 1/1, R 1/4) 0 (1/2) 1 (2/3) 1 (3/4) 0 (3/5) 1 (4/6) 0 0 → only the first point reaches 0.8
  assert.equal(rp80([1, 0, 1, 1, 0, 1, 0, 0], [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2]), 0.25);
  // ties: at 0.9 (2 of 3, 0.667) it fails, at 0.5 (5 of 6, 0.833) it holds with full recall
  assert.equal(rp80([1, 1, 0, 1, 1, 1, 0], [0.9, 0.9, 0.9, 0.5, 0.5, 0.5, 0.1]), 1);
  // exactly 0.8 (4 of 5) counts
  assert.equal(rp80([1, 1, 1, 0, 1, 0, 1], [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3]), 0.8);
  // never reaches 0.8: 0, as the reference reports
  assert.equal(rp80([0, 1, 0, 1], [0.9, 0.8, 0.7, 0.6]), 0);
  // no positive: undefined
  assert.equal(rp80([0, 0, 0], [0.3, 0.2, 0.1]), null);
});

test("RP80, AUROC and AUPRC equal the reference's computation (sklearn precision_recall_curve, prec > 0.799999)", () => {
  assert.ok(fixture.rp80.length >= 7);
  for (const c of fixture.rp80) {
    const m = evaluatePredictions({
      problemType: "binary",
      labelNames: ["0", "1"],
      yTrue: c.y,
      scores: c.scores,
      bootstrap: false,
    }).metrics;
    assert.ok(Math.abs(m.rp80!.value! - c.rp80) < 1e-12, `${c.name}: ${m.rp80!.value} vs ${c.rp80}`);
    assert.ok(Math.abs(m.macro_auroc!.value! - c.roc_auc) < 1e-12, c.name);
    assert.ok(Math.abs(m.auprc!.value! - c.average_precision) < 1e-12, c.name);
  }
});

test("RP80 under bootstrap weights equals RP80 of the data set the weights spell out", () => {
  const c = fixture.rp80.find((x) => x.name === "ties")!;
  const counts = c.y.map((_, i) => (i * 7) % 3); // 0, 1 or 2 copies of each row
  const y: number[] = [];
  const s: number[] = [];
  counts.forEach((k, i) => {
    for (let j = 0; j < k; j++) {
      y.push(c.y[i]!);
      s.push(c.scores[i]!);
    }
  });
  const weighted = RankedColumn.build(c.y, c.scores).evaluate(Uint32Array.from(counts)).rp80;
  assert.equal(weighted, rp80(y, s));
});
