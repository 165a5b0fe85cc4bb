// NOTE with quoted line breaks in note_text across DuckDB's scan boundaries (test/sources/common/quotedNotesCsv.ts),
// read on a DuckDB with 4 threads: every note comes back, in its own row, text byte for byte.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { omopReader } from "../../../src/sources/omop/OmopReader.ts";
import type { Timeline } from "../../../src/sources/Timeline.ts";
import { assertNotesRoundTrip, openWithThreads } from "../common/notesRoundTrip.ts";
import { type QuotedNotesCsv, writeQuotedNotesCsv } from "../common/quotedNotesCsv.ts";
import { rows } from "../common/timelineQuery.ts";

const PERSONS = 1000;
const person = (i: number) => String(1 + (i % PERSONS));
const visit = (i: number) => String(50_001 + (i % PERSONS));
const noteId = (i: number) => String(i + 1);

/** OMOP CDM 5.4's NOTE columns, lower-case. */
const NOTE_HEADER = [
  "note_id",
  "person_id",
  "note_date",
  "note_datetime",
  "note_type_concept_id",
  "note_class_concept_id",
  "note_title",
  "note_text",
  "encoding_concept_id",
  "language_concept_id",
  "provider_id",
  "visit_occurrence_id",
  "visit_detail_id",
  "note_source_value",
  "note_event_id",
  "note_event_field_concept_id",
];

describe("omop: NOTE with quoted line breaks over DuckDB's scan boundaries (34 MB)", () => {
  let dir: string;
  let csv: QuotedNotesCsv;
  let tl: Timeline;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "prognos-omop-quoted-"));
    const persons = ["person_id,gender_concept_id,year_of_birth,month_of_birth,day_of_birth"];
    const visits = ["visit_occurrence_id,person_id,visit_concept_id,visit_start_date,visit_end_date"];
    for (let p = 0; p < PERSONS; p++) {
      persons.push(`${person(p)},8532,1950,6,1`);
      visits.push(`${visit(p)},${person(p)},9201,2020-01-01,2020-01-05`);
    }
    const write = (name: string, lines: string[]) => writeFileSync(join(dir, name), lines.join("\n") + "\n");
    write("concept.csv", ["concept_id,concept_name,vocabulary_id,concept_code", "9201,Inpatient Visit,Visit,IP"]);
    write("person.csv", persons);
    write("visit_occurrence.csv", visits);
    write("condition_occurrence.csv", [
      "person_id,condition_concept_id,condition_start_date,visit_occurrence_id,condition_source_concept_id",
    ]);
    write("procedure_occurrence.csv", [
      "person_id,procedure_concept_id,procedure_date,visit_occurrence_id,procedure_source_concept_id",
    ]);
    write("drug_exposure.csv", [
      "person_id,drug_concept_id,drug_exposure_start_date,visit_occurrence_id,drug_source_concept_id",
    ]);
    csv = writeQuotedNotesCsv(join(dir, "note.csv"), {
      header: NOTE_HEADER,
      textColumn: "note_text",
      minBytes: 34_000_000,
      fields: (i) => ({
        note_id: noteId(i),
        person_id: person(i),
        note_date: "2020-01-05",
        note_datetime: "2020-01-05 10:00:00",
        note_type_concept_id: "32817",
        note_class_concept_id: "0",
        note_title: "Discharge summary",
        encoding_concept_id: "0",
        language_concept_id: "4180186",
        visit_occurrence_id: visit(i),
        note_event_field_concept_id: "0",
      }),
    });
    tl = await openWithThreads(omopReader, dir);
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

  test("each note keeps its own row's fields (person, visit, title, seq)", async () => {
    const straddling = [...csv.straddling.keys()];
    const ids = straddling.map((row) => `'${noteId(row)}'`).join(", ");
    assert.deepEqual(
      await rows(
        tl,
        `SELECT patient_id, stay_id, description, seq FROM tl_notes WHERE note_id IN (${ids}) ORDER BY seq`,
      ),
      straddling.map((row) => ({
        patient_id: person(row),
        stay_id: visit(row),
        description: "Discharge summary",
        seq: noteId(row),
      })),
    );
  });
});
