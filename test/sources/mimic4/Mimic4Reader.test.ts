// Hand-written fixture in MIMIC-IV's published schema: test/fixtures/sources/mimic4 (hosp/ + note/, some files
// gzipped; SOURCE.md lists what each row tests).
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { mimic4Reader } from "../../../src/sources/mimic4/Mimic4Reader.ts";
import type { Timeline } from "../../../src/sources/Timeline.ts";
import { isPrognosError } from "../../../src/util/errors.ts";
import { count, rows, skipTable } from "../common/timelineQuery.ts";

const FIXTURE = "test/fixtures/sources/mimic4";

describe("mimic4: fixture", () => {
  let tl: Timeline;
  before(async () => {
    tl = await mimic4Reader.open(FIXTURE);
  });
  after(() => tl.close());

  test("every rule is counted with file and row", () => {
    assert.deepEqual(skipTable(tl), {
      "hosp/patients.csv.gz | duplicate patient id (an earlier row has it)": [1, [5]],
      "hosp/patients.csv.gz | patient without birth date (kept; birth_date NULL)": [1, [6]],
      "hosp/admissions.csv | duplicate visit id (an earlier row has it)": [1, [8]],
      "hosp/admissions.csv | hospital_expire_flag is neither 0 nor 1": [1, [9]],
      "hosp/admissions.csv | patient not in the patient table (or skipped there)": [1, [10]],
      "hosp/admissions.csv | unparsable start time": [1, [11]],
      "hosp/admissions.csv | visit ends before it starts": [1, [7]],
      "hosp/diagnoses_icd.csv.gz | duplicate row (an earlier row is the same)": [1, [18]],
      "hosp/diagnoses_icd.csv.gz | event outside any visit (no visit id)": [1, [20]],
      "hosp/diagnoses_icd.csv.gz | event outside any visit (visit not in the visit table, or skipped there)": [
        2,
        [21, 23],
      ],
      "hosp/diagnoses_icd.csv.gz | icd_version '11' is neither 9 nor 10": [1, [19]],
      "hosp/diagnoses_icd.csv.gz | missing code": [1, [24]],
      "hosp/diagnoses_icd.csv.gz | visit belongs to another patient": [1, [22]],
      "hosp/procedures_icd.csv | unparsable time": [1, [6]],
      "hosp/prescriptions.csv | prescription without NDC": [1, [2]],
      "note/discharge.csv.gz | duplicate note id (an earlier row has it)": [1, [6]],
      "note/discharge.csv.gz | note of a visit not in the visit table (or skipped there)": [1, [7]],
      "note/discharge.csv.gz | note without visit (kept; stay_id NULL)": [1, [5]],
    });
  });

  test("icd_version picks the system; codes keep leading zeros and V codes; seq_num order", async () => {
    assert.deepEqual(
      await rows(
        tl,
        "SELECT system, code, seq FROM tl_events WHERE stay_id = '22595853' AND kind = 'diagnosis' ORDER BY seq",
      ),
      [
        { system: "ICD9", code: "5723", seq: 1 },
        { system: "ICD9", code: "78959", seq: 2 },
        { system: "ICD9", code: "5715", seq: 3 },
        { system: "ICD9", code: "07070", seq: 4 },
        { system: "ICD9", code: "496", seq: 5 },
        { system: "ICD9", code: "V1582", seq: 6 },
      ],
    );
    assert.deepEqual(
      await rows(tl, "SELECT stay_id, system, code, time FROM tl_events WHERE kind = 'procedure' ORDER BY 1, 3"),
      [
        { stay_id: "22595853", system: "ICD9PROC", code: "5491", time: "2180-05-07 00:00:00" },
        { stay_id: "22927623", system: "ICD10PCS", code: "0DJ08ZZ", time: "2181-11-15 00:00:00" },
        { stay_id: "23052089", system: "ICD9PROC", code: "0040", time: "2160-11-22 00:00:00" },
        { stay_id: "26913865", system: "ICD10PCS", code: "02HV33Z", time: "2189-06-28 00:00:00" },
        { stay_id: "26913865", system: "ICD10PCS", code: "0BH17EZ", time: "2189-06-29 00:00:00" },
      ],
    );
    assert.deepEqual(
      await rows(tl, "SELECT DISTINCT system FROM tl_events WHERE stay_id = '23052089' AND kind = 'diagnosis'"),
      [{ system: "ICD10" }],
    );
  });

  test("diagnoses carry the admission's dischtime (no time in the source); drugs are NDC strings", async () => {
    assert.deepEqual(
      await rows(tl, "SELECT DISTINCT time FROM tl_events WHERE stay_id = '22595853' AND kind = 'diagnosis'"),
      [{ time: "2180-05-07 17:15:00" }],
    );
    assert.deepEqual(await rows(tl, "SELECT stay_id, code FROM tl_events WHERE kind = 'drug' ORDER BY 1"), [
      { stay_id: "22595853", code: "00054829725" },
      { stay_id: "23052089", code: "00904577861" },
    ]);
  });

  test("patients: birth = 1 Jan (anchor_year − anchor_age); death = deathtime, else dod", async () => {
    assert.deepEqual(await rows(tl, "SELECT * FROM tl_patients ORDER BY 1"), [
      { patient_id: "10000032", birth_date: "2128-01-01 00:00:00", sex: "F", death_time: "2180-09-09 16:00:00" },
      { patient_id: "10000084", birth_date: "2088-01-01 00:00:00", sex: "M", death_time: "2161-02-13 00:00:00" },
      { patient_id: "10000117", birth_date: "2126-01-01 00:00:00", sex: "F", death_time: null },
      { patient_id: "10000980", birth_date: "2113-01-01 00:00:00", sex: "F", death_time: null },
      { patient_id: "10001217", birth_date: null, sex: "F", death_time: null },
    ]);
  });

  test("admissions: 7 kept, all inpatient; expire_flag as written ('' → NULL)", async () => {
    assert.deepEqual(await rows(tl, "SELECT stay_id, stay_type, inpatient, expire_flag FROM tl_stays ORDER BY 1"), [
      { stay_id: "22595853", stay_type: "URGENT", inpatient: true, expire_flag: "0" },
      { stay_id: "22841357", stay_type: "EW EMER.", inpatient: true, expire_flag: "0" },
      { stay_id: "22927623", stay_type: "EU OBSERVATION", inpatient: true, expire_flag: "0" },
      { stay_id: "23052089", stay_type: "EW EMER.", inpatient: true, expire_flag: "0" },
      { stay_id: "24597018", stay_type: "EW EMER.", inpatient: true, expire_flag: null },
      { stay_id: "25742920", stay_type: "EW EMER.", inpatient: true, expire_flag: "1" },
      { stay_id: "26913865", stay_type: "EW EMER.", inpatient: true, expire_flag: "0" },
    ]);
    assert.equal(await count(tl, "SELECT count(*) AS n FROM tl_stay_links"), 0);
  });

  test("discharge notes: multi-line quoted text read intact; a stay's notes in note_seq order", async () => {
    assert.equal(tl.hasNotes, true);
    assert.deepEqual(
      await rows(tl, "SELECT note_id, seq, category FROM tl_notes WHERE stay_id = '26913865' ORDER BY seq"),
      [
        { note_id: "10000980-DS-24", seq: "24", category: "DS" },
        { note_id: "10000980-DS-25", seq: "25", category: "DS" },
      ],
    );
    const [n] = await rows(tl, "SELECT text, source_row FROM tl_notes WHERE note_id = '10000032-DS-21'");
    assert.equal(n?.source_row, "1");
    assert.match(String(n?.text), /^ \nName: {2}___ .*\nChief Complaint:\nabdominal fullness, "tense" belly\n/s);
    assert.ok(String(n?.text).endsWith("Discharge Diagnosis:\nascites\n"));
  });

  test("titles from d_icd_* (by version) and prescriptions", async () => {
    assert.deepEqual(
      await rows(tl, "SELECT * FROM tl_code_titles WHERE code IN ('07070', '0040', '00904577861') ORDER BY 1"),
      [
        { system: "ICD9", code: "07070", title: "Unspecified viral hepatitis C without hepatic coma" },
        { system: "ICD9PROC", code: "0040", title: "Procedure on single vessel" },
        { system: "NDC", code: "00904577861", title: "Donepezil" },
      ],
    );
  });
});

test("mimic4: without note/ the timeline has no notes; a missing hosp table is a PrognosError", async () => {
  const dir = mkdtempSync(join(tmpdir(), "prognos-mimic4-"));
  try {
    cpSync(join(FIXTURE, "hosp"), join(dir, "hosp"), { recursive: true });
    const tl = await mimic4Reader.open(dir);
    assert.equal(tl.hasNotes, false);
    assert.equal(await count(tl, "SELECT count(*) AS n FROM tl_notes"), 0);
    tl.close();
    rmSync(join(dir, "hosp", "procedures_icd.csv"));
    await assert.rejects(
      mimic4Reader.open(dir),
      (e: unknown) => isPrognosError(e) && /missing table procedures_icd/.test(e.message),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
