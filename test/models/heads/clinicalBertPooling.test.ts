import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import {
  clinicalBertProbability,
  poolClinicalBert,
  poolClinicalBertNotes,
} from "../../../src/models/heads/clinicalBertPooling.ts";
import { headFromJson, headToJson, type ModelHead } from "../../../src/models/heads/ModelHead.ts";

/** Written by scripts/fixtures/make_readmission_fixtures.py: pandas groupby as run_readmission.py pools chunks. */
const fixture = JSON.parse(readFileSync("test/fixtures/evaluation/readmission_metrics.json", "utf8")) as {
  pooling: { c: number; chunks: { id: string; p: number }[]; pooled: Record<string, number> }[];
};

test("P = (P_max + P_mean·n/c) / (1 + n/c), by hand", () => {
  // max 0.8, mean 0.5, n 3, c 2: (0.8 + 0.75) / 2.5
  assert.ok(Math.abs(clinicalBertProbability([0.2, 0.8, 0.5], 2) - 0.62) < 1e-15);
  // one chunk: its own probability, whatever c
  assert.ok(Math.abs(clinicalBertProbability([0.37], 2) - 0.37) < 1e-15);
  assert.ok(Math.abs(clinicalBertProbability([0.37], 5) - 0.37) < 1e-15);
  // many chunks lean on the mean: 1 high of 100 lows
  const many = [0.9, ...new Array(99).fill(0.1)];
  const p = clinicalBertProbability(many, 2);
  assert.ok(Math.abs(p - (0.9 + 0.108 * 50) / 51) < 1e-12);
  assert.throws(() => clinicalBertProbability([], 2), /without chunks/);
  assert.throws(() => clinicalBertProbability([0.5], 0), /c must be > 0/);
});

test("pooling equals the reference's pandas groupby, for its c = 2 and for c = 3", () => {
  for (const { c, chunks, pooled } of fixture.pooling) {
    const byId = new Map<string, number[]>();
    for (const { id, p } of chunks) byId.set(id, [...(byId.get(id) ?? []), p]);
    assert.deepEqual([...byId.keys()].sort(), Object.keys(pooled).sort());
    for (const [id, ps] of byId) {
      const got = clinicalBertProbability(ps, c);
      assert.ok(Math.abs(got - pooled[id]!) < 1e-12, `c ${c}, id ${id}: ${got} vs ${pooled[id]}`);
    }
  }
});

test("binary heads pool the risk (index 1) and keep the pair summing to 1; multi-label pools each label", () => {
  const rows = Float32Array.from([0.8, 0.2, 0.2, 0.8, 0.5, 0.5]); // three windows [p0, p1]
  const out = poolClinicalBert(rows, 0, 3, 2, "single_label_classification", 2);
  assert.ok(Math.abs(out[1]! - clinicalBertProbability([0.2, 0.8, 0.5], 2)) < 1e-6);
  assert.ok(Math.abs(out[0]! + out[1]! - 1) < 1e-6);
  const ml = poolClinicalBertNotes(
    Float32Array.from([0.1, 0.9, 0.3, 0.7, 0.6, 0.2]),
    [2, 1],
    2,
    "multi_label_classification",
  );
  assert.ok(Math.abs(ml[0]! - clinicalBertProbability([0.1, 0.3])) < 1e-6);
  assert.ok(Math.abs(ml[1]! - clinicalBertProbability([0.9, 0.7])) < 1e-6);
  assert.ok(Math.abs(ml[2]! - 0.6) < 1e-6 && Math.abs(ml[3]! - 0.2) < 1e-6);
  assert.throws(
    () => poolClinicalBert(new Float32Array(6), 0, 2, 3, "single_label_classification"),
    /binary or multi-label outputs; this head has 3 classes/,
  );
});

test("the head records pool clinicalbert with its c; c is required there and refused elsewhere", () => {
  const head: ModelHead = {
    task: "READMISSION_30D_discharge",
    problemType: "single_label_classification",
    labels: [{ name: "0" }, { name: "1" }],
    pooler: true,
    pooling: "cls",
    maxLength: 512,
    longNotes: { policy: "windows", window: 512, stride: 510, pool: "clinicalbert", c: 2 },
    thresholds: [0.5],
  };
  const json = JSON.parse(JSON.stringify(headToJson(head)));
  assert.deepEqual(json.long_notes, { policy: "windows", window: 512, stride: 510, pool: "clinicalbert", c: 2 });
  assert.deepEqual(headFromJson(json, "m/config.json", 2), head);
  const bad =
    (longNotes: unknown, labels = json.labels) =>
    () =>
      headFromJson(
        { ...json, long_notes: longNotes, labels, thresholds: labels.length === 2 ? [0.5] : [] },
        "m/config.json",
      );
  assert.throws(bad({ ...json.long_notes, c: undefined }), /long_notes\.c: expected a number > 0/);
  assert.throws(bad({ ...json.long_notes, c: 0 }), /long_notes\.c: expected a number > 0/);
  assert.throws(bad({ ...json.long_notes, pool: "max" }), /long_notes\.c: expected no c unless pool is clinicalbert/);
  assert.throws(bad({ ...json.long_notes, pool: "sum" }), /long_notes\.pool: expected max, mean or clinicalbert/);
  assert.throws(
    bad(json.long_notes, [{ name: "0" }, { name: "1" }, { name: "2" }]),
    /long_notes\.pool: expected max or mean for a multi-class head/,
  );
});
