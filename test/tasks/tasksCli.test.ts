import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import type { TasksStats } from "../../src/tasks/taskStats.ts";

const temps: string[] = [];
after(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), "prognos-cli-"));
  temps.push(d);
  return d;
};

function prognos(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ["bin/prognos.js", ...args], { encoding: "utf8" });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Phrases from the fixture's notes: none may ever reach the terminal. */
const NOTE_TEXT = ["Shortness of breath", "pancreatitis", "trying to quit", "pt expired", "Chest pain"];
const assertNoNoteText = (s: string) => NOTE_TEXT.forEach((p) => assert.ok(!s.includes(p), `printed note text: ${p}`));

test("tasks build + tasks stats on the hand-written hospital: files, summary, stats text and JSON", () => {
  const out = tempDir();
  const build = prognos("tasks", "build", "--source", "mimic3", "--dir", "test/fixtures/mimic3/hospital", "--out", out);
  assert.equal(build.code, 0, build.stderr);
  assert.match(
    build.stdout,
    /^17 admission notes \(mimic3: CORe reference rules \(docs\/core-method\.md §1\)\); tasks written to /,
  );
  assert.match(build.stdout, /DIA_GROUPS_3_DIGITS_adm\s+train 10 {2}val 3 {2}test 2\n/);
  assert.match(build.stdout, /LOS_WEEKS_adm\s+train 9 {2}val 0 {2}test 2\n/);
  assert.match(build.stderr, /prognos: building admission notes\n/);
  assertNoNoteText(build.stdout + build.stderr);
  assert.deepEqual(readdirSync(join(out, "MP_IN_adm")).sort(), [
    "labels.csv",
    "labels.json",
    "manifest.json",
    "test.csv",
    "test.parquet",
    "train.csv",
    "train.parquet",
    "val.csv",
    "val.parquet",
  ]);

  const text = prognos("tasks", "stats", out);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /step 3 {8}2 notes {6}same TEXT as a later note/);
  assert.match(text.stdout, /MP_IN_adm .*\n {2}rows {9}train 10 {2}val 1 {2}test 1\n/);
  assert.match(text.stdout, /death rate {3}train 10\.0% {2}val 100\.0% {2}test 0\.0%/);
  assert.match(text.stdout, /class 2 {6}train 1 {2}val 0 {2}test 1 {2}more than 7, up to 14 days/);
  assert.match(text.stdout, /per row {6}train 3\.00 {2}val 2\.67 {2}test 2\.00 \(mean labels per admission\)/);
  assertNoNoteText(text.stdout);

  const json = prognos("tasks", "stats", out, "--json");
  const stats = JSON.parse(json.stdout) as TasksStats;
  assert.deepEqual(
    stats.tasks.map((t) => [t.task, t.rows]),
    [
      ["DIA_GROUPS_3_DIGITS_adm", { train: 10, val: 3, test: 2 }],
      ["PRO_GROUPS_3_DIGITS_adm", { train: 7, val: 2, test: 1 }],
      ["MP_IN_adm", { train: 10, val: 1, test: 1 }],
      ["LOS_WEEKS_adm", { train: 9, val: 0, test: 2 }],
    ],
  );
  const dia = stats.tasks[0]!;
  assert.deepEqual(dia.topLabels[0], { label: "427", title: "Cardiac dysrhythmia", rows: 4 });
  assert.equal(dia.labelsSeen, 33);
  assert.equal(dia.labelsListed, 36);
  assert.deepEqual(stats.tasks[2]!.deathRate, { train: 0.1, val: 1, test: 0 });
  assert.equal(stats.noteDrops.length, 8);

  const one = prognos("tasks", "stats", join(out, "LOS_WEEKS_adm"), "--json");
  assert.deepEqual((JSON.parse(one.stdout) as TasksStats).tasks[0]!.classCounts, {
    "0": { train: 3, val: 0, test: 0 },
    "1": { train: 4, val: 0, test: 1 },
    "2": { train: 1, val: 0, test: 1 },
    "3": { train: 1, val: 0, test: 0 },
  });
});

test("the MIMIC-III demo: exit 0, a plain 'no note tasks' message, and stats say so too", () => {
  const out = tempDir();
  const r = prognos(
    "tasks",
    "build",
    "--source",
    "mimic3",
    "--dir",
    "data/mimic-iii-demo",
    "--out",
    out,
    "--no-progress",
  );
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^No note tasks built: the mimic3 source in .*mimic-iii-demo has no notes/);
  assert.equal(r.stderr, "");
  const stats = prognos("tasks", "stats", out);
  assert.equal(stats.code, 0);
  assert.match(stats.stdout, /no note tasks: the mimic3 source/);
});

