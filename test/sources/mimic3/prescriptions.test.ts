/**
 * MIMIC-III PRESCRIPTIONS (optional) → drug events: NDC, NDC 0/empty → FORMULARY_DRUG_CD (kept, reported), neither
 * → skipped, unknown / foreign / missing HADM_ID → skipped, empty STARTDATE → the admission's DISCHTIME (reported);
 * titles = DRUG per code (test/fixtures/mimic3/prescriptions, hand-written; its SOURCE.md says what each row tests).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { mimic3Reader } from "../../../src/sources/mimic3/Mimic3Reader.ts";
import type { SkipRecord } from "../../../src/sources/Timeline.ts";

const FIXTURE = "test/fixtures/mimic3/prescriptions";
const F = "PRESCRIPTIONS.csv";

const byReason = (a: SkipRecord, b: SkipRecord) => (a.reason < b.reason ? -1 : 1);

test("PRESCRIPTIONS: drug events with NDC or formulary code, each skip and report counted with its rows", async () => {
  const tl = await mimic3Reader.open(FIXTURE);
  try {
    assert.deepEqual([...tl.skips].sort(byReason), [
      { file: F, reason: "HADM_ID belongs to another SUBJECT_ID in ADMISSIONS", count: 1, exampleRows: [6] },
      { file: F, reason: "HADM_ID not in ADMISSIONS (or skipped there)", count: 1, exampleRows: [5] },
      { file: F, reason: "no HADM_ID", count: 1, exampleRows: [8] },
      { file: F, reason: "no STARTDATE (kept; time = the admission's DISCHTIME)", count: 1, exampleRows: [7] },
      {
        file: F,
        reason: "prescription without NDC (formulary code used: system MIMIC3_FORMULARY)",
        count: 3,
        exampleRows: [2, 3, 7],
      },
      { file: F, reason: "prescription without NDC or FORMULARY_DRUG_CD", count: 1, exampleRows: [4] },
    ]);
    const events = (
      await tl.connection.runAndReadAll(
        `SELECT patient_id, stay_id, strftime(time, '%Y-%m-%d %H:%M') AS time, system, code, seq,
           source_row::INTEGER AS row FROM tl_events WHERE kind = 'drug' ORDER BY source_row`,
      )
    ).getRowObjectsJS();
    assert.deepEqual(events, [
      {
        patient_id: "1",
        stay_id: "101",
        time: "2100-01-01 00:00",
        system: "NDC",
        code: "00409610202",
        seq: null,
        row: 1,
      },
      {
        patient_id: "1",
        stay_id: "101",
        time: "2100-01-02 00:00",
        system: "MIMIC3_FORMULARY",
        code: "METF500",
        seq: null,
        row: 2,
      },
      {
        patient_id: "1",
        stay_id: "101",
        time: "2100-01-02 00:00",
        system: "MIMIC3_FORMULARY",
        code: "METF500",
        seq: null,
        row: 3,
      },
      // no STARTDATE: the admission's DISCHTIME, the time MIMIC-III's ICD codes get
      {
        patient_id: "2",
        stay_id: "201",
        time: "2100-02-03 12:00",
        system: "MIMIC3_FORMULARY",
        code: "INSULIN",
        seq: null,
        row: 7,
      },
    ]);
    const titles = (
      await tl.connection.runAndReadAll(
        `SELECT system, code, title FROM tl_code_titles WHERE system IN ('NDC', 'MIMIC3_FORMULARY') ORDER BY ALL`,
      )
    ).getRowObjectsJS();
    assert.deepEqual(titles, [
      { system: "MIMIC3_FORMULARY", code: "INSULIN", title: "Insulin" },
      { system: "MIMIC3_FORMULARY", code: "METF500", title: "MetFORMIN (Glucophage)" }, // min of the two names
      { system: "NDC", code: "00409610202", title: "Furosemide" },
    ]);
    const other = (
      await tl.connection.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM tl_events WHERE kind <> 'drug'`)
    ).getRowObjectsJS()[0];
    assert.deepEqual(other, { n: 2 });
  } finally {
    tl.close();
  }
});

test("without PRESCRIPTIONS (the demo, the other fixtures) there are no drug events and no drug titles", async () => {
  for (const dir of ["data/mimic-iii-demo", "test/fixtures/mimic3/duplicates"]) {
    const tl = await mimic3Reader.open(dir);
    try {
      const r = (
        await tl.connection.runAndReadAll(
          `SELECT (SELECT count(*) FROM tl_events WHERE kind = 'drug')::INTEGER AS drugs,
             (SELECT count(*) FROM tl_code_titles WHERE system IN ('NDC', 'MIMIC3_FORMULARY'))::INTEGER AS titles`,
        )
      ).getRowObjectsJS()[0];
      assert.deepEqual(r, { drugs: 0, titles: 0 }, dir);
      assert.ok(!tl.skips.some((s) => s.file.toUpperCase().startsWith("PRESCRIPTIONS")), dir);
    } finally {
      tl.close();
    }
  }
});
