// ClinicalBERT's readmission tasks on the hand-written MIMIC-III fixture test/fixtures/mimic3/readmission (its
// SOURCE.md says what each admission and note tests), against hand-written expectations and the pandas re-statement
// of the reference (test/fixtures/tasks/readmission-reference.json, scripts/fixtures/readmission_reference.py).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { before, test } from "node:test";
import { type BuildCoreTasksResult, buildCoreTasks } from "../../../src/tasks/buildCoreTasks.ts";
import { parseTaskList } from "../../../src/tasks/coreTasks.ts";
import { clinicalBertClean } from "../../../src/tasks/readmission/clinicalBertText.ts";
import { ADDENDUM_FLAG } from "../../../src/tasks/readmission/readmissionNoteRules.ts";
import type { TaskManifest } from "../../../src/tasks/taskManifest.ts";
import { parseCsv, readJson } from "../taskFiles.ts";
import { FIXTURE, rowsOf, SPLITS, tempDir } from "./readmissionFiles.ts";

const TASKS = ["READMISSION_30D_discharge", "READMISSION_30D_early_2d", "READMISSION_30D_early_3d"] as const;

interface Reference {
  labels: Record<string, number>;
  leftOut: Record<string, string>;
  kept: Record<string, { label: number; duration: number }>;
  discharge: Record<string, { text: string; chunks: number }>;
  early_2d: Record<string, { text: string; chunks: number }>;
  early_3d: Record<string, { text: string; chunks: number }>;
}
const reference = readJson<Reference>("test/fixtures/tasks/readmission-reference.json");

/** The fixture's notes by ROW_ID (raw TEXT), to spell expected texts out. */
const noteText = (() => {
  const rows = parseCsv(readFileSync(join(FIXTURE, "NOTEEVENTS.csv"), "utf8")).rows;
  return new Map(rows.slice(1).map((r) => [r[0]!, r[10]!]));
})();
const joined = (...rowIds: string[]) => clinicalBertClean(rowIds.map((id) => noteText.get(id)!).join(" "));

let out: string;
let charttime: string;
let result: BuildCoreTasksResult;
before(async () => {
  out = tempDir();
  result = await buildCoreTasks({ source: "mimic3", dir: FIXTURE, out, tasks: parseTaskList(TASKS.join(",")) });
  charttime = tempDir();
  await buildCoreTasks({
    source: "mimic3",
    dir: FIXTURE,
    out: charttime,
    tasks: parseTaskList("readmit-2d,readmit-3d"),
    earlyWindow: "charttime",
  });
});

const manifest = (dir: string, task: string) => readJson<TaskManifest>(join(dir, task, "manifest.json"));
const dropCount = (m: TaskManifest, prefix: string) => m.drops.task.find((d) => d.reason.startsWith(prefix))?.count;

test("labels equal the pandas reference for every kept admission, and by hand", () => {
  const discharge = rowsOf(out, "READMISSION_30D_discharge");
  assert.ok(discharge.size >= 14);
  for (const [id, row] of discharge) assert.equal(row.label, String(reference.labels[id]), id);
  const label = (id: string) => discharge.get(id)?.label;
  // 200001: its next admission (200002, 5 days later) is ELECTIVE and passed over; the next non-elective one
  // (200003) starts 29.0 days after discharge → 1. 200011: the only next admission is ELECTIVE → 0.
  assert.equal(label("200001"), "1");
  assert.equal(label("200011"), "0");
  // the 30-day boundary: 200003 → 200004 exactly 30.0 days → 0; 200004 → 200005 29 days 23 h 59 min → 1
  assert.equal(label("200003"), "0");
  assert.equal(reference.labels["200004"], 1);
  // an overlapping next stay (200010 admitted a day before 200009's discharge) counts as < 30 days
  assert.equal(label("200009"), "1");
  // 200006's next admission is a death: it still counts as a readmission
  assert.equal(label("200006"), "1");
});