test("every bundled sample through the one command: FHIR builds SNOMED-labelled tasks, the others say 'no notes'", () => {
  const fhir = prognos(
    "tasks",
    "build",
    "--source",
    "fhir",
    "--dir",
    "data/synthea-fhir",
    "--out",
    tempDir(),
    "--no-progress",
  );
  assert.equal(fhir.code, 0, fhir.stderr);
  assert.match(fhir.stdout, /^49 admission notes \(fhir: Synthea DocumentReference notes, /);
  assert.match(fhir.stdout, /DIA_GROUPS_3_DIGITS_adm\s+train 4 {2}val 0 {2}test 1\n/);
  assert.match(fhir.stdout, /PRO_GROUPS_3_DIGITS_adm\s+train 3 {2}val 0 {2}test 44\n/);
  assert.match(fhir.stdout, /MP_IN_adm\s+train 4 {2}val 0 {2}test 45\n/);
  assert.match(fhir.stdout, /LOS_WEEKS_adm\s+train 4 {2}val 0 {2}test 45\n/);
  for (const [source, dir] of [
    ["omop", "data/omop-synthea27nj"],
    ["synthea-csv", "data/synthea-csv"],
  ]) {
    const r = prognos("tasks", "build", "--source", source!, "--dir", dir!, "--out", tempDir(), "--no-progress");
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^No note tasks built: the ${source} source in .* has no notes \\(`));
    assert.equal(r.stderr, "");
  }
  const m4 = tempDir();
  const mimic4 = prognos(
    "tasks",
    "build",
    "--source",
    "mimic4",
    "--dir",
    "test/fixtures/tasks/mimic4",
    "--out",
    m4,
    "--icd10-only",
  );
  assert.equal(mimic4.code, 0, mimic4.stderr);
  assert.match(mimic4.stdout, /^7 admission notes \(mimic4: /);
  assert.match(
    mimic4.stdout,
    /\n1 diagnosis\/procedure code rows got no label \(1 reasons; labelSkips in build-manifest.json\)\n/,
  );
  const stats = prognos("tasks", "stats", m4);
  assert.match(stats.stdout, /stay filter: --icd10-only: admissions coded in ICD-10 only/);
  assert.match(stats.stdout, /rows the reader skipped .*\n +1 {2}hosp\/admissions\.csv: missing end time \(rows 9…\)/);
  assert.match(stats.stdout, /1 {2}hosp\/procedures_icd: code without a label: not an ICD-10-PCS procedure code/);
  assertNoNoteText(fhir.stdout + fhir.stderr + mimic4.stdout + stats.stdout);
});

test("bad arguments: exit 1 with one line naming the argument and what is valid", () => {
  const out = tempDir();
  const unknown = prognos("tasks", "build", "--source", "mimic5", "--dir", "x", "--out", out);
  assert.equal(unknown.code, 1);
  assert.equal(
    unknown.stderr,
    "prognos: error: --source: unknown source 'mimic5'; valid sources: mimic3, mimic4, omop, synthea-csv, fhir, meds\n",
  );
  const tasks = prognos("tasks", "build", "--source", "mimic3", "--dir", "x", "--out", out, "--tasks", "dia,xyz");
  assert.equal(tasks.code, 1);
  assert.match(tasks.stderr, /^prognos: error: --tasks: unknown task 'xyz'; valid tasks: /);
  const seed = prognos("tasks", "build", "--source", "mimic3", "--dir", "x", "--out", out, "--seed", "-3");
  assert.equal(seed.code, 1);
  assert.match(seed.stderr, /--seed: expected an integer from 0 to 2\^53 − 1, got "-3"/);
  const missing = prognos("tasks", "build", "--source", "mimic3", "--dir", "test/fixtures/mimic3/none", "--out", out);
  assert.equal(missing.code, 1);
  assert.match(
    missing.stderr,
    /prognos: error: .*test\/fixtures\/mimic3\/none: the MIMIC-III folder does not exist\n$/,
  );
  const stats = prognos("tasks", "stats", out);
  assert.equal(stats.code, 1);
  assert.match(stats.stderr, /no task folders/);
});

test("tasks build --json: one object on stdout matching the manifests written; phases stay on stderr", () => {
  const out = tempDir();
  const r = prognos(
    ...["tasks", "build", "--source", "mimic3", "--dir", "test/fixtures/mimic3/hospital", "--out", out],
    ...["--tasks", "mp,los", "--json"],
  );
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /prognos: building admission notes\n/);
  const json = JSON.parse(r.stdout);
  const build = JSON.parse(readFileSync(join(out, "build-manifest.json"), "utf8"));
  assert.equal(json.out, out);
  assert.equal(json.buildManifest, join(out, "build-manifest.json"));
  assert.equal(json.status, build.status);
  assert.equal(json.admissionNotes.kept, build.admissionNotes.kept);
  assert.deepEqual(
    json.tasks.map((t: { task: string }) => t.task),
    build.tasks,
  );
  for (const t of json.tasks) {
    const manifest = JSON.parse(readFileSync(join(t.folder, "manifest.json"), "utf8"));
    assert.deepEqual(t.rows, manifest.rows);
    assert.equal(t.labels, JSON.parse(readFileSync(join(t.folder, "labels.json"), "utf8")).labels.length);
  }
  assertNoNoteText(r.stdout + r.stderr);
});

test("tasks build refuses an earlier build unless --overwrite, which replaces it whole", () => {
  const out = tempDir();
  const args = ["tasks", "build", "--source", "mimic3", "--dir", "test/fixtures/mimic3/hospital", "--out", out];
  assert.equal(prognos(...args, "--tasks", "mp", "--no-progress").code, 0);
  const again = prognos(...args, "--tasks", "los", "--no-progress");
  assert.equal(again.code, 1);
  assert.equal(
    again.stderr,
    `prognos: error: --out ${out}: already holds a task build (build-manifest.json, MP_IN_adm); pass --overwrite to replace it\n`,
  );
  const over = prognos(...args, "--tasks", "los", "--no-progress", "--overwrite");
  assert.equal(over.code, 0, over.stderr);
  assert.deepEqual(
    readdirSync(out).sort(),
    ["LOS_WEEKS_adm", "build-manifest.json"],
    "MP_IN_adm of the old build is gone",
  );
});
