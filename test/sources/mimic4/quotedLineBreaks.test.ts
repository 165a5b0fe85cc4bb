// note/discharge.csv.gz with quoted line breaks across DuckDB's scan boundaries (test/sources/common/quotedNotesCsv.ts),
// read on a DuckDB with 4 threads: every note comes back, in its own row, text byte for byte.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { mimic4Reader } from "../../../src/sources/mimic4/Mimic4Reader.ts";
import type { Timeline } from "../../../src/sources/Timeline.ts";
import { assertNotesRoundTrip, openWithThreads } from "../common/notesRoundTrip.ts";
import { type QuotedNotesCsv, writeQuotedNotesCsv } from "../common/quotedNotesCsv.ts";
import { rows } from "../common/timelineQuery.ts";

const PATIENTS = 1000;
const subject = (i: number) => String(10_000_000 + (i % PATIENTS));
const hadm = (i: number) => String(20_000_000 + (i % PATIENTS));
const noteId = (i: number) => `${subject(i)}-DS-${i}`;

describe("mimic4: note/discharge.csv.gz with quoted line breaks over DuckDB's scan boundaries (34 MB)", () => {
  let dir: string;
  let csv: QuotedNotesCsv;
  let tl: Timeline;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "prognos-m4-quoted-"));
    mkdirSync(join(dir, "hosp"));
    mkdirSync(join(dir, "note"));
    const patients = ["subject_id,gender,anchor_age,anchor_year,anchor_year_group,dod"];
    const admissions = ["subject_id,hadm_id,admittime,dischtime,deathtime,admission_type,hospital_expire_flag"];
    for (let p = 0; p < PATIENTS; p++) {
      patients.push(`${subject(p)},F,60,2180,2014 - 2016,`);
      admissions.push(`${subject(p)},${hadm(p)},2180-05-06 22:23:00,2180-05-09 17:15:00,,URGENT,0`);
    }
    writeFileSync(join(dir, "hosp", "patients.csv"), patients.join("\n") + "\n");
    writeFileSync(join(dir, "hosp", "admissions.csv"), admissions.join("\n") + "\n");
    writeFileSync(join(dir, "hosp", "diagnoses_icd.csv"), "subject_id,hadm_id,seq_num,icd_code,icd_version\n");
    writeFileSync(
      join(dir, "hosp", "procedures_icd.csv"),
      "subject_id,hadm_id,seq_num,chartdate,icd_code,icd_version\n",
    );
    // gzipped, as PhysioNet ships it: DuckDB splits the decompressed stream too
    csv = writeQuotedNotesCsv(join(dir, "note", "discharge.csv.gz"), {
      gzip: true,
      header: ["note_id", "subject_id", "hadm_id", "note_type", "note_seq", "charttime", "storetime", "text"],
      textColumn: "text",
      minBytes: 34_000_000,
      fields: (i) => ({
        note_id: noteId(i),
        subject_id: subject(i),
        hadm_id: hadm(i),
        note_type: "DS",
        note_seq: String(i),
        charttime: "2180-05-09 00:00:00",
        storetime: "2180-05-09 15:33:00",
      }),
    });
    tl = await openWithThreads(mimic4Reader, dir);
  });
  after(() => {
    tl?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test("every note is read, nothing skipped, texts byte for byte", async () => {
    assert.ok(csv.bytes > 32 * 1024 * 1024, "the file crosses DuckDB's first 32 MiB read buffer");
    assert.equal(csv.straddling.size, 8, "a note holds each of the 8 trap offsets (quotedNotesCsv.ts)");
    assert.equal(tl.hasNotes, true);
    assert.deepEqual(tl.skips, []);
    await assertNotesRoundTrip(tl, csv, noteId);
  });

  test("each note keeps its own row's fields (patient, stay, seq)", async () => {
    const straddling = [...csv.straddling.keys()];
    const ids = straddling.map((row) => `'${noteId(row)}'`).join(", ");
    assert.deepEqual(
      await rows(tl, `SELECT patient_id, stay_id, seq FROM tl_notes WHERE note_id IN (${ids}) ORDER BY seq`),
      straddling.map((row) => ({ patient_id: subject(row), stay_id: hadm(row), seq: String(row) })),
    );
  });
});
