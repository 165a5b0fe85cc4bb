// `prognos synth ehr` end to end, in a child process as a user runs it.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";

const ROOT = join(import.meta.dirname, "../../..");
const prognos = (...args: string[]) =>
  spawnSync(process.execPath, [join(ROOT, "bin/prognos.js"), ...args], { cwd: ROOT, encoding: "utf8" });
const dir = mkdtempSync(join(tmpdir(), "prognos-synth-ehr-cli-"));
after(() => rmSync(dir, { recursive: true, force: true }));

test("synth ehr --format omop: the CDM tables, a manifest and a summary; refuses to overwrite without --overwrite", () => {
  const out = join(dir, "omop");
  const r = prognos(
    "synth",
    "ehr",
    "--patients",
    "80",
    "--seed",
    "4",
    "--format",
    "omop",
    "--out",
    out,
    "--no-progress",
  );
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /OMOP CDM 5\.4, diagnoses in snomed/);
  assert.match(r.stdout, /80 patients written of 80/);
  assert.match(r.stdout, /DHF cohort: \d+ type-2 diabetics/);
  assert.match(r.stdout, /bad-input rows: 6 /);
  for (const f of [
    "PERSON",
    "VISIT_OCCURRENCE",
    "CONDITION_OCCURRENCE",
    "DRUG_EXPOSURE",
    "PROCEDURE_OCCURRENCE",
    "DEATH",
    "OBSERVATION_PERIOD",
    "CONCEPT",
  ]) {
    assert.ok(existsSync(join(out, `${f}.csv`)), f);
  }
  assert.equal(readFileSync(join(out, "PERSON.csv"), "utf8").trim().split("\n").length, 81);
  const manifest = JSON.parse(readFileSync(join(out, "synth-ehr-manifest.json"), "utf8"));
  assert.equal(manifest.options.patients, 80);
  const again = prognos("synth", "ehr", "--patients", "80", "--seed", "4", "--out", out, "--no-progress");
  assert.equal(again.status, 1);
  assert.equal(
    again.stderr,
    `prognos: error: --out ${out}: already holds a synthetic EHR (PERSON.csv, OBSERVATION_PERIOD.csv, ` +
      "VISIT_OCCURRENCE.csv, CONDITION_OCCURRENCE.csv, …); pass --overwrite to replace it\n",
  );
  const over = prognos(
    "synth",
    "ehr",
    "--patients",
    "80",
    "--seed",
    "4",
    "--out",
    out,
    "--no-progress",
    "--overwrite",
    "--clean",
    "--condition-codes",
    "icd10",
  );
  assert.equal(over.status, 0, over.stderr);
  assert.match(over.stdout, /diagnoses in icd10/);
  assert.match(over.stdout, /bad-input rows: none/);
});

test("synth ehr --format mimic3: the MIMIC-III tables, stays only", () => {
  const out = join(dir, "mimic3");
  const r = prognos(
    "synth",
    "ehr",
    "--patients",
    "120",
    "--seed",
    "4",
    "--format",
    "mimic3",
    "--out",
    out,
    "--no-progress",
  );
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /\(MIMIC-III\)/);
  assert.match(r.stdout, /0 outpatient, 0 emergency, \d+ inpatient visits/);
  for (const f of [
    "PATIENTS",
    "ADMISSIONS",
    "DIAGNOSES_ICD",
    "PROCEDURES_ICD",
    "PRESCRIPTIONS",
    "D_ICD_DIAGNOSES",
    "D_ICD_PROCEDURES",
    "NOTEEVENTS",
  ]) {
    assert.ok(existsSync(join(out, `${f}.csv`)), f);
  }
});

test("synth ehr: user errors name the argument and exit 1 without a stack trace; synth --help lists ehr", () => {
  const bad = (args: string[], message: RegExp) => {
    const r = prognos("synth", "ehr", "--out", join(dir, "x"), "--no-progress", ...args);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, message);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  };
  bad(["--patients", "0", "--seed", "1"], /--patients: expected an integer from 1 to 10,000,000, got "0"/);
  bad(["--patients", "5", "--seed", "1", "--format", "fhir"], /--format: expected one of omop, mimic3, got "fhir"/);
  bad(
    ["--patients", "5", "--seed", "1", "--condition-codes", "loinc"],
    /--condition-codes: expected one of snomed, icd10, icd9/,
  );
  bad(["--patients", "5", "--seed", "1", "--format", "mimic3", "--condition-codes", "snomed"], /ICD-9-CM only/);
  const help = prognos("synth", "--help");
  assert.match(help.stdout, /ehr \[options\]/);
});

test("synth ehr --json: one summary object whose counts match the files and the manifest written", () => {
  const out = join(dir, "json");
  const r = prognos("synth", "ehr", "--patients", "60", "--seed", "5", "--out", out, "--json");
  assert.equal(r.status, 0, r.stderr);
  const s = JSON.parse(r.stdout);
  assert.equal(s.out, out);
  assert.equal(s.patients, 60);
  assert.equal(s.format, "omop");
  const manifest = JSON.parse(readFileSync(join(out, "synth-ehr-manifest.json"), "utf8"));
  assert.deepEqual(s.rows, manifest.rows);
  assert.equal(s.badRows.length, manifest.badRows.length);
  for (const f of ["PERSON.csv", "DEATH.csv", "VISIT_OCCURRENCE.csv"]) {
    assert.equal(s.rows[f], readFileSync(join(out, f), "utf8").trim().split("\n").length - 1, f);
  }
  assert.deepEqual(
    s.files,
    [...Object.keys(s.rows), "synth-ehr-manifest.json"].map((f) => join(out, f)),
  );
});
