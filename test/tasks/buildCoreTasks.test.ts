import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { type BuildCoreTasksResult, buildCoreTasks } from "../../src/tasks/buildCoreTasks.ts";
import { readJson, readSplitCsv } from "./taskFiles.ts";

const HOSPITAL = "test/fixtures/mimic3/hospital";
const SPLITS = ["train", "val", "test"] as const;
const TASKS = ["DIA_GROUPS_3_DIGITS_adm", "PRO_GROUPS_3_DIGITS_adm", "MP_IN_adm", "LOS_WEEKS_adm"];
const temps: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), "prognos-tasks-"));
  temps.push(d);
  return d;
};
after(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

interface Reference {
  notes: Record<string, string>;
  tasks: Record<string, Record<string, [string, string, string][]>>;
  labels: Record<string, string[]>;
}
const reference = readJson<Reference>("test/fixtures/tasks/hospital-reference.json");

let out: string;
let result: BuildCoreTasksResult;
before(async () => {
  out = tempDir();
  result = await buildCoreTasks({ source: "mimic3", dir: HOSPITAL, out });
});

/** {split: [[id, text, label]] sorted by id} of a built task. */
function builtRows(task: string): Record<string, string[][]> {
  return Object.fromEntries(
    SPLITS.map((s) => [s, readSplitCsv(join(out, task), s).rows.sort((a, b) => a[0]!.localeCompare(b[0]!))]),
  );
}

test("every task's rows per split equal the pandas reference: ids, admission-note texts, labels", () => {
  for (const task of TASKS) assert.deepEqual(builtRows(task), reference.tasks[task], task);
});

test("hand-written expectations: labels per admission and split membership", () => {
  const labels = (task: string) =>
    Object.fromEntries(SPLITS.map((s) => [s, Object.fromEntries(builtRows(task)[s]!.map((r) => [r[0], r[2]]))]));
  assert.deepEqual(labels("DIA_GROUPS_3_DIGITS_adm"), {
    train: {
      "100001": "428,584,V586,E879,038",
      "100002": "414,401,272",
      "100006": "410,250,401",
      "100007": "574,278,530",
      "100008": "780,427,V586,E849",
      "100009": "434,401",
      "100010": "820,244,733,E885",
      "100011": "577,042",
      "100019": "789,577",
      "100021": "780,386",
    },
    val: { "100012": "995,162,198,496", "100013": "518,290", "100014": "427,507" },
    test: { "100015": "427,414", "100016": "427,348" },
  });
  assert.deepEqual(labels("PRO_GROUPS_3_DIGITS_adm"), {
    train: {
      "100001": "004,389,960",
      "100002": "372,885",
      "100006": "006,360",
      "100007": "512",
      "100008": "996",
      "100010": "791,815",
      "100019": "451",
    },
    val: { "100012": "960,967", "100013": "967" },
    test: { "100017": "451,013" },
  });
  assert.deepEqual(labels("MP_IN_adm"), {
    train: {
      "100001": "0",
      "100002": "0",
      "100006": "0",
      "100007": "0",
      "100008": "0",
      "100009": "1",
      "100010": "0",
      "100011": "0",
      "100019": "0",
      "100021": "0",
    },
    val: { "100012": "1" },
    test: { "100017": "0" },
  });
  assert.deepEqual(labels("LOS_WEEKS_adm"), {
    train: {
      "100001": "0", // 3.0 days
      "100002": "0", // 3.04
      "100006": "0", // 3.05 → 3.0
      "100007": "1", // 7.0
      "100008": "1", // 7.05 → 7.0
      "100010": "2", // 14.05 → 14.0
      "100011": "3", // 14.1
      "100019": "1", // 5.0
      "100021": "1", // 6.95 → 7.0
    },
    val: {},
    test: { "100016": "2", "100017": "1" }, // 14.0; 3.15 → 3.2
  });
});

test("admission notes as docs/core-method.md §1 describes them (checked by hand against the fixture)", () => {
  const text = (task: string, id: string) => SPLITS.flatMap((s) => builtRows(task)[s]!).find((r) => r[0] === id)?.[1];
  assert.equal(
    text("DIA_GROUPS_3_DIGITS_adm", "100001"),
    "CHIEF COMPLAINT: Shortness of breath\n\n" +
      "PRESENT ILLNESS: 70 yo M with CHF (EF 25%) and CKD who presents with 3 days of worsening dyspnea and leg " +
      "swelling. Denies chest pain.\n\n" +
      "MEDICAL HISTORY: CHF, EF 25% on [**2149-6-1**] echo CKD stage III Hypertension\n\n" +
      "MEDICATION ON ADMISSION: Furosemide 40 mg PO daily Lisinopril 10 mg PO daily\n\n" +
      "ALLERGIES: Patient recorded as having No Known Allergies to Drugs\n\n" +
      "PHYSICAL EXAM: VS: T 98.1 BP 150/90 HR 96 RR 22 O2 92% RA Gen: mild respiratory distress Lungs: crackles " +
      "at bases bilaterally\n\n" +
      "FAMILY HISTORY: Father with MI at age 60.\n\n" +
      "SOCIAL HISTORY: Lives with wife. Former smoker, quit 2130. No alcohol.",
  );
  // the addendum's Family History is part of the admission's note; numbered lines stay in Medical History
  const b = text("DIA_GROUPS_3_DIGITS_adm", "100002")!;
  assert.ok(b.includes("MEDICAL HISTORY: 1. Coronary artery disease  2. Hypertension  3. Hyperlipidemia\n\n"));
  assert.ok(b.includes("FAMILY HISTORY: Mother with breast cancer\n\n"));
  // same CHARTDATE: the addendum (lower ROW_ID) comes first, so its Chief Complaint is the first match
  assert.ok(
    text("DIA_GROUPS_3_DIGITS_adm", "100019")!.startsWith(
      "CHIEF COMPLAINT: Chest pain (corrected from abdominal pain)\n\n",
    ),
  );
  // the mortality task cuts the death phrase in PHYSICAL EXAM; the other tasks keep the note as built
  assert.ok(
    text("MP_IN_adm", "100008")!.includes(
      "PHYSICAL EXAM: VS: BP 100/60 HR 110 irregular Neuro: alert; per EMS  briefly",
    ),
  );
  assert.ok(text("DIA_GROUPS_3_DIGITS_adm", "100008")!.includes("per EMS pt expired briefly"));
  assert.ok(
    text("MP_IN_adm", "100009")!.includes("MEDICATION ON ADMISSION: Unable to obtain as  shortly after arrival\n\n"),
  );
  assert.ok(
    text("LOS_WEEKS_adm", "100017")!.includes(
      "MEDICATION ON ADMISSION: Lisinopril 20 mg daily\r Amlodipine 5 mg daily",
    ),
  );
  assert.ok(text("LOS_WEEKS_adm", "100010")!.includes("ALLERGIES: [] No Known Allergies\n\n"));
});

test("drops are counted per step and reason, never silent", () => {
  const notes = result.build.admissionNotes!;
  assert.equal(notes.kept, 17);
  assert.equal(notes.candidateStays, 19);
  assert.deepEqual(
    notes.drops.map((d) => [d.step, d.unit, d.reason, d.count]),
    [
      ["2", "notes", "no HADM_ID", 1],
      ["1", "notes", "HADM_ID not in ADMISSIONS (or skipped there)", 1],
      ["1", "notes", "admission type NEWBORN", 1],
      ["2", "notes", "no TEXT", 1],
      ["2", "notes", "CATEGORY is not 'Discharge summary'", 3],
      ["3", "notes", "same TEXT as a later note (the last one, in CHARTDATE then ROW_ID order, is kept)", 2],
      ["4", "admissions", "only addenda: no note with DESCRIPTION 'Report'", 1],
      ["6", "admissions", "no chief complaint, present illness or medical history found", 1],
    ],
  );
  assert.equal(notes.flags["possible neighbouring-section text in CHIEF_COMPLAINT (kept)"], 1);
  const drops = (task: string) =>
    Object.fromEntries(result.tasks.find((t) => t.task === task)!.drops.task.map((d) => [d.reason, d.count]));
  const split = "patient (SUBJECT_ID) in none of CORe's split lists";
  assert.deepEqual(drops("DIA_GROUPS_3_DIGITS_adm"), { "no ICD-9 diagnosis code for the admission": 1, [split]: 1 });
  assert.deepEqual(drops("PRO_GROUPS_3_DIGITS_adm"), { "no ICD-9 procedure code for the admission": 7, [split]: 0 });
  assert.deepEqual(drops("MP_IN_adm"), {
    "HOSPITAL_EXPIRE_FLAG unknown (not 0 or 1)": 0,
    "death mention: (patient|pt) (had|has)? (expired|died|passed away|deceased)": 1,
    "death mention: 'he expired' (or 'she expired')": 1,
    "death mention: 'pronounced expired'": 1,
    "death mention: 'time of death'": 1,
    [split]: 1,
  });
  assert.deepEqual(drops("LOS_WEEKS_adm"), {
    "HOSPITAL_EXPIRE_FLAG unknown (not 0 or 1)": 0,
    "died in hospital (HOSPITAL_EXPIRE_FLAG 1)": 5,
    "no admission or discharge time": 0,
    [split]: 1,
  });
});
