import assert from "node:assert/strict";
import { test } from "node:test";
import { headFromJson, headToJson, type ModelHead } from "../../../src/models/heads/ModelHead.ts";
import {
  noteProbabilities,
  poolLogits,
  poolNoteProbabilities,
  poolNotes,
} from "../../../src/models/heads/poolLogits.ts";

// The two kinds of window pooling a head can name (docs/long-notes.md): max / mean of the windows' logits, and
// ClinicalBERT's P = (P_max + P_mean·n/c)/(1 + n/c) of their probabilities — never of their logits.

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const head = (longNotes: ModelHead["longNotes"], problemType: ModelHead["problemType"]) => ({ longNotes, problemType });
const windows = (pool: "max" | "mean") => ({ policy: "windows" as const, window: 8, stride: 3, pool, maxWindows: 4 });
const clinicalbert = (c: number) => ({
  policy: "windows" as const,
  window: 8,
  stride: 3,
  pool: "clinicalbert" as const,
  c,
});

// Two multi-label notes (2 labels): note 0 has three windows, note 1 one.
const logits = Float32Array.from([-1, 2, 0.5, -3, 3, 0, 1.5, -0.5]);
const counts = [3, 1];

test("max and mean pool the windows' logits, then the sigmoid", () => {
  const max = noteProbabilities(logits, 0, 3, 2, head(windows("max"), "multi_label_classification"));
  assert.ok(Math.abs(max[0]! - sigmoid(3)) < 1e-6 && Math.abs(max[1]! - sigmoid(2)) < 1e-6);
  const mean = noteProbabilities(logits, 0, 3, 2, head(windows("mean"), "multi_label_classification"));
  assert.ok(Math.abs(mean[0]! - sigmoid(2.5 / 3)) < 1e-6 && Math.abs(mean[1]! - sigmoid(-1 / 3)) < 1e-6);
  const both = poolNoteProbabilities(logits, counts, 2, head(windows("mean"), "multi_label_classification"));
  assert.deepEqual([...both.subarray(0, 2)], [...mean]);
  assert.ok(Math.abs(both[2]! - sigmoid(1.5)) < 1e-6 && Math.abs(both[3]! - sigmoid(-0.5)) < 1e-6);
});

test("clinicalbert pools the windows' probabilities, by hand; its logits are refused by the logit pooling", () => {
  const h = head(clinicalbert(2), "multi_label_classification");
  const byHand = (zs: number[], c: number) => {
    const p = zs.map(sigmoid);
    const n = p.length;
    return (Math.max(...p) + p.reduce((a, b) => a + b, 0) / c) / (1 + n / c);
  };
  const note0 = noteProbabilities(logits, 0, 3, 2, h);
  assert.ok(Math.abs(note0[0]! - byHand([-1, 0.5, 3], 2)) < 1e-6);
  assert.ok(Math.abs(note0[1]! - byHand([2, -3, 0], 2)) < 1e-6);
  // not the sigmoid of any pooled logit: the max-logit answer differs
  assert.ok(Math.abs(note0[0]! - sigmoid(3)) > 0.05);
  const both = poolNoteProbabilities(logits, counts, 2, h);
  assert.deepEqual([...both.subarray(0, 2)], [...note0]);
  assert.ok(Math.abs(both[2]! - sigmoid(1.5)) < 1e-6, "one window: its own probability");
  const c5 = noteProbabilities(logits, 0, 3, 2, head(clinicalbert(5), "multi_label_classification"));
  assert.ok(Math.abs(c5[0]! - byHand([-1, 0.5, 3], 5)) < 1e-6);
  assert.throws(() => poolLogits(logits, 0, 3, 2, h), /clinicalbert pools window probabilities, not logits/);
  assert.throws(() => poolNotes(logits, counts, 2, h), /clinicalbert pools window probabilities, not logits/);
});

test("binary clinicalbert pools the risk's softmax probability; class 0 is 1 − P", () => {
  const z = Float32Array.from([0, 1, 0, -2]); // two windows [z0, z1]
  const p = [sigmoid(1), sigmoid(-2)]; // softmax of a pair = sigmoid of the difference
  const want = (Math.max(...p) + (p[0]! + p[1]!) / 2) / (1 + 2 / 2);
  const out = noteProbabilities(z, 0, 2, 2, head(clinicalbert(2), "single_label_classification"));
  assert.ok(Math.abs(out[1]! - want) < 1e-6 && Math.abs(out[0]! + out[1]! - 1) < 1e-6);
});

test("a head's windows policy carries clinicalbert's c and max_windows together", () => {
  const h: ModelHead = {
    task: "READMISSION_30D_discharge",
    problemType: "single_label_classification",
    labels: [{ name: "0" }, { name: "1" }],
    pooler: true,
    pooling: "cls",
    maxLength: 64,
    longNotes: { policy: "windows", window: 64, stride: 31, pool: "clinicalbert", c: 2, maxWindows: 8 },
    thresholds: [0.5],
  };
  const json = JSON.parse(JSON.stringify(headToJson(h)));
  assert.deepEqual(json.long_notes, {
    policy: "windows",
    window: 64,
    stride: 31,
    pool: "clinicalbert",
    c: 2,
    max_windows: 8,
  });
  assert.deepEqual(headFromJson(json, "m/config.json", 2), h);
  const maxHead = { ...json, long_notes: { policy: "windows", window: 64, stride: 31, pool: "max", max_windows: 8 } };
  assert.deepEqual(headFromJson(maxHead, "m/config.json", 2).longNotes, {
    policy: "windows",
    window: 64,
    stride: 31,
    pool: "max",
    maxWindows: 8,
  });
});
