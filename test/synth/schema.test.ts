import assert from "node:assert/strict";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { type Hospital, makeHospital } from "./helpers/hospital.ts";
import { readCsv, records } from "./helpers/mimicCsv.ts";

const FIXTURES = join(import.meta.dirname, "../fixtures/synth");
const TIMESTAMP = /^\d{4}-\d\d-\d\d \d\d:\d\d:00$/;
let h: Hospital;

before(async () => {
  h = await makeHospital(400, 800, 11);
});
after(() => rmSync(h.dir, { recursive: true, force: true }));

test("file names, column names and order equal MIMIC-III's (the demo's headers, upper case and quoted)", () => {
  const lines = readFileSync(join(FIXTURES, "mimic-iii-demo-headers.txt"), "utf8").trim().split("\n");
  assert.equal(lines.length, 7);
  for (const line of lines) {
    const [file, header] = line.split(" ") as [string, string];
    const ours = readFileSync(join(h.dir, file), "utf8").split("\n", 1)[0]!;
    const expected = header
      .split(",")
      .map((name) => `"${name.toUpperCase()}"`)
      .join(",");
    assert.equal(ours, expected, file);
  }
});

test("text is quoted, numbers and times are bare, NULL is an empty unquoted field", () => {
  const raw = readFileSync(join(h.dir, "ADMISSIONS.csv"), "utf8").split("\n")[1]!;
  // ROW_ID,SUBJECT_ID,HADM_ID bare; ADMITTIME bare; ADMISSION_TYPE quoted.
  assert.match(
    raw,
    /^1,\d+,\d{6},\d{4}-\d\d-\d\d \d\d:\d\d:00,\d{4}-\d\d-\d\d \d\d:\d\d:00,(\d{4}-[^,]+)?,"(EMERGENCY|ELECTIVE|URGENT|NEWBORN)","/,
  );
  const dx = readFileSync(join(h.dir, "DIAGNOSES_ICD.csv"), "utf8").split("\n")[1]!;
  assert.match(dx, /^1,\d+,\d+,1,"[0-9VE]\d{2,4}"$/);
  const t = h.table("ADMISSIONS.csv");
  const deathCol = t.header.indexOf("DEATHTIME");
  const survivors = t.rows.filter((r) => r[t.header.indexOf("HOSPITAL_EXPIRE_FLAG")] === "0");
  assert.ok(survivors.length > 0 && survivors.every((r) => r[deathCol] === null), "survivors have an empty DEATHTIME");
});

test("timestamps are YYYY-MM-DD HH:MM:SS in shifted years; NOTEEVENTS.CHARTDATE is a date", () => {
  for (const a of h.admissions) {
    for (const col of ["ADMITTIME", "DISCHTIME"]) assert.match(a[col]!, TIMESTAMP);
    const year = Number(a.ADMITTIME!.slice(0, 4));
    assert.ok(year >= 2100 && year <= 2210, `admission year ${year}`);
    assert.ok(a.DISCHTIME! > a.ADMITTIME!, "discharge after admission");
    if (a.EDREGTIME) assert.ok(a.EDREGTIME < a.ADMITTIME!);
  }
  for (const p of h.patients) assert.match(p.DOB!, /^\d{4}-\d\d-\d\d 00:00:00$/);
  // Patients older than 89 have their birth shifted about 300 years back, as in MIMIC-III.
  assert.ok(h.patients.some((p) => Number(p.DOB!.slice(0, 4)) < 1950));
  for (const n of h.notes) {
    assert.match(n.CHARTDATE!, /^\d{4}-\d\d-\d\d$/);
    if (n.CHARTTIME) assert.match(n.CHARTTIME, TIMESTAMP);
  }
});

test("ids: ROW_IDs count from 1, HADM_IDs unique in MIMIC's range, every admission's patient exists", () => {
  h.admissions.forEach((a, i) => assert.equal(a.ROW_ID, String(i + 1)));
  const hadm = h.admissions.map((a) => Number(a.HADM_ID));
  assert.equal(new Set(hadm).size, hadm.length);
  assert.ok(hadm.every((x) => x >= 100_001 && x <= 199_999));
  const subjects = new Set(h.patients.map((p) => p.SUBJECT_ID));
  assert.equal(subjects.size, h.patients.length);
  assert.ok(h.admissions.every((a) => subjects.has(a.SUBJECT_ID)));
  const admissionIds = new Set(h.admissions.map((a) => a.HADM_ID));
  assert.ok(h.diagnoses.every((d) => admissionIds.has(d.HADM_ID)));
});