test("NEWBORN admissions and in-hospital deaths are left out after labelling, counted", () => {
  for (const task of TASKS) {
    const rows = rowsOf(out, task);
    assert.ok(!rows.has("200008") && !rows.has("200007"), task);
    const m = manifest(out, task);
    assert.equal(dropCount(m, "NEWBORN admission"), 1, task);
    assert.equal(dropCount(m, "died in hospital"), 1, task);
    assert.deepEqual(m.readmission!.admissions, {
      total: 20,
      newborn: 1,
      died: 1,
      labelled: 18,
      positives: 6,
      electiveNextSkipped: 2,
      overlapping: 1,
    });
  }
  assert.deepEqual(Object.keys(reference.leftOut).sort(), ["200007", "200008"]);
});

test("discharge summaries: the last report, cleaned as the reference cleans; departures from the reference", () => {
  const rows = rowsOf(out, "READMISSION_30D_discharge");
  // hand-written: ClinicalBERT's cleaning of note 301 (brackets, `1.`/`2.` and the `4.` of 4.1 removed, dr. → doctor,
  // m.d. → md, the dates' headings, `---` → `-`, `====` and `__` gone; `\r\n` gave two spaces, `2.` left its own)
  assert.equal(
    rows.get("200001")!.text,
    "                     service: medicine  history of present illness: 72 yo man with chf (ef 25%), seen by " +
      "doctor , md on arrival.  furosemide 40 mg daily - lactate 1  done   metoprolol. patient did well and went home.",
  );
  // the reference reads 200001's later addendum (302); Prognos the report, and flags it
  assert.equal(reference.discharge["200001"]!.text, clinicalBertClean(noteText.get("302")!));
  assert.deepEqual(manifest(out, "READMISSION_30D_discharge").noteFlags, { [ADDENDUM_FLAG]: 1 });
  // only an addendum: read (both)
  assert.equal(rows.get("200003")!.text, reference.discharge["200003"]!.text);
  // 200004's last summary has no TEXT: the reference loses the admission, Prognos reads the report before it
  assert.equal(reference.discharge["200004"], undefined);
  assert.equal(rows.get("200004")!.text, joined("305"));
  // 5 words: no chunk in the reference (its chunk count is 0), dropped here
  assert.equal(reference.discharge["200005"]!.chunks, 0);
  assert.ok(!rows.has("200005"));
  // every other admission: the reference's text exactly
  for (const [id, row] of rows) {
    if (["200001", "200004"].includes(id)) continue;
    assert.equal(row.text, reference.discharge[id]!.text, id);
  }
});

test("early notes by CHARTDATE (the reference's window), ordered by CHARTDATE then ROW_ID", () => {
  const two = rowsOf(out, "READMISSION_30D_early_2d");
  const three = rowsOf(out, "READMISSION_30D_early_3d");
  // 200014, admitted 2154-01-20 00:30: 413 (the day before), 409 (day 0), 408 and the ECG 411 (day 1) → 2 days;
  // 410 (day 2) joins for 3 days; 412 (day 3) never; the discharge summary never
  assert.equal(two.get("200014")!.text, joined("413", "409", "408", "411"));
  assert.equal(three.get("200014")!.text, joined("413", "409", "408", "411", "410"));
  assert.equal(two.get("200014")!.text, reference.early_2d["200014"]!.text);
  assert.equal(three.get("200014")!.text, reference.early_3d["200014"]!.text);
  // 200001: 401 (day 0), 402 (day 1); 403 (day 3) is out of both windows
  assert.equal(two.get("200001")!.text, joined("401", "402"));
  assert.equal(three.get("200001")!.text, joined("401", "402"));
  // the reference lets discharge summaries into early notes (a 2-day stay's summary is dated day 2 < 3); Prognos
  // leaves them out, so 200004 (summary only) has no early note and 200002 only its nursing note
  assert.ok(reference.early_3d["200004"] && !three.has("200004"));
  assert.equal(three.get("200002")!.text, joined("404"));
  assert.notEqual(reference.early_3d["200002"]!.text, three.get("200002")!.text);
  const drops = manifest(out, "READMISSION_30D_early_3d").drops.notes;
  assert.equal(drops.find((d) => d.reason.startsWith("a discharge summary"))?.count, 20);
});

