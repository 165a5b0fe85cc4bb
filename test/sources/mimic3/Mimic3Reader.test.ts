import assert from "node:assert/strict";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, test } from "node:test";
import { gzipSync } from "node:zlib";
import { openMimic3 } from "../../../src/sources/mimic3/Mimic3Reader.ts";
import { removeTempCopies, rows, tempCopy, withTimeline } from "./mimic3TestFolders.ts";

const HOSPITAL = "test/fixtures/mimic3/hospital";
const BAD = "test/fixtures/mimic3/bad-input";
const DEMO = "data/mimic-iii-demo";
after(removeTempCopies);

test("the tl_* views have exactly the contract's columns and types", async () => {
  await withTimeline(HOSPITAL, async (tl) => {
    const expected: Record<string, string> = {
      tl_patients: "patient_id VARCHAR, birth_date TIMESTAMP, sex VARCHAR, death_time TIMESTAMP",
      tl_stays:
        "stay_id VARCHAR, patient_id VARCHAR, start_time TIMESTAMP, end_time TIMESTAMP, stay_type VARCHAR, " +
        "inpatient BOOLEAN, expire_flag VARCHAR, source_row BIGINT",
      tl_events:
        "patient_id VARCHAR, stay_id VARCHAR, time TIMESTAMP, kind VARCHAR, system VARCHAR, code VARCHAR, " +
        "seq INTEGER, source_row BIGINT, value DOUBLE",
      tl_notes:
        "note_id VARCHAR, patient_id VARCHAR, stay_id VARCHAR, time TIMESTAMP, category VARCHAR, " +
        "description VARCHAR, text VARCHAR, seq BIGINT, source_row BIGINT",
      tl_code_titles: "system VARCHAR, code VARCHAR, title VARCHAR",
    };
    for (const [view, columns] of Object.entries(expected)) {
      const r = await tl.connection.runAndReadAll(`SELECT * FROM ${view} LIMIT 0`);
      const actual = r
        .columnNames()
        .map((n, i) => `${n} ${r.columnTypes()[i]}`)
        .join(", ");
      assert.equal(actual, columns, view);
    }
    assert.equal(tl.source, "mimic3");
    assert.equal(tl.hasNotes, true);
  });
});

test("codes are strings that keep their leading zeros, V and E prefixes", async () => {
  await withTimeline(HOSPITAL, async (tl) => {
    const dx = await rows(
      tl,
      `SELECT code, seq, source_row FROM tl_events WHERE stay_id = '100001' AND kind = 'diagnosis'
      ORDER BY source_row`,
    );
    assert.deepEqual(
      dx.map((r) => r.code),
      ["4280", "5849", "4281", "V5861", "E8790", "0389"],
    );
    assert.deepEqual(
      dx.map((r) => r.seq),
      [1, 2, 3, 4, 5, 6],
    );
    const pr = await rows(
      tl,
      `SELECT code, system FROM tl_events WHERE kind = 'procedure' AND stay_id = '100017'
      ORDER BY source_row`,
    );
    assert.deepEqual(pr, [
      { code: "4513", system: "ICD9PROC" },
      { code: "0131", system: "ICD9PROC" },
    ]);
    const t = await rows(tl, `SELECT title FROM tl_code_titles WHERE system = 'ICD9PROC' AND code = '0040'`);
    assert.deepEqual(t, [{ title: "Procedure on single vessel" }]);
  });
});

test("times use MIMIC's format; an event's time is its admission's DISCHTIME; a note's is its CHARTDATE", async () => {
  await withTimeline(HOSPITAL, async (tl) => {
    assert.deepEqual(
      await rows(
        tl,
        `SELECT start_time::VARCHAR AS s, end_time::VARCHAR AS e, stay_type, expire_flag, inpatient,
        source_row FROM tl_stays WHERE stay_id = '100002'`,
      ),
      [
        {
          s: "2150-02-01 08:00:00",
          e: "2150-02-04 08:57:36",
          stay_type: "ELECTIVE",
          expire_flag: "0",
          inpatient: true,
          source_row: "2",
        },
      ],
    );
    assert.deepEqual(await rows(tl, `SELECT DISTINCT time::VARCHAR AS t FROM tl_events WHERE stay_id = '100002'`), [
      { t: "2150-02-04 08:57:36" },
    ]);
    assert.deepEqual(
      await rows(
        tl,
        `SELECT note_id, time::VARCHAR AS t, seq, source_row, category, description
        FROM tl_notes WHERE note_id IN ('1001', '1036') ORDER BY seq`,
      ),
      [
        {
          note_id: "1001",
          t: "2150-01-04 00:00:00",
          seq: "1001",
          source_row: "1",
          category: "Discharge summary",
          description: "Report",
        },
        {
          note_id: "1036",
          t: "2150-01-01 00:00:00",
          seq: "1036",
          source_row: "30",
          category: "ECG",
          description: "Report",
        },
      ],
    );
    assert.deepEqual(await rows(tl, `SELECT birth_date::VARCHAR AS b, sex FROM tl_patients WHERE patient_id = '214'`), [
      { b: "2070-02-02 00:00:00", sex: "M" },
    ]);
  });
});

