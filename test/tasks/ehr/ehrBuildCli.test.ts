// `prognos ehr build` as a user runs it: --json, the overwrite policy, and a cohort folder given where a task goes.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";

const root = mkdtempSync(join(tmpdir(), "prognos-ehr-build-cli-"));
after(() => rmSync(root, { recursive: true, force: true }));
const prognos = (...args: string[]) => spawnSync(process.execPath, ["bin/prognos.js", ...args], { encoding: "utf8" });
const cohort = join(root, "dhf");
const build = (...more: string[]) =>
  prognos(
    "ehr",
    "build",
    "--source",
    "omop",
    "--dir",
    "data/omop-synthea27nj",
    "--cohort",
    "dhf",
    "--out",
    cohort,
    ...more,
  );

test("ehr build --json: one object with the files written and what `ehr stats` says of them", () => {
  const r = build("--json");
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /^prognos: reading omop tables in /, "phases stay on stderr");
  const json = JSON.parse(r.stdout);
  assert.equal(json.out, cohort);
  assert.deepEqual(
    json.files,
    ["sequences.parquet", "sequences.jsonl", "vocab.json", "manifest.json"].map((f) => join(cohort, f)),
  );
  const sequences = readFileSync(join(cohort, "sequences.jsonl"), "utf8").trim().split("\n").filter(Boolean);
  assert.equal(json.patients, sequences.length);
  assert.equal(json.cases, sequences.filter((l) => JSON.parse(l).label === 1).length);
  assert.equal(json.vocabulary.size, JSON.parse(readFileSync(join(cohort, "vocab.json"), "utf8")).length);
  assert.equal(json.cohort, "dhf");
  const stats = prognos("ehr", "stats", cohort, "--json");
  assert.deepEqual(
    { ...json, out: undefined, files: undefined },
    { ...JSON.parse(stats.stdout), out: undefined, files: undefined },
  );
});

test("ehr build refuses an earlier cohort in --out unless --overwrite", () => {
  const again = build();
  assert.equal(again.status, 1);
  assert.equal(
    again.stderr,
    `prognos: error: --out ${cohort}: already holds an EHR cohort (sequences.parquet, sequences.jsonl, vocab.json, ` +
      "manifest.json); pass --overwrite to replace it\n",
  );
  const over = build("--overwrite", "--max-codes", "8");
  assert.equal(over.status, 0, over.stderr);
  assert.equal(JSON.parse(readFileSync(join(cohort, "manifest.json"), "utf8")).options.maxCodes, 8);
});

test("a cohort folder given as --task says what it is and which command reads it", () => {
  for (const args of [
    ["train", "--model", "test/fixtures/bert/tiny-uncased-gelu", "--task", cohort, "--out", join(root, "run")],
    ["baseline", "bow", "--task", cohort, "--out", join(root, "bow")],
  ]) {
    const r = prognos(...args);
    assert.equal(r.status, 1, r.stderr);
    assert.equal(
      r.stderr,
      `prognos: error: ${cohort}: an EHR cohort (code sequences) built by \`prognos ehr build\`, not a task of ` +
        `notes and labels: no model reads cohorts yet; \`prognos ehr stats ${cohort}\` describes it\n`,
    );
  }
});