test("early notes by CHARTTIME: ADMITTIME + N × 24 h; notes without CHARTTIME left out and counted", () => {
  const two = rowsOf(charttime, "READMISSION_30D_early_2d");
  const three = rowsOf(charttime, "READMISSION_30D_early_3d");
  // 410 at 2154-01-22 00:20 is 47 h 50 min after admission: in the 2-day window by time, not by date; the ECG (411)
  // has no CHARTTIME; 412 at 71 h 40 min joins for 3 days
  assert.equal(two.get("200014")!.text, joined("413", "409", "408", "410"));
  assert.equal(three.get("200014")!.text, joined("413", "409", "408", "410", "412"));
  const m = manifest(charttime, "READMISSION_30D_early_2d");
  assert.equal(m.readmission!.earlyWindow, "charttime");
  assert.equal(m.drops.notes.find((d) => d.reason.startsWith("no CHARTTIME"))?.count, 1);
});

test("early-notes val and test keep only stays that lasted N days; train keeps every stay", () => {
  const discharge = rowsOf(out, "READMISSION_30D_discharge");
  const two = rowsOf(out, "READMISSION_30D_early_2d");
  const three = rowsOf(out, "READMISSION_30D_early_3d");
  // 200013 (test) lasted 21 hours
  assert.equal(discharge.get("200013")!.split, "test");
  assert.ok(!two.has("200013") && !three.has("200013"));
  // 200010 (val) lasted 2.5 days
  assert.equal(two.get("200010")!.split, "val");
  assert.ok(!three.has("200010"));
  // 200002 (train) lasted 2.0 days: kept for 3 days too, as the reference trains on every stay
  assert.equal(three.get("200002")!.split, "train");
  assert.equal(dropCount(manifest(out, "READMISSION_30D_early_2d"), "val/test stay shorter than 2 days"), 1);
  assert.equal(dropCount(manifest(out, "READMISSION_30D_early_3d"), "val/test stay shorter than 3 days"), 2);
  for (const [id, row] of three) {
    if (row.split !== "train") assert.ok(reference.kept[id]!.duration >= 3, id);
  }
});

test("the split is by patient: every admission of a patient in one split; outside the lists → dropped, counted", () => {
  const admissions = parseCsv(readFileSync(join(FIXTURE, "ADMISSIONS.csv"), "utf8")).rows.slice(1);
  const patientOf = new Map(admissions.map((r) => [r[2]!, r[1]!]));
  for (const task of TASKS) {
    const splitOf = new Map<string, string>();
    for (const [id, row] of rowsOf(out, task)) {
      const patient = patientOf.get(id)!;
      assert.equal(splitOf.get(patient) ?? row.split, row.split, `${task}: patient ${patient}`);
      splitOf.set(patient, row.split);
    }
  }
  // 200015's patient (SUBJECT_ID 1) is in none of CORe's lists (it has no early note: that reason comes first there)
  assert.equal(dropCount(manifest(out, TASKS[0]), "patient (SUBJECT_ID) in none of CORe's split lists"), 1);
  const discharge = rowsOf(out, "READMISSION_30D_discharge");
  assert.deepEqual(
    SPLITS.map((s) =>
      [...discharge]
        .filter(([, r]) => r.split === s)
        .map(([id]) => id)
        .sort(),
    ),
    [
      ["200001", "200002", "200003", "200004", "200006", "200017", "200018", "200019", "200020"],
      ["200009", "200010"],
      ["200011", "200012", "200013", "200014", "200016"],
    ],
  );
});

test("test keeps its natural positive rate (1 of 5); labels.json, manifest and the folders agree", () => {
  const m = manifest(out, "READMISSION_30D_discharge");
  assert.deepEqual(m.rows, { train: 9, val: 2, test: 5 });
  assert.deepEqual(m.labelCounts, { "0": { train: 5, val: 1, test: 4 }, "1": { train: 4, val: 1, test: 1 } });
  assert.equal(m.readmission!.positiveRate.test, 0.2);
  assert.equal(m.readmission!.balanceTrain, false);
  const labels = readJson<{ labelType: string; labels: { label: string }[] }>(
    join(out, "READMISSION_30D_discharge", "labels.json"),
  );
  assert.equal(labels.labelType, "binary");
  assert.deepEqual(
    labels.labels.map((l) => l.label),
    ["0", "1"],
  );
  assert.deepEqual(result.build.tasks, [...TASKS]);
});
