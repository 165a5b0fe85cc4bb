import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { coreListSplitter, readCoreSplitLists } from "../../../src/tasks/splits/coreSplitLists.ts";
import { seededHashSplit, seededHashSplitter } from "../../../src/tasks/splits/seededHashSplit.ts";
import { seededShuffleKey } from "../../../src/tasks/splits/seededShuffleKey.ts";

test("CORe's lists: 26,124 / 3,732 / 7,465 patients, no patient in two lists", () => {
  const lists = readCoreSplitLists();
  const count = (s: string) => [...lists.values()].filter((v) => v === s).length;
  assert.deepEqual([count("train"), count("val"), count("test")], [26124, 3732, 7465]);
  const split = coreListSplitter();
  assert.deepEqual(["10635", "19788", "19006", "1", "abc"].map(split.splitOf), ["train", "val", "test", null, null]);
});

test("a patient in two different lists is an error naming the file and line", () => {
  const dir = mkdtempSync(join(tmpdir(), "prognos-lists-"));
  try {
    writeFileSync(join(dir, "mimic_train.csv"), "SUBJECT_ID\n1\n2\n2\n");
    writeFileSync(join(dir, "mimic_val.csv"), "SUBJECT_ID\n3\n");
    writeFileSync(join(dir, "mimic_test.csv"), "SUBJECT_ID\n4\n1\n");
    assert.throws(() => readCoreSplitLists(dir), /mimic_test\.csv: line 3: SUBJECT_ID 1 is also in mimic_train\.csv/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("seeded hash split: deterministic, about 70/10/20, a different seed gives a different split", () => {
  const ids = Array.from({ length: 20000 }, (_, i) => `patient-${i}`);
  const counts = { train: 0, val: 0, test: 0 };
  for (const id of ids) counts[seededHashSplit(id, 7)]++;
  assert.ok(Math.abs(counts.train / ids.length - 0.7) < 0.015, JSON.stringify(counts));
  assert.ok(Math.abs(counts.val / ids.length - 0.1) < 0.01, JSON.stringify(counts));
  assert.ok(Math.abs(counts.test / ids.length - 0.2) < 0.015, JSON.stringify(counts));
  assert.deepEqual(
    ids.slice(0, 50).map((id) => seededHashSplit(id, 7)),
    ids.slice(0, 50).map((id) => seededHashSplit(id, 7)),
  );
  const moved = ids.filter((id) => seededHashSplit(id, 7) !== seededHashSplit(id, 8)).length;
  assert.ok(moved > 5000, `${moved} patients change split with the seed`);
  // pinned values: the split of an id must never change between versions
  assert.deepEqual(
    ["1", "2", "3", "4", "5", "6"].map((id) => seededHashSplit(id, 123)),
    PINNED,
  );
  assert.match(seededHashSplitter(123).description, /70\/10\/20/);
});
// Checked with Python: hashlib.sha256(b"prognos-split:123:<id>"), first 8 bytes >> 11, / 2**53.
const PINNED = ["train", "train", "train", "test", "test", "val"];

test("seeded shuffle keys: fixed per (seed, id), different across seeds", () => {
  assert.equal(seededShuffleKey(123, "100001"), seededShuffleKey(123, "100001"));
  assert.notEqual(seededShuffleKey(123, "100001"), seededShuffleKey(124, "100001"));
  assert.match(seededShuffleKey(1, "x"), /^[0-9a-f]{16}$/);
});
