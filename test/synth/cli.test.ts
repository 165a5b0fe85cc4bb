import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";

const ROOT = join(import.meta.dirname, "../..");
const prognos = (...args: string[]) =>
  spawnSync(process.execPath, [join(ROOT, "bin/prognos.js"), ...args], { cwd: ROOT, encoding: "utf8" });

test("prognos synth mimic3 writes the seven tables and a summary, end to end", () => {
  const dir = mkdtempSync(join(tmpdir(), "prognos-synth-cli-"));
  try {
    const out = join(dir, "hospital");
    const r = prognos(
      "synth",
      "mimic3",
      "--admissions",
      "120",
      "--other-notes",
      "150",
      "--seed",
      "9",
      "--out",
      out,
      "--no-progress",
    );
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /, 120 admissions, \d+ in-hospital deaths/);
    assert.match(r.stdout, /other notes: 150 /);
    for (const f of [
      "PATIENTS",
      "ADMISSIONS",
      "DIAGNOSES_ICD",
      "PROCEDURES_ICD",
      "NOTEEVENTS",
      "D_ICD_DIAGNOSES",
      "D_ICD_PROCEDURES",
    ]) {
      assert.ok(existsSync(join(out, `${f}.csv`)), f);
    }
    assert.equal(readFileSync(join(out, "ADMISSIONS.csv"), "utf8").trim().split("\n").length, 121);
    const again = prognos("synth", "mimic3", "--admissions", "120", "--seed", "9", "--out", out, "--no-progress");
    assert.equal(again.status, 1);
    assert.match(again.stderr, /ADMISSIONS\.csv|PATIENTS\.csv/);
    assert.match(again.stderr, /--overwrite/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("bad arguments are named in a one-line error and exit 1", () => {
  const r = prognos("synth", "mimic3", "--admissions", "0", "--seed", "1", "--out", join(tmpdir(), "never-written"));
  assert.equal(r.status, 1);
  assert.match(r.stderr, /--admissions: expected an integer from 1 to 10,000,000, got "0"/);
  assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
  const s = prognos("synth", "mimic3", "--admissions", "10", "--seed", "-3", "--out", join(tmpdir(), "never-written"));
  assert.equal(s.status, 1);
  assert.match(s.stderr, /--seed/);
});

test("synth mimic3 --json: one summary object whose counts match the files written", () => {
  const dir = mkdtempSync(join(tmpdir(), "prognos-synth-cli-"));
  try {
    const out = join(dir, "hospital");
    const r = prognos(
      "synth",
      "mimic3",
      "--admissions",
      "60",
      "--other-notes",
      "20",
      "--seed",
      "3",
      "--out",
      out,
      "--json",
    );
    assert.equal(r.status, 0, r.stderr);
    const s = JSON.parse(r.stdout);
    assert.equal(s.out, out);
    assert.equal(s.seed, 3);
    assert.equal(s.admissions, 60);
    assert.equal(s.notes.otherNotes, 20);
    const lines = (f: string) => readFileSync(join(out, f), "utf8").trim().split("\n").length - 1;
    // Tables without note text have one line per row.
    for (const f of ["PATIENTS.csv", "ADMISSIONS.csv", "DIAGNOSES_ICD.csv", "PROCEDURES_ICD.csv"]) {
      assert.equal(s.rows[f], lines(f), f);
    }
    assert.equal(s.patients, lines("PATIENTS.csv"));
    assert.deepEqual(
      s.files.map((f: string) => existsSync(f)),
      s.files.map(() => true),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