test("note text comes through verbatim: quotes, \\r\\n inside a field, empty text as NULL", async () => {
  await withTimeline(HOSPITAL, async (tl) => {
    const [q] = await rows(tl, `SELECT text FROM tl_notes WHERE note_id = '1010'`);
    assert.ok(String(q!.text).includes('Smokes 1 ppd, "trying to quit".'));
    const [cr] = await rows(tl, `SELECT text FROM tl_notes WHERE note_id = '1022'`);
    assert.ok(String(cr!.text).includes("Lisinopril 20 mg daily\r\nAmlodipine"));
    assert.deepEqual(await rows(tl, `SELECT text FROM tl_notes WHERE note_id = '1006'`), [{ text: null }]);
    assert.deepEqual(await rows(tl, `SELECT stay_id FROM tl_notes WHERE note_id = '1008'`), [{ stay_id: null }]);
  });
});

test("well-formed input has one skip only: the diagnosis row without a code", async () => {
  await withTimeline(HOSPITAL, async (tl) => {
    assert.deepEqual(tl.skips, [{ file: "DIAGNOSES_ICD.csv", reason: "no ICD9_CODE", count: 1, exampleRows: [7] }]);
  });
});

test("bad input: every unusable row is a counted skip with file, reason and rows; nothing is defaulted", async () => {
  await withTimeline(BAD, async (tl) => {
    const byFileAndReason = (a: { file: string; reason: string }, b: { file: string; reason: string }) =>
      a.file === b.file ? (a.reason < b.reason ? -1 : 1) : a.file < b.file ? -1 : 1;
    assert.deepEqual(
      [...tl.skips].sort(byFileAndReason),
      [
        { file: "ADMISSIONS.csv", reason: "DISCHTIME before ADMITTIME (kept)", count: 1, exampleRows: [7] },
        {
          file: "ADMISSIONS.csv",
          reason: "HOSPITAL_EXPIRE_FLAG is '2', not 0 or 1 (admission kept, expire_flag NULL)",
          count: 1,
          exampleRows: [4],
        },
        { file: "ADMISSIONS.csv", reason: "duplicate HADM_ID (an earlier row has it)", count: 1, exampleRows: [6] },
        { file: "ADMISSIONS.csv", reason: "no DISCHTIME", count: 1, exampleRows: [3] },
        {
          file: "ADMISSIONS.csv",
          reason: "no HOSPITAL_EXPIRE_FLAG (admission kept, expire_flag NULL)",
          count: 1,
          exampleRows: [5],
        },
        { file: "ADMISSIONS.csv", reason: "unparsable ADMITTIME", count: 1, exampleRows: [2] },
        {
          file: "DIAGNOSES_ICD.csv",
          reason: "HADM_ID not in ADMISSIONS (or skipped there)",
          count: 2,
          exampleRows: [3, 4],
        },
        { file: "DIAGNOSES_ICD.csv", reason: "ICD9_CODE is not an ICD-9-CM code", count: 1, exampleRows: [2] },
        { file: "DIAGNOSES_ICD.csv", reason: "SEQ_NUM is not an integer (kept, seq NULL)", count: 1, exampleRows: [6] },
        { file: "DIAGNOSES_ICD.csv", reason: "no HADM_ID", count: 1, exampleRows: [5] },
        {
          file: "NOTEEVENTS.csv",
          reason: "unparsable CHARTDATE (note kept, time NULL: ordered after the dated notes)",
          count: 1,
          exampleRows: [5],
        },
        { file: "PATIENTS.csv", reason: "unparsable DOB (kept, birth_date NULL)", count: 1, exampleRows: [2] },
        { file: "PROCEDURES_ICD.csv", reason: "ICD9_CODE is not an ICD-9-CM code", count: 1, exampleRows: [3] },
      ].sort(byFileAndReason),
    );
    assert.deepEqual(await rows(tl, `SELECT stay_id, expire_flag FROM tl_stays ORDER BY stay_id`), [
      { stay_id: "200001", expire_flag: "0" },
      { stay_id: "200004", expire_flag: null },
      { stay_id: "200005", expire_flag: null },
      { stay_id: "200006", expire_flag: "1" },
    ]);
    assert.deepEqual(await rows(tl, `SELECT start_time::VARCHAR AS s FROM tl_stays WHERE stay_id = '200001'`), [
      { s: "2150-01-01 10:00:00" },
    ]);
    assert.deepEqual(await rows(tl, `SELECT stay_id, code, seq FROM tl_events ORDER BY kind, source_row`), [
      { stay_id: "200001", code: "4280", seq: 1 },
      { stay_id: "200004", code: "43491", seq: null },
      { stay_id: "200005", code: "5789", seq: 1 },
      { stay_id: "200006", code: "85221", seq: 1 },
      { stay_id: "200001", code: "0040", seq: 1 },
      { stay_id: "200004", code: "9604", seq: 1 },
    ]);
    assert.deepEqual(await rows(tl, `SELECT time FROM tl_notes WHERE note_id = '5'`), [{ time: null }]);
    assert.deepEqual(await rows(tl, `SELECT count(*) AS n FROM tl_code_titles`), [{ n: "0" }]);
  });
});

