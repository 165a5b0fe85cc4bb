import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { filterDeathMentions } from "../../../src/tasks/notes/mortalityLeakageFilter.ts";

const note = (pe: string, other = "") =>
  `CHIEF COMPLAINT: syncope\n\nPRESENT ILLNESS: ${other}\n\nMEDICAL HISTORY: \n\nMEDICATION ON ADMISSION: aspirin\n\n` +
  `ALLERGIES: \n\nPHYSICAL EXAM: ${pe}\n\nFAMILY HISTORY: \n\nSOCIAL HISTORY: `;

test("stage 1: a death phrase in PHYSICAL EXAM is cut, what precedes and follows it stays, the note is kept", () => {
  const r = filterDeathMentions(note("Neuro: alert; per EMS pt expired briefly and was shocked back"));
  assert.equal(r.cut, true);
  assert.equal(r.dropReason, null);
  assert.ok(r.text.includes("PHYSICAL EXAM: Neuro: alert; per EMS  briefly and was shocked back\n\nFAMILY"));
});

test("stage 1 in MEDICATION ON ADMISSION; every match is replaced, case-insensitively", () => {
  const text = "MEDICATION ON ADMISSION: unknown as Patient Expired on arrival; pt has died x\n\nALLERGIES: none";
  const r = filterDeathMentions(text);
  assert.equal(r.text, "MEDICATION ON ADMISSION: unknown as  on arrival; pt has died x\n\nALLERGIES: none");
  assert.equal(r.dropReason, "death mention: (patient|pt) (had|has)? (expired|died|passed away|deceased)");
});

test("stage 1 never reaches past its own line ([^\\n\\n] is a character class); stage 2 then drops the note", () => {
  const r = filterDeathMentions(note("normal", "the pt died at home"));
  assert.equal(r.cut, false);
  assert.equal(r.dropReason, "death mention: (patient|pt) (had|has)? (expired|died|passed away|deceased)");
});

test("stage 2: 'she expired' (via 'he expired'), 'pronounced expired', 'time of death' drop the note", () => {
  assert.equal(
    filterDeathMentions(note("", "family met and she expired")).dropReason,
    "death mention: 'he expired' (or 'she expired')",
  );
  assert.equal(
    filterDeathMentions(note("", "was Pronounced Expired in field")).dropReason,
    "death mention: 'pronounced expired'",
  );
  assert.equal(
    filterDeathMentions(note("", "son present at TIME OF DEATH")).dropReason,
    "death mention: 'time of death'",
  );
  assert.equal(
    filterDeathMentions(note("", "Patient has passed away")).dropReason?.startsWith("death mention: (patient"),
    true,
  );
  assert.equal(filterDeathMentions(note("", "brother died of MI; father deceased")).dropReason, null);
});

test("Python's \\s between the words: \\x85 counts, \\uFEFF does not", () => {
  assert.notEqual(filterDeathMentions(note("", "pt\x85died")).dropReason, null);
  assert.equal(filterDeathMentions(note("", "pt\ufeffdied")).dropReason, null);
});

interface ParityRow {
  deathInput: string;
  deathCut: string;
  deathKept: boolean;
}

test("600 edge-case texts: the same cuts and verdicts as the pandas reference", () => {
  const rows = JSON.parse(readFileSync("test/fixtures/tasks/regex-parity.json", "utf8")) as ParityRow[];
  let cuts = 0;
  for (const [i, row] of rows.entries()) {
    const r = filterDeathMentions(row.deathInput);
    assert.equal(r.text, row.deathCut, `text #${i}`);
    assert.equal(r.dropReason === null, row.deathKept, `text #${i}`);
    if (r.cut) cuts++;
  }
  assert.ok(cuts > 50 && rows.some((r) => r.deathKept) && rows.some((r) => !r.deathKept));
});
