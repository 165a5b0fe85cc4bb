import assert from "node:assert/strict";
import { test } from "node:test";
import { defaultThresholds, headFromJson, headToJson, type ModelHead } from "../../../src/models/heads/ModelHead.ts";

const head: ModelHead = {
  task: "DIA_GROUPS_3_DIGITS_adm",
  problemType: "multi_label_classification",
  labels: [{ name: "428", title: "Heart failure" }, { name: "486" }],
  pooler: false,
  pooling: "cls",
  maxLength: 512,
  longNotes: { policy: "windows", window: 256, stride: 128, pool: "max" },
  thresholds: [0.3, 0.5],
};

test("config.json round trip: what a trainer writes, every consumer reads back", () => {
  const json = JSON.parse(JSON.stringify(headToJson(head)));
  assert.equal(json.format, 1);
  assert.equal(json.problem_type, "multi_label_classification");
  assert.deepEqual(json.long_notes, { policy: "windows", window: 256, stride: 128, pool: "max" });
  assert.deepEqual(headFromJson(json, "m/config.json", 2), head);
  // The window cap is written (max_windows) only when there is one, and read back as it was.
  const capped: ModelHead = {
    ...head,
    longNotes: { policy: "windows", window: 256, stride: 128, pool: "mean", maxWindows: 8 },
  };
  const cappedJson = JSON.parse(JSON.stringify(headToJson(capped)));
  assert.deepEqual(cappedJson.long_notes, {
    policy: "windows",
    window: 256,
    stride: 128,
    pool: "mean",
    max_windows: 8,
  });
  assert.deepEqual(headFromJson(cappedJson, "m/config.json", 2), capped);
});

test("every field is checked, and the error names the file and the field", () => {
  const good = headToJson(head);
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ ...good, format: 2 }, /m\/config\.json: prognos_head\.format: expected 1/],
    [{ ...good, problem_type: "regression" }, /prognos_head\.problem_type: expected multi_label_classification or/],
    [{ ...good, labels: [] }, /prognos_head\.labels: expected a non-empty list/],
    [{ ...good, labels: [{ title: "x" }, { name: "486" }] }, /prognos_head\.labels\[0\]: expected \{name, title\?\}/],
    [{ ...good, pooler: "yes" }, /prognos_head\.pooler: expected true or false, got "yes"/],
    [{ ...good, max_length: 2 }, /prognos_head\.max_length: expected an integer ≥ 3, got 2/],
    [
      { ...good, long_notes: { policy: "windows", window: 600, stride: 1, pool: "max" } },
      /long_notes\.window: expected an integer in 3…512, got 600/,
    ],
    [
      { ...good, long_notes: { policy: "windows", window: 256, stride: 128, pool: "max", max_windows: 0 } },
      /long_notes\.max_windows: expected an integer ≥ 1 \(or no field: no cap\), got 0/,
    ],
    [{ ...good, long_notes: { policy: "summarize" } }, /prognos_head\.long_notes: expected/],
    [{ ...good, thresholds: [0.5] }, /prognos_head\.thresholds: expected 2 number\(s\) in \[0, 1\], got \[0\.5\]/],
    [{ ...good, thresholds: [0.5, 1.5] }, /prognos_head\.thresholds: expected 2 number\(s\)/],
  ];
  for (const [raw, pattern] of cases) assert.throws(() => headFromJson(raw, "m/config.json", 2), pattern);
  assert.throws(() => headFromJson(good, "m/config.json", 3), /lists 2 labels, the classifier has 3/);
});

test("default thresholds: 0.5 per label, one for binary (class 1), none for multi-class", () => {
  assert.deepEqual(defaultThresholds("multi_label_classification", 3), [0.5, 0.5, 0.5]);
  assert.deepEqual(defaultThresholds("single_label_classification", 2), [0.5]);
  assert.deepEqual(defaultThresholds("single_label_classification", 4), []);
});
