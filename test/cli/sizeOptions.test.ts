import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { assertRefused, prognos } from "../helpers/assertRefused.ts";

// Every size option has a documented range, checked before any work; choices are checked, not cast. Each bad value
// is one line naming the flag, the accepted range and the value. (train's flags: trainOptions.test.ts.)

const temp = mkdtempSync(join(tmpdir(), "prognos-size-options-"));
after(() => rmSync(temp, { recursive: true, force: true }));
const OUT = join(temp, "out");
const MODEL = "test/fixtures/bert/tiny-uncased-gelu";

test("synth mimic3 --admissions 99999999999 is refused with its range, not a RangeError stack trace", () => {
  assertRefused(
    ["synth", "mimic3", "--admissions", "99999999999", "--seed", "1", "--out", OUT, "--no-progress"],
    /^prognos: error: --admissions: expected an integer from 1 to 10,000,000, got "99999999999"\n$/,
    60_000,
  );
  const mimic = (...args: string[]) => ["synth", "mimic3", "--seed", "1", "--out", OUT, "--no-progress", ...args];
  assertRefused(
    mimic("--admissions", "100", "--other-notes", "99999999999"),
    /--other-notes: expected an integer from 0 to 400,000,000, got "99999999999"/,
  );
  assertRefused(
    mimic("--admissions", "100", "--patients", "101"),
    /--patients: expected an integer from 1 to 100, got "101"/,
  );
  assertRefused(mimic("--admissions", "1e3"), /--admissions: expected an integer from 1 to 10,000,000, got "1e3"/);
  assert.ok(!existsSync(OUT), "nothing written");
});

test("synth ehr --patients 99999999999 is refused at once, before any file is written", () => {
  const started = Date.now();
  assertRefused(
    ["synth", "ehr", "--patients", "99999999999", "--seed", "1", "--out", OUT, "--no-progress"],
    /^prognos: error: --patients: expected an integer from 1 to 10,000,000, got "99999999999"\n$/,
    30_000,
  );
  assert.ok(Date.now() - started < 30_000);
  assert.ok(!existsSync(OUT), "nothing written");
  assertRefused(
    ["synth", "ehr", "--patients", "10", "--seed", "1", "--out", OUT, "--bad-input-every", "99999999999"],
    /--bad-input-every: expected an integer from 72 to 10,000,000, got "99999999999"/,
  );
});

test("evaluate --split and --checkpoint are checked against their choices", () => {
  const run = join(temp, "no-run");
  assertRefused(
    ["evaluate", run, "--split", "dev"],
    /^prognos: error: --split: expected one of train, val, test, got "dev"\n$/,
  );
  assertRefused(
    ["evaluate", run, "--checkpoint", "first"],
    /^prognos: error: --checkpoint: expected one of best, last, got "first"\n$/,
  );
});

test("evaluate --bootstrap and --seed are parsed strictly (Number() let 'abc' through as NaN)", () => {
  const run = join(temp, "no-run");
  assertRefused(
    ["evaluate", run, "--bootstrap", "abc"],
    /--bootstrap: expected an integer from 0 to 100,000, got "abc"/,
  );
  assertRefused(["evaluate", run, "--bootstrap", "1000001"], /--bootstrap: expected an integer from 0 to 100,000/);
  assertRefused(["evaluate", run, "--seed", ""], /--seed: expected an integer from 0 to 2\^53 − 1, got ""/);
  assertRefused(
    ["evaluate", run, "--batch-size", "100000"],
    /--batch-size: expected an integer from 1 to 65,536, got "100000"/,
  );
  assertRefused(["evaluate", run, "--threads", "5000"], /--threads: expected an integer from 1 to 1,024, got "5000"/);
});

test("ehr build: --max-codes 1…512, --min-count and --seed are checked before DuckDB opens", () => {
  const build = ["ehr", "build", "--source", "omop", "--dir", join(temp, "none"), "--cohort", "dhf", "--out", OUT];
  assertRefused(
    [...build, "--max-codes", "513"],
    /^prognos: error: --max-codes: expected an integer from 1 to 512, got "513"\n$/,
  );
  assertRefused([...build, "--min-count", "0"], /--min-count: expected an integer from 1 to 1,000,000,000, got "0"/);
  assertRefused([...build, "--seed", "-1"], /--seed: expected an integer from 0 to 2\^53 − 1, got "-1"/);
});

test("baseline bow: sizes have maxima; --ngrams and --problem-type are choices", () => {
  const bow = ["baseline", "bow", "--task", join(temp, "no-task"), "--out", OUT];
  assertRefused(
    [...bow, "--bootstrap", "1000000"],
    /--bootstrap: expected an integer from 0 to 100,000, got "1000000"/,
  );
  assertRefused([...bow, "--max-features", "0"], /--max-features: expected an integer from 1 to 10,000,000, got "0"/);
  assertRefused([...bow, "--epochs", "1e2"], /--epochs: expected an integer from 1 to 10,000, got "1e2"/);
  assertRefused([...bow, "--weight-decay", ""], /--weight-decay: expected a number ≥ 0, got ""/);
  assertRefused(
    [...bow, "--min-df", "2.5"],
    /--min-df: expected an integer from 1 to 1,000,000,000, or a fraction in \(0, 1\), got "2\.5"/,
  );
  assertRefused([...bow, "--ngrams", "3"], /--ngrams: expected one of 1, 2, got "3"/);
  assertRefused(
    [...bow, "--problem-type", "regression"],
    /--problem-type: expected one of multi_label_classification, single_label_classification, got "regression"/,
  );
});

test("demo --admissions has a maximum; tokenize, embed and tasks build check theirs", () => {
  assertRefused(
    ["demo", "--out", OUT, "--admissions", "10000000"],
    /^prognos: error: --admissions: expected an integer from 50 to 100,000, got "10000000"\n$/,
    60_000,
  );
  assertRefused(["demo", "--out", OUT, "--threads", "0"], /--threads: expected an integer from 1 to 1,024, got "0"/);
  assertRefused(
    ["tokenize", "--model", MODEL, "--max-length", "2000000", "text"],
    /--max-length: expected an integer from 2 to 1,000,000, got "2000000"/,
  );
  assertRefused(
    ["embed", "--model", MODEL, "--threads", "2.5", "text"],
    /--threads: expected an integer from 1 to 1,024, got "2\.5"/,
  );
  assertRefused(
    ["tasks", "build", "--source", "mimic3", "--dir", join(temp, "none"), "--out", OUT, "--seed", "1.5"],
    /--seed: expected an integer from 0 to 2\^53 − 1, got "1\.5"/,
  );
  assert.ok(!existsSync(OUT), "nothing written");
});

test("--help states the ranges", () => {
  const help = (...args: string[]) => prognos([...args, "--help"]).stdout.replace(/\s+/g, " ");
  assert.match(help("synth", "mimic3"), /--admissions <n> number of admissions .*\(1 to 10,000,000\) \(required\)/);
  assert.match(help("synth", "ehr"), /--patients <n> number of patients \(1 to 10,000,000\) \(required\)/);
  assert.match(help("ehr", "build"), /--max-codes <n> keep the most recent N codes \(1 to 512\)/);
  assert.match(help("evaluate"), /--bootstrap <n> .*\(0 to 100,000\)/);
  assert.match(help("train"), /--max-length <n> .*\(2 to 8,192\)/);
});
