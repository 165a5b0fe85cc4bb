import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, test } from "node:test";
import { openMimic3 } from "../../../src/sources/mimic3/Mimic3Reader.ts";
import { removeTempCopies, rows, tempCopy, withTimeline } from "./mimic3TestFolders.ts";

const HOSPITAL = "test/fixtures/mimic3/hospital";
const BAD = "test/fixtures/mimic3/bad-input";
after(removeTempCopies);

test("a note triage request: one table with tl_notes' rows, text for one category alone, and the same skips", async () => {
  // the bad-input notes plus one without a CHARTDATE, so both CHARTDATE skips come from the staged table
  const dir = tempCopy(BAD);
  const notes = readFileSync(join(dir, "NOTEEVENTS.csv"), "utf8");
  writeFileSync(join(dir, "NOTEEVENTS.csv"), `${notes}99,10635,200001,,,,"Nursing","Note",,,"no date"\n`);
  const columns = "note_id, patient_id, stay_id, time, category, description, seq, source_row";
  const plain = await withTimeline(dir, async (tl) => ({
    skips: tl.skips,
    notes: await rows(
      tl,
      `SELECT ${columns}, text IS NULL AS no_text, CASE WHEN category = 'Discharge summary' THEN text END AS text
       FROM tl_notes ORDER BY source_row`,
    ),
  }));
  assert.ok(plain.skips.some((s) => s.file === "NOTEEVENTS.csv" && s.reason.startsWith("no CHARTDATE")));
  const tl = await openMimic3(dir, { noteTriage: { textCategory: "Discharge summary" } });
  try {
    assert.equal(tl.noteTriage, "m3_note_triage");
    assert.deepEqual(tl.skips, plain.skips);
    const staged = await rows(
      tl,
      `SELECT * EXCLUDE (no_date, no_text, text), rowid + 1 AS source_row, no_text, text
       FROM ${tl.noteTriage} ORDER BY rowid`,
    );
    assert.equal(staged.length, plain.notes.length);
    assert.deepEqual(staged, plain.notes);
    assert.ok(staged.some((n) => n.text !== null) && staged.some((n) => n.no_text === false && n.text === null));
  } finally {
    tl.close();
  }
});

test("a malformed NOTEEVENTS read for a note triage is the same error, quoting no row", async () => {
  const dir = tempCopy(HOSPITAL);
  const header = "row_id,subject_id,hadm_id,chartdate,charttime,storetime,category,description,cgid,iserror,text\n";
  writeFileSync(
    join(dir, "NOTEEVENTS.csv"),
    `${header}1,10635,100001,2150-01-04,,,Discharge summary,Report,,,SECRET PATIENT TEXT,extra,fields\n`,
  );
  await assert.rejects(openMimic3(dir, { noteTriage: { textCategory: "Discharge summary" } }), (e: Error) => {
    assert.match(e.message, /NOTEEVENTS\.csv: cannot read the table: /);
    assert.doesNotMatch(e.message, /SECRET/);
    return true;
  });
});
