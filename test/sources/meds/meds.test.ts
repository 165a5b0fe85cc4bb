/**
 * MEDS (docs/meds.md): reading a dataset written by hand from the MEDS schema in MIMIC_IV_MEDS' conventions (not
 * by Prognos), the files `ehr export --format meds` writes, and the round trip: a cohort built from any source and
 * from its MEDS export are the same, patient for patient and code for code.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { main } from "../../../src/cli/main.ts";
import { medsReader } from "../../../src/sources/meds/MedsReader.ts";
import { buildEhrDataset } from "../../../src/tasks/ehr/buildEhrDataset.ts";
import { exportMeds } from "../../../src/tasks/ehr/exportMeds.ts";
import { openDuckDB } from "../../../src/util/openDuckDB.ts";
import { assertRefused } from "../../helpers/assertRefused.ts";

const FIXTURE = "test/fixtures/meds/mimic4-style";
const root = mkdtempSync(join(tmpdir(), "prognos-meds-"));
after(() => rmSync(root, { recursive: true, force: true }));

async function query(dir: string, sql: string) {
  const db = await openDuckDB(null);
  try {
    const t = await medsReader.open(dir, { connection: db.connection });
    return { rows: (await db.connection.runAndReadAll(sql)).getRowObjectsJson(), skips: t.skips };
  } finally {
    db.close();
  }
}

test("a hand-written MEDS dataset (MIMIC_IV_MEDS conventions) reads into patients, stays and events", async () => {
  const patients = await query(
    FIXTURE,
    "SELECT patient_id, sex, strftime(birth_date, '%Y-%m-%d') AS birth, strftime(death_time, '%Y-%m-%d %H:%M:%S') AS death FROM tl_patients ORDER BY 1",
  );
  assert.deepEqual(patients.rows, [
    { patient_id: "10001", sex: "F", birth: "1950-01-01", death: "2150-07-20 18:00:00" },
    { patient_id: "10002", sex: "M", birth: "1940-05-05", death: null },
  ]);
  const stays = await query(
    FIXTURE,
    "SELECT stay_id, strftime(start_time, '%Y-%m-%d %H:%M:%S') AS s, strftime(end_time, '%Y-%m-%d %H:%M:%S') AS e, stay_type, inpatient, expire_flag FROM tl_stays ORDER BY patient_id, start_time",
  );
  assert.deepEqual(stays.rows, [
    {
      stay_id: "1",
      s: "2150-01-01 08:00:00",
      e: "2150-01-03 10:00:00",
      stay_type: "EW EMER.",
      inpatient: true,
      expire_flag: "0",
    },
    {
      stay_id: "2",
      s: "2150-03-01 09:00:00",
      e: "2150-03-05 12:00:00",
      stay_type: "URGENT",
      inpatient: true,
      expire_flag: "0",
    },
    {
      stay_id: "day:10001:2150-06-01",
      s: "2150-06-01 10:30:00",
      e: "2150-06-01 10:30:00",
      stay_type: "day",
      inpatient: false,
      expire_flag: null,
    },
    {
      stay_id: "3",
      s: "2150-07-01 06:00:00",
      e: "2150-07-20 18:00:00",
      stay_type: "EW EMER.",
      inpatient: true,
      expire_flag: "1",
    },
    {
      stay_id: "day:10002:2150-02-01",
      s: "2150-02-01 09:00:00",
      e: "2150-02-01 09:00:00",
      stay_type: "day",
      inpatient: false,
      expire_flag: null,
    },
    {
      stay_id: "day:10002:2150-04-01",
      s: "2150-04-01 09:00:00",
      e: "2150-04-01 09:05:00",
      stay_type: "day",
      inpatient: false,
      expire_flag: null,
    },
    {
      stay_id: "day:10002:2150-05-01",
      s: "2150-05-01 11:00:00",
      e: "2150-05-01 11:00:00",
      stay_type: "day",
      inpatient: false,
      expire_flag: null,
    },
  ]);
  const events = await query(
    FIXTURE,
    "SELECT patient_id, stay_id, kind, system, code, value FROM tl_events ORDER BY patient_id, time, code",
  );
  assert.deepEqual(events.rows, [
    { patient_id: "10001", stay_id: "1", kind: "diagnosis", system: "ICD9", code: "25000", value: null },
    { patient_id: "10001", stay_id: "1", kind: "diagnosis", system: "ICD9", code: "4019", value: null },
    { patient_id: "10001", stay_id: "2", kind: "diagnosis", system: "ICD10", code: "E119", value: null },
    {
      patient_id: "10001",
      stay_id: "day:10001:2150-06-01",
      kind: "diagnosis",
      system: "ICD10",
      code: "I50.9",
      value: null,
    },
    { patient_id: "10001", stay_id: "3", kind: "diagnosis", system: "ICD10", code: "I509", value: null },
    {
      patient_id: "10002",
      stay_id: "day:10002:2150-02-01",
      kind: "diagnosis",
      system: "SNOMED",
      code: "44054006",
      value: null,
    },
    {
      patient_id: "10002",
      stay_id: "day:10002:2150-02-01",
      kind: "drug",
      system: "RXNORM",
      code: "860975",
      value: null,
    },
    {
      patient_id: "10002",
      stay_id: "day:10002:2150-04-01",
      kind: "diagnosis",
      system: "SNOMED",
      code: "44054006",
      value: null,
    },
    {
      patient_id: "10002",
      stay_id: "day:10002:2150-04-01",
      kind: "lab",
      system: "LOINC",
      code: "4548-4",
      value: 7.099999904632568,
    },
  ]);
  // Not events, and never silently dropped: the lab of an unknown vocabulary, a code of none, a diagnosis without a time.
  const skips = events.skips.map((s) => `${s.file} row ${s.exampleRows.join(",")}: ${s.reason} (${s.count})`).sort();
  assert.deepEqual(skips, [
    "data/held_out/0.parquet row 2: missing time (1)",
    "data/held_out/0.parquet row 8: code of no system Prognos reads (MEDS conventions: docs/meds.md) (1)",
    "data/train/0.parquet row 4: code of no system Prognos reads (MEDS conventions: docs/meds.md) (1)",
  ]);
  const titles = await query(FIXTURE, "SELECT system, code, title FROM tl_code_titles WHERE code = '860975'");
  assert.deepEqual(titles.rows, [
    { system: "RXNORM", code: "860975", title: "24 HR metformin hydrochloride 500 MG Extended Release Oral Tablet" },
  ]);
});

test("ehr build --source meds on the hand-written dataset: the dhf case and control worked out by hand", async () => {
  const out = join(root, "fixture-dhf");
  await buildEhrDataset({ source: "meds", dir: FIXTURE, cohort: "dhf", out });
  const rows = readFileSync(join(out, "sequences.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  assert.deepEqual(
    rows.map((r) => [r.patient_id, r.label, r.index_time, r.tokens, r.visits]),
    [
      // T2D on admissions 1 and 2; HF first at the 2150-06-01 office day (> 30 days later) and again on admission 3
      ["10001", 1, "2150-06-01 10:30:00", ["ICD9_25000", "ICD9_4019", "ICD10_E119"], [1, 1, 2]],
      // T2D at two office days, no HF: the index is the last encounter (2150-05-01)
      ["10002", 0, "2150-05-01 11:00:00", ["SNOMED_44054006", "SNOMED_44054006"], [1, 2]],
    ],
  );
});

const seqRows = (dir: string) =>
  readFileSync(join(dir, "sequences.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((l) => {
      const r = JSON.parse(l);
      return [r.patient_id, r.split, r.label, r.index_time, r.tokens.join(" "), r.visits.join(" "), r.plos_label];
    });

async function roundTrip(
  name: string,
  source: string,
  dir: string,
  cohorts: string[],
  events = ["dx"] as ("dx" | "px" | "rx")[],
) {
  const meds = join(root, `${name}-meds`);
  const r = await exportMeds({ source, dir, out: meds });
  assert.ok(r.subjects > 0 && r.rows > 0);
  for (const cohort of cohorts) {
    const a = await buildEhrDataset({ source, dir, cohort, out: join(root, `${name}-${cohort}-a`), events });
    const b = await buildEhrDataset({
      source: "meds",
      dir: meds,
      cohort,
      out: join(root, `${name}-${cohort}-b`),
      events,
    });
    assert.deepEqual(b.statuses, a.statuses, `${name} ${cohort}: statuses`);
    const [x, y] = [seqRows(join(root, `${name}-${cohort}-a`)), seqRows(join(root, `${name}-${cohort}-b`))];
    assert.ok(x.length > 0, `${name} ${cohort}: no patients`);
    assert.deepEqual(y, x, `${name} ${cohort}: sequences`);
    // Every code the export wrote reads back as an event (none "of no system Prognos reads").
    assert.deepEqual(
      b.readerSkips.filter((x) => x.reason.startsWith("code of no system")),
      [],
      `${name} ${cohort}: unreadable codes`,
    );
  }
  return meds;
}

test("round trip: synthetic OMOP → MEDS → the same cohorts (dhf, paca, readmission, pretrain; diagnoses, procedures, drugs)", async () => {
  const omop = join(root, "omop");
  assert.equal(
    await main(["synth", "ehr", "--patients", "400", "--seed", "8", "--out", omop, "--no-progress", "--clean"]),
    0,
  );
  const meds = await roundTrip(
    "omop",
    "omop",
    omop,
    ["dhf", "paca", "readmission-30d", "pretrain"],
    ["dx", "px", "rx"],
  );
  // The files follow the MEDS schema's types; subjects are contiguous and sorted by time.
  const db = await openDuckDB(null);
  try {
    const types = (await db.connection.runAndReadAll(`DESCRIBE SELECT * FROM '${join(meds, "data", "0.parquet")}'`))
      .getRowObjectsJS()
      .map((r) => `${r.column_name} ${r.column_type}`);
    assert.deepEqual(types.slice(0, 5), [
      "subject_id BIGINT",
      "time TIMESTAMP",
      "code VARCHAR",
      "numeric_value FLOAT",
      "text_value VARCHAR",
    ]);
    const unsorted = await db.connection.runAndReadAll(`SELECT count(*) AS n FROM (SELECT subject_id, time,
        lag(subject_id) OVER w AS ps, lag(time) OVER w AS pt FROM read_parquet('${join(meds, "data", "0.parquet")}', file_row_number = true) WINDOW w AS (ORDER BY file_row_number))
      WHERE ps > subject_id OR (ps = subject_id AND pt > time)`);
    assert.equal(Number(unsorted.getRowObjectsJS()[0]!.n), 0);
    const splits = await db.connection.runAndReadAll(
      `SELECT DISTINCT split FROM '${join(meds, "metadata", "subject_splits.parquet")}' ORDER BY 1`,
    );
    assert.deepEqual(
      splits.getRowObjectsJS().map((r) => r.split),
      ["held_out", "train", "tuning"],
    );
  } finally {
    db.close();
  }
  const dataset = JSON.parse(readFileSync(join(meds, "metadata", "dataset.json"), "utf8"));
  assert.equal(dataset.meds_version, "0.4.0");
});

test("round trip: the MIMIC-III fixture (SEQ_NUM order, numeric ids) and the Synthea CSV sample (UUID ids)", async () => {
  await roundTrip(
    "mimic3",
    "mimic3",
    "test/fixtures/ehr/mimic3",
    ["dhf", "mortality", "readmission-30d"],
    ["dx", "px"],
  );
  await roundTrip("synthea", "synthea-csv", "data/synthea-csv", ["paca", "mortality", "pretrain"]);
});

test("refused: another export format, a folder with no MEDS data", () => {
  assertRefused(
    ["ehr", "export", "--source", "omop", "--dir", FIXTURE, "--out", join(root, "x"), "--format", "csv"],
    /--format/,
  );
  return assert.rejects(
    buildEhrDataset({ source: "meds", dir: root, cohort: "dhf", out: join(root, "y") }),
    /no data\/\*\.parquet: not a MEDS dataset/,
  );
});
