// The bad-input schedule and the CSV quoting the writers use.
import assert from "node:assert/strict";
import { test } from "node:test";
import { BAD_INPUT_KINDS, BadInputSchedule } from "../../../src/synth/ehr/BadInput.ts";

test("one bad row of each kind every n patients, the first ones early; a kind nobody hosts waits", () => {
  const s = new BadInputSchedule(2000);
  const due: Array<[number, string[]]> = [];
  for (let i = 0; i < 4100; i++) {
    const kinds = [...s.due(i)];
    if (kinds.length > 0) due.push([i, kinds]);
    if (i !== 20) s.hosted(kinds.map((kind) => ({ kind, file: "X.csv", row: 1, patient: i + 1 })));
  }
  assert.deepEqual(due.slice(0, 3), [
    [7, ["visitEndsBeforeStart"]],
    [20, ["eventOutsideVisit"]],
    [21, ["eventOutsideVisit"]],
  ]);
  assert.equal(
    due
      .filter(([, k]) => k.includes("missingBirthDate"))
      .map(([i]) => i)
      .join(),
    "59,2059,4059",
  );
  assert.equal(due.length, 3 * BAD_INPUT_KINDS.length + 1);
  const clean = new BadInputSchedule(null);
  for (let i = 0; i < 5000; i++) assert.deepEqual(clean.due(i), []);
  assert.throws(() => new BadInputSchedule(50), /≥ 72/);
});
