// NOTEEVENTS with quoted line breaks across DuckDB's scan boundaries (test/sources/common/quotedNotesCsv.ts), beside
// the bundled demo's other tables, read on a DuckDB with 4 threads: every note comes back, in its own row, text byte
// for byte.
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { mimic3Reader } from "../../../src/sources/mimic3/Mimic3Reader.ts";
import type { Timeline } from "../../../src/sources/Timeline.ts";
import { assertNotesRoundTrip, openWithThreads } from "../common/notesRoundTrip.ts";
import { type QuotedNotesCsv, writeQuotedNotesCsv } from "../common/quotedNotesCsv.ts";
import { rows } from "../common/timelineQuery.ts";

const DEMO = "data/mimic-iii-demo";
const noteId = (i: number) => String(i + 1);
const subject = (i: number) => String(10_000 + (i % 500));
const hadm = (i: number) => String(100_000 + (i % 500));

describe("mimic3: NOTEEVENTS with quoted line breaks over DuckDB's scan boundaries (34 MB)", () => {
  let dir: string;
  let csv: QuotedNotesCsv;
  let tl: Timeline;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "prognos-m3-quoted-"));
    for (const table of ["ADMISSIONS", "PATIENTS", "DIAGNOSES_ICD", "PROCEDURES_ICD"]) {
      copyFileSync(join(DEMO, `${table}.csv`), join(dir, `${table}.csv`));
    }
    csv = writeQuotedNotesCsv(join(dir, "NOTEEVENTS.csv"), {
      header: [
        "row_id",
        "subject_id",
        "hadm_id",
        "chartdate",
        "charttime",
        "storetime",
        "category",
        "description",
      ].concat(["cgid", "iserror", "text"]),
      textColumn: "text",
      minBytes: 34_000_000,
      fields: (i) => ({
        row_id: noteId(i),
        subject_id: subject(i),
        hadm_id: hadm(i),
        chartdate: "2164-10-30",
        category: "Discharge summary",
        description: "Report",
      }),
    });
    tl = await openWithThreads(mimic3Reader, dir);
  });
  after(() => {
    tl?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test("every note is read, none skipped, texts byte for byte", async () => {
    assert.ok(csv.bytes > 32 * 1024 * 1024, "the file crosses 32 MiB");
    assert.equal(csv.straddling.size, 8, "a note holds each of the 8 trap offsets (quotedNotesCsv.ts)");
    assert.equal(tl.hasNotes, true);
    assert.deepEqual(
      tl.skips.filter((s) => s.file === "NOTEEVENTS.csv"),
      [],
    );
    await assertNotesRoundTrip(tl, csv, noteId);
  });

  test("each note keeps its own row's fields (patient, stay, date, seq)", async () => {
    const straddling = [...csv.straddling.keys()];
    const ids = straddling.map((row) => `'${noteId(row)}'`).join(", ");
    assert.deepEqual(
      await rows(tl, `SELECT patient_id, stay_id, time, seq FROM tl_notes WHERE note_id IN (${ids}) ORDER BY seq`),
      straddling.map((row) => ({
        patient_id: subject(row),
        stay_id: hadm(row),
        time: "2164-10-30 00:00:00",
        seq: noteId(row),
      })),
    );
  });
});
