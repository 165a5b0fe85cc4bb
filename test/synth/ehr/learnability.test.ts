// Order and timing carry signal beyond presence: on a seeded sample, logistic regression on order/timing features
// beats the same model on a bag of codes (test AUROC), as a sequence model beats bag-of-codes in Med-BERT.
// bench/ehr/learnability.ts runs the same comparison on 20k patients (numbers in docs/synthetic-ehr.md).
import assert from "node:assert/strict";
import { test } from "node:test";
import { auroc, compareFeatureSets, dhfCohort } from "../../../bench/ehr/dhfLearnability.ts";
import { generatePatient } from "../../../src/synth/ehr/generatePatient.ts";

test("auroc: ties count half; perfect and reversed rankings", () => {
  assert.equal(auroc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]), 0.75);
  assert.equal(auroc([1, 2, 3], [0, 1, 1]), 1);
  assert.equal(auroc([3, 2, 1], [0, 1, 1]), 0);
  assert.equal(auroc([1, 1, 1, 1], [0, 1, 0, 1]), 0.5);
});

test("DHF on 8,000 seeded patients: the order-aware model beats bag-of-codes by a clear margin", () => {
  const patients = Array.from({ length: 8000 }, (_, i) => generatePatient(5, i));
  const cohort = dhfCohort(patients);
  for (const m of cohort) for (const t of m.last.values()) assert.ok(t < m.index, "input strictly before the index");
  const r = compareFeatureSets(cohort, 1);
  assert.ok(r.cases > 200 && r.members > 1500, JSON.stringify(r));
  assert.ok(r.bagAuroc > 0.7, `bag-of-codes learns something: ${r.bagAuroc}`);
  assert.ok(r.orderAuroc > r.bagAuroc + 0.03, `order-aware ${r.orderAuroc} vs bag-of-codes ${r.bagAuroc}`);
});
