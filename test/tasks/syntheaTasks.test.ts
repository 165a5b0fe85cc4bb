// Synthea-derived sources through `tasks build`: the bundled FHIR sample against an independent reference
// (scripts/fixtures/synthea_fhir_tasks_reference.py: plain Python over the NDJSON, no DuckDB), the hand-written
// bad-input fixtures test/fixtures/sources/{fhir-bad,omop-bad} (SOURCE.md there), and the samples without notes.
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { buildCoreTasks } from "../../src/tasks/buildCoreTasks.ts";
import { readJson, readSplitCsv } from "./taskFiles.ts";

const TASKS = ["DIA_GROUPS_3_DIGITS_adm", "PRO_GROUPS_3_DIGITS_adm", "MP_IN_adm", "LOS_WEEKS_adm"];
const SPLITS = ["train", "val", "test"] as const;
const temps: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), "prognos-synthea-"));
  temps.push(d);
  return d;
};
after(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

interface Reference {
  inpatientStays: number;
  admissionNotes: number;
  tasks: Record<string, Record<string, string[][]>>;
}

const sortedRows = (folder: string, split: string) =>
  readSplitCsv(folder, split).rows.sort((a, b) => a[0]!.localeCompare(b[0]!));
const labelList = (out: string, task: string) =>
  readJson<{ labels: { label: string; title: string; titleSource: string }[] }>(join(out, task, "labels.json")).labels;

test("fhir sample: 49 inpatient stays → 49 admission notes; every task's rows equal the independent reference", async () => {
  const ref = readJson<Reference>("test/fixtures/tasks/synthea-fhir-reference.json");
  const out = tempDir();
  const r = await buildCoreTasks({ source: "fhir", dir: "data/synthea-fhir", out });
  assert.equal(ref.inpatientStays, 49);
  assert.equal(r.build.admissionNotes!.candidateStays, 49);
  assert.equal(r.build.admissionNotes!.kept, ref.admissionNotes);
  assert.equal(ref.admissionNotes, 49);
  for (const task of TASKS) {
    for (const split of SPLITS) assert.deepEqual(sortedRows(join(out, task), split), ref.tasks[task]![split], task);
  }
  // the exact counts, per task and split (train/val/test)
  assert.deepEqual(
    r.tasks.map((t) => [t.task, t.rows.train, t.rows.val, t.rows.test]),
    [
      ["DIA_GROUPS_3_DIGITS_adm", 4, 0, 1],
      ["PRO_GROUPS_3_DIGITS_adm", 3, 0, 44],
      ["MP_IN_adm", 4, 0, 45],
      ["LOS_WEEKS_adm", 4, 0, 45],
    ],
  );
  assert.deepEqual(r.build.admissionNotes!.flags, { "Assessment and Plan left out": 49 });
  const dia = labelList(out, "DIA_GROUPS_3_DIGITS_adm");
  assert.ok(dia.every((l) => /^SNOMED:\d+$/.test(l.label) && l.titleSource === "source:coding display"));
  assert.deepEqual(
    dia.find((l) => l.label === "SNOMED:65966004"),
    {
      label: "SNOMED:65966004",
      title: "Fracture of forearm",
      titleSource: "source:coding display",
      count: { train: 1, val: 0, test: 0 },
    },
  );
  for (const split of SPLITS) {
    for (const [, text] of readSplitCsv(join(out, "LOS_WEEKS_adm"), split).rows) {
      assert.ok(!/Assessment and Plan|The following procedures were conducted/i.test(text!), "outcome text leaked");
    }
  }
});

test("fhir bad input: emergency note and codes join the stay; drugs started in the stay left out; codes keep their system", async () => {
  const out = tempDir();
  const r = await buildCoreTasks({ source: "fhir", dir: "test/fixtures/sources/fhir-bad", out });
  const only = (task: string) => readSplitCsv(join(out, task), "train").rows;
  assert.deepEqual(
    only("DIA_GROUPS_3_DIGITS_adm").map((x) => [x[0], x[2]]),
    [["eb", "ICD10:I50,ICD9:038"]],
  );
  assert.deepEqual(
    only("PRO_GROUPS_3_DIGITS_adm").map((x) => [x[0], x[2]]),
    [["eb", "ICD9:004,SNOMED:430193006"]],
  );
  const text = only("MP_IN_adm")[0]![1]!;
  assert.match(text, /\n\nMEDICATION ON ADMISSION: lisinopril 10 mg oral tablet\n\n/); // furosemide: ordered in the stay
  assert.deepEqual(r.build.admissionNotes!.flags, {
    "Assessment and Plan left out": 1,
    "medications not ordered before admission left out": 1,
  });
  // ed (inpatient, the patient's death) has no note: counted, not silently missing
  assert.deepEqual(
    r.build.admissionNotes!.drops.map((d) => [d.step, d.unit, d.reason, d.count]),
    [["1", "admissions", "inpatient stay without a note (nor one on an emergency visit leading into it)", 1]],
  );
  assert.ok(r.build.sourceSkips.some((s) => s.reason.startsWith("no inline text/plain attachment")));
  assert.deepEqual(
    labelList(out, "DIA_GROUPS_3_DIGITS_adm").map((l) => [l.label, l.title, l.titleSource]),
    [
      ["ICD10:I50", "Heart failure", "ICD-10-CM 2019"],
      ["ICD9:038", "Septicemia", "unspecified member 0389"],
    ],
  );
});

test("omop with Synthea NOTE rows: visit 10's note serves inpatient visit 11; SNOMED and ICD labels side by side", async () => {
  const out = tempDir();
  const r = await buildCoreTasks({ source: "omop", dir: "test/fixtures/sources/omop-bad", out });
  const only = (task: string) => readSplitCsv(join(out, task), "train").rows;
  assert.deepEqual(
    only("DIA_GROUPS_3_DIGITS_adm").map((x) => [x[0], x[2]]),
    [["11", "ICD10:E11,ICD9:428,SNOMED:44054006"]],
  );
  assert.deepEqual(
    only("PRO_GROUPS_3_DIGITS_adm").map((x) => [x[0], x[2]]),
    [["11", "ICD9:004,ICD10:02H"]],
  );
  assert.equal(
    only("MP_IN_adm")[0]![1],
    "CHIEF COMPLAINT: - Shortness of breath\n\nPRESENT ILLNESS: Synthetic patient, 70 years old.\n\n" +
      "MEDICAL HISTORY: \n\nMEDICATION ON ADMISSION: \n\nALLERGIES: No Known Allergies.\n\nPHYSICAL EXAM: \n\n" +
      "FAMILY HISTORY: \n\nSOCIAL HISTORY: Never smoked.",
  );
  assert.deepEqual(
    only("LOS_WEEKS_adm").map((x) => [x[0], x[2]]),
    [["11", "1"]],
  ); // 3.1 days
  assert.equal(r.build.admissionNotes!.drops[0]!.count, 2); // inpatient visits 13 and 15 have no note
  assert.deepEqual(
    labelList(out, "DIA_GROUPS_3_DIGITS_adm").find((l) => l.label === "SNOMED:44054006")!.titleSource,
    "source:CONCEPT",
  );
});

test("samples without notes: OMOP Synthea27Nj and Synthea CSV build nothing and say why", async () => {
  for (const [source, dir, why] of [
    ["omop", "data/omop-synthea27nj", /has no notes \(its NOTE table is absent or has no rows\)/],
    ["synthea-csv", "data/synthea-csv", /has no notes \(Synthea's CSV export has no note table; export FHIR/],
  ] as const) {
    const out = tempDir();
    const r = await buildCoreTasks({ source, dir, out });
    assert.equal(r.build.status, "no-notes", source);
    assert.match(r.build.message, why);
    assert.deepEqual(readdirSync(out), ["build-manifest.json"]);
  }
});