test("deaths agree across tables: flag, DEATHTIME = DISCHTIME, DEAD/EXPIRED, PATIENTS.DOD", () => {
  const patients = new Map(h.patients.map((p) => [p.SUBJECT_ID, p]));
  let deaths = 0;
  for (const a of h.admissions) {
    const died = a.HOSPITAL_EXPIRE_FLAG === "1";
    assert.equal(a.DISCHARGE_LOCATION === "DEAD/EXPIRED", died);
    if (!died) continue;
    deaths++;
    assert.equal(a.DEATHTIME, a.DISCHTIME);
    const p = patients.get(a.SUBJECT_ID)!;
    assert.equal(p.EXPIRE_FLAG, "1");
    assert.equal(p.DOD_HOSP, `${a.DISCHTIME!.slice(0, 10)} 00:00:00`);
    const later = h.admissions.filter((x) => x.SUBJECT_ID === a.SUBJECT_ID && x.ADMITTIME! > a.ADMITTIME!);
    assert.equal(later.length, 0, "no admission after an in-hospital death");
  }
  assert.ok(deaths > 10);
});

test("NOTEEVENTS: quoted TEXT with real line breaks, MIMIC's categories (with their trailing spaces), NULL fields", () => {
  const reports = h.notes.filter((n) => n.CATEGORY === "Discharge summary");
  assert.ok(
    reports.every((n) => n.TEXT!.includes("\n") && n.CHARTTIME === null && n.STORETIME === null && n.CGID === null),
  );
  const categories = new Set(h.notes.map((n) => n.CATEGORY));
  for (const c of ["Discharge summary", "Nursing/other", "Radiology", "ECG", "Physician ", "Nursing"])
    assert.ok(categories.has(c), c);
  assert.ok(
    h.notes.some((n) => n.HADM_ID === null),
    "notes without HADM_ID",
  );
  assert.ok(h.notes.some((n) => n.DESCRIPTION === "Addendum"));
  const raw = readFileSync(join(h.dir, "NOTEEVENTS.csv"), "utf8");
  assert.match(
    raw,
    /\n\d+,\d+,\d+,\d{4}-\d\d-\d\d,,,"Discharge summary","Report",,,"Admission Date: {2}\[\*\*\d{4}-\d{1,2}-\d{1,2}\*\*\]/,
  );
});

test("D_ICD tables: every CMS v32 code, MIMIC-III's long titles, and every coded ICD-9 code is in them", () => {
  const dx = records(h.table("D_ICD_DIAGNOSES.csv"));
  const pr = records(h.table("D_ICD_PROCEDURES.csv"));
  assert.equal(dx.length, 14_567);
  assert.equal(pr.length, 3_882);
  for (const [file, ours] of [
    ["mimic-iii-demo-d_icd_diagnoses-sample.csv", dx],
    ["mimic-iii-demo-d_icd_procedures-sample.csv", pr],
  ] as const) {
    const byCode = new Map(ours.map((r) => [r.ICD9_CODE, r]));
    const demo = records(readCsv(join(FIXTURES, file)));
    for (const d of demo) assert.equal(byCode.get(d.icd9_code!)?.LONG_TITLE, d.long_title, d.icd9_code!);
    assert.ok(ours.every((r) => r.SHORT_TITLE!.length > 0 && r.SHORT_TITLE!.length <= 24));
  }
  const dxCodes = new Set(dx.map((r) => r.ICD9_CODE));
  const prCodes = new Set(pr.map((r) => r.ICD9_CODE));
  for (const d of h.diagnoses)
    if (d.ICD9_CODE !== null) assert.ok(dxCodes.has(d.ICD9_CODE), `diagnosis ${d.ICD9_CODE}`);
  for (const p of h.procedures) assert.ok(prCodes.has(p.ICD9_CODE), `procedure ${p.ICD9_CODE}`);
});
