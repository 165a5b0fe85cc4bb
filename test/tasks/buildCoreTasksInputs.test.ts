import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { buildCoreTasks } from "../../src/tasks/buildCoreTasks.ts";
import { parseTaskList } from "../../src/tasks/coreTasks.ts";
import { readJson, readSplitCsv } from "./taskFiles.ts";

const HOSPITAL = "test/fixtures/mimic3/hospital";
const temps: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), "prognos-tasks-"));
  temps.push(d);
  return d;
};
after(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

test("--cut-section-leaks ends a section at the next known heading (opt-in divergence)", async () => {
  const dir = tempDir();
  const r = await buildCoreTasks({
    source: "mimic3",
    dir: HOSPITAL,
    out: dir,
    sectionLeaks: "cut",
    tasks: parseTaskList("dia"),
  });
  const row = readSplitCsv(join(dir, "DIA_GROUPS_3_DIGITS_adm"), "train").rows.find((x) => x[0] === "100007")!;
  assert.ok(row[1]!.startsWith("CHIEF COMPLAINT: Abdominal pain\n\nPRESENT ILLNESS:"));
  assert.equal(r.build.admissionNotes!.flags["possible neighbouring-section text in CHIEF_COMPLAINT (cut)"], 1);
});

test("bad input: unknown expire flags leave MP and LOS with a counted reason; a skipped admission's note drops at step 1", async () => {
  const dir = tempDir();
  const r = await buildCoreTasks({ source: "mimic3", dir: "test/fixtures/mimic3/bad-input", out: dir });
  const drops = (task: string) =>
    Object.fromEntries(
      r.tasks
        .find((t) => t.task === task)!
        .drops.task.filter((d) => d.count)
        .map((d) => [d.reason, d.count]),
    );
  assert.deepEqual(drops("MP_IN_adm"), {
    "HOSPITAL_EXPIRE_FLAG unknown (not 0 or 1)": 2,
  });
  assert.deepEqual(drops("LOS_WEEKS_adm"), {
    "HOSPITAL_EXPIRE_FLAG unknown (not 0 or 1)": 2,
    "died in hospital (HOSPITAL_EXPIRE_FLAG 1)": 1,
  });
  const stepOne = r.build.admissionNotes!.drops.find((d) => d.reason.startsWith("HADM_ID not in ADMISSIONS"));
  assert.equal(stepOne!.count, 1);
  assert.equal(r.build.admissionNotes!.kept, 4); // 200001, 200004, 200005, 200006 (unparsable CHARTDATE kept)
  // 200001 (survived) and 200006 (died; its note's CHARTDATE is unparsable, the note is kept)
  assert.deepEqual(r.tasks.find((t) => t.task === "MP_IN_adm")!.rows, { train: 2, val: 0, test: 0 });
  assert.ok(r.build.sourceSkips.some((s) => s.reason.startsWith("HOSPITAL_EXPIRE_FLAG is '2'")));
});

test("the MIMIC-III demo has no notes: nothing is built, the build manifest says why", async () => {
  const dir = tempDir();
  const r = await buildCoreTasks({ source: "mimic3", dir: "data/mimic-iii-demo", out: dir });
  assert.equal(r.build.status, "no-notes");
  assert.match(r.build.message, /has no notes \(its note table has no rows\), so no note tasks were built/);
  assert.deepEqual(r.tasks, []);
  assert.deepEqual(readdirSync(dir), ["build-manifest.json"]);
});

test("notes of which none survives: an error naming the largest drops, the build manifest kept", async () => {
  const src = tempDir();
  for (const f of readdirSync(HOSPITAL)) copyFileSync(join(HOSPITAL, f), join(src, f));
  writeFileSync(
    join(src, "NOTEEVENTS.csv"),
    "row_id,subject_id,hadm_id,chartdate,charttime,storetime,category,description,cgid,iserror,text\n" +
      '1,10635,100001,2150-01-02,,,Nursing/other,Report,,,"Chief Complaint:\nx\n\nEnd:"\n' +
      '2,10635,100001,2150-01-02,,,Nursing/other,Report,,,"Resting."\n',
  );
  const dir = tempDir();
  await assert.rejects(
    buildCoreTasks({ source: "mimic3", dir: src, out: dir }),
    /no admission note survived: 2 notes at step 2 \(CATEGORY is not 'Discharge summary'\)/,
  );
  assert.equal(readJson<{ status: string }>(join(dir, "build-manifest.json")).status, "no-notes");
});

test("unknown --source and --tasks are errors listing what is valid", async () => {
  await assert.rejects(
    buildCoreTasks({ source: "mimic5", dir: HOSPITAL, out: tempDir() }),
    /--source: unknown source 'mimic5'; valid sources: mimic3, mimic4, omop, synthea-csv, fhir/,
  );
  assert.throws(
    () => parseTaskList("dia,foo"),
    /--tasks: unknown task 'foo'; valid tasks: DIA_GROUPS_3_DIGITS_adm \(dia\)/,
  );
  assert.deepEqual(
    parseTaskList("los,DIA_GROUPS_3_DIGITS_adm").map((t) => t.name),
    ["DIA_GROUPS_3_DIGITS_adm", "LOS_WEEKS_adm"],
  );
});
