// MIMIC-IV through `tasks build`: the hand-written fixture test/fixtures/tasks/mimic4 (its SOURCE.md says what
// each row tests). Expected values are written by hand from the rules in docs/core-notes.md.
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { type BuildCoreTasksResult, buildCoreTasks } from "../../src/tasks/buildCoreTasks.ts";
import { seededHashSplit } from "../../src/tasks/splits/seededHashSplit.ts";
import { isPrognosError } from "../../src/util/errors.ts";
import { readJson, readSplitCsv } from "./taskFiles.ts";

const FIXTURE = "test/fixtures/tasks/mimic4";
const SPLITS = ["train", "val", "test"] as const;
const PATIENT: Record<string, string> = {
  "21000001": "10000001",
  "21000002": "10000002",
  "21000003": "10000003",
  "21000004": "10000004",
  "21000005": "10000005",
  "21000006": "10000005",
  "21000007": "10000006",
};
const temps: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), "prognos-mimic4-"));
  temps.push(d);
  return d;
};
after(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** id → [label, text, split] of a built task, all splits together. */
function rowsOf(out: string, task: string): Map<string, [string, string, string]> {
  const rows = new Map<string, [string, string, string]>();
  for (const s of SPLITS)
    for (const [id, text, label] of readSplitCsv(join(out, task), s).rows) rows.set(id!, [label!, text!, s]);
  return rows;
}
const labelsOf = (out: string, task: string) =>
  Object.fromEntries([...rowsOf(out, task)].map(([id, [label]]) => [id, label]).sort());

let out: string;
let result: BuildCoreTasksResult;
before(async () => {
  out = tempDir();
  result = await buildCoreTasks({ source: "mimic4", dir: FIXTURE, out });
});

test("mimic4 labels: ICD9:/ICD10: prefixes, V/E codes of 4, leading zeros, ICD-10-PCS by 3, first-seen order", () => {
  assert.deepEqual(labelsOf(out, "DIA_GROUPS_3_DIGITS_adm"), {
    "21000001": "ICD9:428,ICD9:V586,ICD9:E879,ICD9:038",
    "21000002": "ICD10:I50,ICD10:E11",
    "21000003": "ICD10:J18",
    "21000004": "ICD10:N17",
    "21000006": "ICD9:584,ICD10:N17",
    "21000007": "ICD9:401",
  });
  assert.deepEqual(labelsOf(out, "PRO_GROUPS_3_DIGITS_adm"), {
    "21000001": "ICD9:004,ICD9:389",
    "21000002": "ICD10:02H,ICD10:0DJ",
    "21000004": "ICD10:02H",
  });
  const dia = readJson<{ labels: { label: string; title: string; titleSource: string }[] }>(
    join(out, "DIA_GROUPS_3_DIGITS_adm", "labels.json"),
  ).labels;
  const title = (label: string) => {
    const l = dia.find((x) => x.label === label)!;
    return [l.title, l.titleSource];
  };
  assert.deepEqual(title("ICD10:I50"), ["Heart failure", "source:d_icd_diagnoses"]);
  assert.deepEqual(title("ICD10:E11"), ["Type 2 diabetes mellitus", "ICD-10-CM 2019"]);
  assert.deepEqual(title("ICD9:428"), ["Heart failure", "unspecified member 4289"]);
});

test("codes that are not of their system get no label: counted with file and row, never guessed", () => {
  assert.deepEqual(result.build.labelSkips, [
    {
      file: "hosp/diagnoses_icd",
      reason: "code without a label: not an ICD-9-CM diagnosis code (system ICD9)",
      count: 1,
      exampleRows: [13],
    },
    {
      file: "hosp/procedures_icd",
      reason: "code without a label: not an ICD-10-PCS procedure code (system ICD10PCS)",
      count: 1,
      exampleRows: [6],
    },
  ]);
  assert.ok(
    result.build.sourceSkips.some((s) => s.file === "hosp/admissions.csv" && s.reason === "missing end time"),
    "an admission without dischtime is a counted reader skip",
  );
});

test("note/discharge: notes of a stay joined in note_seq order (file order differs); MIMIC-IV's ' \\n' lines end sections", () => {
  const mp = rowsOf(out, "MP_IN_adm");
  assert.equal(
    mp.get("21000001")![1],
    "CHIEF COMPLAINT: chest pain\n\nPRESENT ILLNESS: started in note one,  continued in note two.\n\n" +
      "MEDICAL HISTORY: CHF\n\nMEDICATION ON ADMISSION: \n\nALLERGIES: \n\nPHYSICAL EXAM: \n\nFAMILY HISTORY: \n\n" +
      "SOCIAL HISTORY: lives alone",
  );
  assert.equal(
    mp.get("21000002")![1],
    "CHIEF COMPLAINT: dyspnea\n\nPRESENT ILLNESS: Mr. ___ is a ___ with HFrEF (EF 25%) who presents with worsening " +
      "dyspnea.\n\nMEDICAL HISTORY: - HFrEF - type 2 diabetes\n\nMEDICATION ON ADMISSION: 1. Furosemide 40 mg PO DAILY" +
      "\n\nALLERGIES: Penicillins\n\nPHYSICAL EXAM: ADMISSION EXAM: JVP elevated\n\nFAMILY HISTORY: Mother with " +
      "diabetes\n\nSOCIAL HISTORY: ___ Family History: Mother with diabetes",
  );
  // the death filter cuts the phrase in PHYSICAL EXAM; the note stays in MP with label 1
  assert.deepEqual(mp.get("21000003")!.slice(0, 1), ["1"]);
  assert.match(mp.get("21000003")![1], /PHYSICAL EXAM: febrile, {2}on day 9\n/);
  const notes = result.build.admissionNotes!;
  assert.equal(notes.kept, 7);
  assert.deepEqual(
    notes.drops.map((d) => [d.step, d.unit, d.reason, d.count]),
    [
      ["2", "notes", "no hadm_id", 1],
      ["2", "notes", "no text", 1],
      ["2", "notes", "note_type is not 'DS'", 1],
      ["6", "admissions", "no chief complaint, present illness or medical history found", 1],
    ],
  );
  assert.equal(notes.flags["discharge notes joined (2)"], 1);
  assert.equal(notes.flags["lines of only spaces taken as blank lines"], 1);
});

test("mortality from hospital_expire_flag (empty → counted, never 0); LOS from admittime/dischtime, deaths out", () => {
  assert.deepEqual(labelsOf(out, "MP_IN_adm"), {
    "21000001": "0",
    "21000002": "0",
    "21000003": "1",
    "21000005": "0",
    "21000006": "0",
    "21000007": "0",
  });
  // 3.0 days → 0; exactly 7.0 → 1; 14.1 → 3; one day → 0; four days → 1
  assert.deepEqual(labelsOf(out, "LOS_WEEKS_adm"), {
    "21000001": "0",
    "21000002": "1",
    "21000005": "3",
    "21000006": "0",
    "21000007": "1",
  });
  const drops = (task: string) =>
    result.tasks
      .find((t) => t.task === task)!
      .drops.task.filter((d) => d.count > 0)
      .map((d) => [d.reason, d.count]);
  assert.deepEqual(drops("MP_IN_adm"), [["hospital_expire_flag unknown (not 0 or 1)", 1]]);
  assert.deepEqual(drops("LOS_WEEKS_adm"), [
    ["hospital_expire_flag unknown (not 0 or 1)", 1],
    ["died in hospital (hospital_expire_flag 1)", 1],
  ]);
  assert.deepEqual(drops("DIA_GROUPS_3_DIGITS_adm"), [["no ICD-9 or ICD-10 diagnosis code for the admission", 1]]);
});

test("splits: a seeded hash of subject_id, the same patient in the same split in every task", () => {
  assert.match(result.build.split, /^seeded hash of the patient id \(SHA-256, seed 123\): 70\/10\/20/);
  for (const task of ["DIA_GROUPS_3_DIGITS_adm", "MP_IN_adm", "LOS_WEEKS_adm"]) {
    for (const [id, [, , split]] of rowsOf(out, task)) assert.equal(split, seededHashSplit(PATIENT[id]!, 123), id);
  }
});

test("--icd10-only keeps the ICD-10 admissions; ICD-9, mixed and uncoded ones are counted; no ICD-9 labels listed", async () => {
  const dir = tempDir();
  const r = await buildCoreTasks({ source: "mimic4", dir: FIXTURE, out: dir, icd10Only: true });
  assert.deepEqual(labelsOf(dir, "DIA_GROUPS_3_DIGITS_adm"), {
    "21000002": "ICD10:I50,ICD10:E11",
    "21000003": "ICD10:J18",
    "21000004": "ICD10:N17",
  });
  assert.deepEqual([...rowsOf(dir, "LOS_WEEKS_adm").keys()], ["21000002"]);
  const mp = r.tasks.find((t) => t.task === "MP_IN_adm")!;
  assert.deepEqual(
    mp.drops.task.slice(0, 3).map((d) => [d.reason, d.count]),
    [
      ["--icd10-only: admission coded in ICD-9", 2],
      ["--icd10-only: admission coded in both ICD-9 and ICD-10", 1],
      ["--icd10-only: admission without a diagnosis or procedure code (ICD version unknown)", 1],
    ],
  );
  assert.equal(mp.stayFilter, "--icd10-only: admissions coded in ICD-10 only");
  const listed = readJson<{ labels: { label: string }[] }>(join(dir, "DIA_GROUPS_3_DIGITS_adm", "labels.json"));
  assert.ok(listed.labels.every((l) => l.label.startsWith("ICD10:")));
  assert.deepEqual(
    r.build.labelSkips.map((s) => s.file),
    ["hosp/procedures_icd"],
  ); // ICD-9 rows are not skips here
  await assert.rejects(
    buildCoreTasks({ source: "mimic3", dir: "test/fixtures/mimic3/hospital", out: tempDir(), icd10Only: true }),
    /--icd10-only: only for --source mimic4/,
  );
});

test("mimic4 bad input: a missing table or column names the file; without note/ the build says 'no notes'", async () => {
  const dir = tempDir();
  cpSync(FIXTURE, dir, { recursive: true });
  rmSync(join(dir, "note"), { recursive: true });
  const r = await buildCoreTasks({ source: "mimic4", dir, out: tempDir() });
  assert.equal(r.build.status, "no-notes");
  assert.match(
    r.build.message,
    /has no notes \(no note\/discharge table with rows: MIMIC-IV-Note is a separate download/,
  );
  cpSync(join(FIXTURE, "note"), join(dir, "note"), { recursive: true });
  const header = "note_id,subject_id,hadm_id,note_type,charttime,storetime,text\n";
  writeFileSync(join(dir, "note", "discharge.csv"), `${header}a,10000001,21000001,DS,2150-01-04 00:00:00,,"x"\n`);
  await assert.rejects(
    buildCoreTasks({ source: "mimic4", dir, out: tempDir() }),
    (e: unknown) => isPrognosError(e) && /note\/discharge\.csv: missing column note_seq/.test((e as Error).message),
  );
  rmSync(join(dir, "hosp", "admissions.csv"));
  await assert.rejects(
    buildCoreTasks({ source: "mimic4", dir, out: tempDir() }),
    (e: unknown) => isPrognosError(e) && /admissions/.test((e as Error).message),
  );
});
