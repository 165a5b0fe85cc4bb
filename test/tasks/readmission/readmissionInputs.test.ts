// The readmission tasks' options and refusals: --balance-train, another splitter, a notes table without CHARTTIME,
// MIMIC-IV (discharge only), sources without MIMIC admission types, and the task list.
import assert from "node:assert/strict";
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { buildCoreTasks } from "../../../src/tasks/buildCoreTasks.ts";
import { parseTaskList } from "../../../src/tasks/coreTasks.ts";
import { BALANCE_REASON } from "../../../src/tasks/readmission/readmissionRows.ts";
import { seededHashSplitter } from "../../../src/tasks/splits/seededHashSplit.ts";
import type { TaskManifest } from "../../../src/tasks/taskManifest.ts";
import { csvField } from "../../../src/util/csvField.ts";
import { parseCsv, readJson } from "../taskFiles.ts";
import { FIXTURE, rowsOf, tempDir } from "./readmissionFiles.ts";

const DISCHARGE = "READMISSION_30D_discharge";

test("--balance-train samples train negatives down to the train positives; val and test are untouched", async () => {
  const plain = tempDir();
  const balanced = tempDir();
  await buildCoreTasks({ source: "mimic3", dir: FIXTURE, out: plain, tasks: parseTaskList("readmit-discharge") });
  await buildCoreTasks({
    source: "mimic3",
    dir: FIXTURE,
    out: balanced,
    tasks: parseTaskList("readmit-discharge"),
    balanceTrain: true,
  });
  const m = readJson<TaskManifest>(join(balanced, DISCHARGE, "manifest.json"));
  assert.deepEqual(m.labelCounts["1"], { train: 4, val: 1, test: 1 });
  assert.deepEqual(m.labelCounts["0"], { train: 4, val: 1, test: 4 });
  assert.equal(m.drops.task.find((d) => d.reason === BALANCE_REASON)?.count, 1);
  assert.equal(m.readmission!.balanceTrain, true);
  assert.equal(m.readmission!.positiveRate.train, 0.5);
  for (const split of ["val", "test"] as const) {
    const a = [...rowsOf(plain, DISCHARGE)].filter(([, r]) => r.split === split);
    const b = [...rowsOf(balanced, DISCHARGE)].filter(([, r]) => r.split === split);
    assert.deepEqual(b, a, split);
  }
});

test("another splitter (a seeded hash of the patient) still keeps each patient in one split", async () => {
  const out = tempDir();
  await buildCoreTasks({
    source: "mimic3",
    dir: FIXTURE,
    out,
    tasks: parseTaskList("readmit-discharge"),
    splitter: seededHashSplitter(5),
  });
  const admissions = parseCsv(readFileSync(join(FIXTURE, "ADMISSIONS.csv"), "utf8")).rows.slice(1);
  const patientOf = new Map(admissions.map((r) => [r[2]!, r[1]!]));
  const seen = new Map<string, string>();
  const rows = rowsOf(out, DISCHARGE);
  assert.ok(rows.has("200015"), "a patient outside CORe's lists is in a hash split");
  for (const [id, r] of rows) {
    const p = patientOf.get(id)!;
    assert.equal(seen.get(p) ?? r.split, r.split, p);
    seen.set(p, r.split);
  }
});

test("a NOTEEVENTS without CHARTTIME: --early-window charttime is a clear error; chartdate builds", async () => {
  const dir = tempDir();
  cpSync(FIXTURE, dir, { recursive: true });
  const rows = parseCsv(readFileSync(join(FIXTURE, "NOTEEVENTS.csv"), "utf8")).rows.filter((r) => r.length > 1);
  const without = rows.map((r) =>
    r
      .filter((_, i) => i !== 4)
      .map((v) => csvField(v, "needed"))
      .join(","),
  );
  writeFileSync(join(dir, "NOTEEVENTS.csv"), `${without.join("\n")}\n`);
  await assert.rejects(
    buildCoreTasks({
      source: "mimic3",
      dir,
      out: tempDir(),
      tasks: parseTaskList("readmit-2d"),
      earlyWindow: "charttime",
    }),
    /--early-window charttime: NOTEEVENTS in .* has no CHARTTIME column; the default window \(chartdate, the reference's rule\) needs only CHARTDATE/,
  );
  const out = tempDir();
  await buildCoreTasks({ source: "mimic3", dir, out, tasks: parseTaskList("readmit-2d") });
  assert.ok(rowsOf(out, "READMISSION_30D_early_2d").has("200014"));
});

test("MIMIC-IV: the discharge variant builds; the early variants are refused, saying why", async () => {
  const out = tempDir();
  await buildCoreTasks({ source: "mimic4", dir: "test/fixtures/tasks/mimic4", out, tasks: parseTaskList(DISCHARGE) });
  const rows = rowsOf(out, DISCHARGE);
  // 21000005 → 21000006 (both EW EMER.) 16.9 days after discharge; 21000003 died
  assert.equal(rows.get("21000005")?.label, "1");
  assert.ok(!rows.has("21000003"));
  for (const [id, r] of rows) if (id !== "21000005") assert.equal(r.label, "0", id);
  for (const tasks of ["readmit-2d", "readmit-discharge,readmit-3d"]) {
    await assert.rejects(
      buildCoreTasks({
        source: "mimic4",
        dir: "test/fixtures/tasks/mimic4",
        out: tempDir(),
        tasks: parseTaskList(tasks),
      }),
      /MIMIC-IV-Note holds discharge summaries \(and radiology reports\), no physician or nursing notes of the first days/,
    );
  }
});

test("sources without MIMIC admission types and --icd10-only are refused before anything is read", async () => {
  await assert.rejects(
    buildCoreTasks({ source: "fhir", dir: "/nonexistent", out: tempDir(), tasks: parseTaskList("readmit-discharge") }),
    /the fhir source has no MIMIC ADMISSION_TYPE/,
  );
  await assert.rejects(
    buildCoreTasks({
      source: "mimic4",
      dir: "/nonexistent",
      out: tempDir(),
      tasks: parseTaskList("readmit-discharge"),
      icd10Only: true,
    }),
    /--icd10-only: not for READMISSION_30D_discharge/,
  );
});

test("--tasks: names and aliases of both families, CORe's four by default", () => {
  assert.deepEqual(
    parseTaskList("readmit-3d,mp,READMISSION_30D_discharge").map((t) => t.name),
    ["MP_IN_adm", "READMISSION_30D_discharge", "READMISSION_30D_early_3d"],
  );
  assert.equal(parseTaskList(undefined).length, 4);
  assert.throws(() => parseTaskList("readmission"), /unknown task 'readmission'; valid tasks: .*readmit-2d/);
});

test("a build with CORe's tasks and the readmission tasks shares one split and one build manifest", async () => {
  const out = tempDir();
  const r = await buildCoreTasks({ source: "mimic3", dir: FIXTURE, out, tasks: parseTaskList("mp,readmit-discharge") });
  assert.deepEqual(r.build.tasks, ["MP_IN_adm", DISCHARGE]);
  const mp = readJson<TaskManifest>(join(out, "MP_IN_adm", "manifest.json"));
  const rd = readJson<TaskManifest>(join(out, DISCHARGE, "manifest.json"));
  assert.equal(mp.split, rd.split);
});