test("lower-case .csv.gz files read the same as the upper-case .csv fixture", async () => {
  const gz = tempCopy(HOSPITAL, (n) => n.toLowerCase(), true);
  const snapshot = async (dir: string) =>
    withTimeline(dir, async (tl) => ({
      stays: await rows(tl, "SELECT * FROM tl_stays ORDER BY stay_id"),
      events: await rows(tl, "SELECT * FROM tl_events ORDER BY kind, source_row"),
      notes: await rows(tl, "SELECT * FROM tl_notes ORDER BY source_row"),
      titles: await rows(tl, "SELECT * FROM tl_code_titles ORDER BY ALL"),
      skips: tl.skips.map((k) => ({ ...k, file: k.file.replace(/\.gz$/, "").toUpperCase() })),
    }));
  assert.deepEqual(await snapshot(gz), await snapshot(HOSPITAL));
});

test("the MIMIC-III demo: 100 patients, 129 stays, 2,267 codes, and no notes", async () => {
  await withTimeline(DEMO, async (tl) => {
    assert.equal(tl.hasNotes, false);
    assert.deepEqual(tl.skips, []);
    const count = async (v: string) => (await rows(tl, `SELECT count(*) AS n FROM ${v}`))[0]!.n;
    assert.equal(await count("tl_patients"), "100");
    assert.equal(await count("tl_stays"), "129");
    assert.equal(await count("tl_events WHERE kind = 'diagnosis'"), "1761");
    assert.equal(await count("tl_events WHERE kind = 'procedure'"), "506");
    assert.equal(await count("tl_stays WHERE expire_flag = '1'"), "40");
    assert.equal(await count("tl_notes"), "0");
  });
});

test("a missing table or column is an error naming the file and column", async () => {
  const noProcedures = tempCopy(HOSPITAL);
  rmSync(join(noProcedures, "PROCEDURES_ICD.csv"));
  await assert.rejects(openMimic3(noProcedures), /missing MIMIC-III table PROCEDURES_ICD: no PROCEDURES_ICD\.csv/);

  const noColumn = tempCopy(HOSPITAL);
  const adm = readFileSync(join(noColumn, "ADMISSIONS.csv"), "utf8").replace(",dischtime,", ",discharge_time,");
  writeFileSync(join(noColumn, "ADMISSIONS.csv"), adm);
  await assert.rejects(openMimic3(noColumn), (e: Error) => {
    assert.match(e.message, /ADMISSIONS\.csv: missing column DISCHTIME \(any case\); the header has: row_id,/);
    return true;
  });

  const twice = tempCopy(HOSPITAL);
  writeFileSync(join(twice, "PATIENTS.csv.gz"), gzipSync(readFileSync(join(twice, "PATIENTS.csv"))));
  await assert.rejects(
    openMimic3(twice),
    /table PATIENTS is there more than once \(PATIENTS\.csv, PATIENTS\.csv\.gz\)/,
  );

  await assert.rejects(openMimic3("test/fixtures/mimic3/no-such-folder"), /the MIMIC-III folder does not exist/);
});

test("a malformed NOTEEVENTS is an error naming the file, without quoting the row (patient text)", async () => {
  const dir = tempCopy(HOSPITAL);
  const header = "row_id,subject_id,hadm_id,chartdate,charttime,storetime,category,description,cgid,iserror,text\n";
  writeFileSync(
    join(dir, "NOTEEVENTS.csv"),
    `${header}1,10635,100001,2150-01-04,,,Discharge summary,Report,,,SECRET PATIENT TEXT,extra,fields\n`,
  );
  await assert.rejects(openMimic3(dir), (e: Error) => {
    assert.match(e.message, /NOTEEVENTS\.csv: cannot read the table: /);
    assert.doesNotMatch(e.message, /SECRET/);
    return true;
  });
});
