/**
 * MIMIC-III duplicate code rows and patients without a DOB: counted and reported per rule with file and rows
 * (test/fixtures/mimic3/duplicates, hand-written; test/fixtures/mimic3/SOURCE.md says what each row tests).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { mimic3Reader } from "../../../src/sources/mimic3/Mimic3Reader.ts";
import type { SkipRecord } from "../../../src/sources/Timeline.ts";

const FIXTURE = "test/fixtures/mimic3/duplicates";
const DUP = "duplicate row (SUBJECT_ID, HADM_ID, SEQ_NUM and ICD9_CODE as an earlier row)";
const AGAIN = "ICD9_CODE again in the admission at another SEQ_NUM (kept; the sequence keeps the lowest)";
const SHARED = "SEQ_NUM shared with another ICD9_CODE of the admission (kept; ordered by row)";

const byFileAndReason = (a: SkipRecord, b: SkipRecord) =>
  a.file === b.file ? (a.reason < b.reason ? -1 : 1) : a.file < b.file ? -1 : 1;

test("duplicates skipped, repeats reported, DOB-less patients kept and reported — each rule with its rows", async () => {
  const tl = await mimic3Reader.open(FIXTURE);
  try {
    assert.deepEqual(
      [...tl.skips].sort(byFileAndReason),
      [
        { file: "DIAGNOSES_ICD.csv", reason: DUP, count: 2, exampleRows: [3, 7] }, // ROW_ID differs; NULL SEQ_NUMs equal
        { file: "DIAGNOSES_ICD.csv", reason: AGAIN, count: 2, exampleRows: [4, 9] },
        {
          file: "DIAGNOSES_ICD.csv",
          reason: "HADM_ID belongs to another SUBJECT_ID in ADMISSIONS",
          count: 1,
          exampleRows: [13],
        },
        // two identical rows of an unknown admission: both carry that reason, neither is a "duplicate"
        {
          file: "DIAGNOSES_ICD.csv",
          reason: "HADM_ID not in ADMISSIONS (or skipped there)",
          count: 2,
          exampleRows: [10, 11],
        },
        { file: "DIAGNOSES_ICD.csv", reason: SHARED, count: 1, exampleRows: [5] },
        { file: "PATIENTS.csv", reason: "no DOB (kept, birth_date NULL)", count: 4, exampleRows: [2, 3, 4, 5] },
        // row 4 breaks two rules: both are reported
        { file: "PATIENTS.csv", reason: "unparsable DOD (kept, death_time NULL)", count: 1, exampleRows: [4] },
        // a procedure done twice (rows 1, 2) is not reported; the exact copy (row 3) is skipped
        { file: "PROCEDURES_ICD.csv", reason: DUP, count: 1, exampleRows: [3] },
        { file: "PROCEDURES_ICD.csv", reason: SHARED, count: 1, exampleRows: [4] },
      ].sort(byFileAndReason),
    );
    const rows = async (sql: string) => (await tl.connection.runAndReadAll(sql)).getRowObjectsJson();
    assert.deepEqual(
      await rows(`SELECT source_row, code, seq FROM tl_events WHERE kind = 'diagnosis' ORDER BY source_row`),
      [
        { source_row: "1", code: "4280", seq: 1 },
        { source_row: "2", code: "25000", seq: 2 },
        { source_row: "4", code: "4280", seq: 3 },
        { source_row: "5", code: "5849", seq: 3 },
        { source_row: "6", code: "4019", seq: null },
        { source_row: "8", code: "4280", seq: 1 },
        { source_row: "9", code: "4280", seq: 4 },
        { source_row: "12", code: "25000", seq: 1 },
      ],
    );
    assert.deepEqual(await rows(`SELECT patient_id, birth_date FROM tl_patients ORDER BY patient_id`), [
      { patient_id: "1", birth_date: "2040-01-01 00:00:00" },
      { patient_id: "2", birth_date: null },
      { patient_id: "3", birth_date: null },
      { patient_id: "4", birth_date: null },
      { patient_id: "5", birth_date: null },
    ]);
  } finally {
    tl.close();
  }
});
