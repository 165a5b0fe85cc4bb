/** Every bundled EHR sample builds every cohort through `prognos ehr build`; `ehr stats` says why one is empty. */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { main } from "../../../src/cli/main.ts";
import { COHORTS } from "../../../src/tasks/ehr/cohorts/cohortRegistry.ts";

const root = mkdtempSync(join(tmpdir(), "prognos-ehr-cli-"));
after(() => rmSync(root, { recursive: true, force: true }));
/** Runs the CLI in this process (a spawn per call costs seconds); stdout captured, a non-zero exit throws. */
async function prognos(args: string[]): Promise<string> {
  const lines: string[] = [];
  const errors: string[] = [];
  const log = console.log;
  const write = process.stderr.write;
  console.log = (...a: unknown[]) => void lines.push(a.join(" "));
  process.stderr.write = ((chunk: string) => errors.push(String(chunk)) > 0) as typeof process.stderr.write;
  try {
    const code = await main(args);
    if (code !== 0) throw new Error(errors.join(""));
  } finally {
    console.log = log;
    process.stderr.write = write;
  }
  return lines.join("\n");
}

const SAMPLES: [string, string][] = [
  ["mimic3", "data/mimic-iii-demo"],
  ["omop", "data/omop-synthea27nj"],
  ["synthea-csv", "data/synthea-csv"],
  ["fhir", "data/synthea-fhir"],
];

test("prognos ehr cohorts lists the registry", async () => {
  const text = await prognos(["ehr", "cohorts"]);
  for (const c of COHORTS) assert.match(text, new RegExp(`^${c.name} `, "m"));
});

for (const [source, dir] of SAMPLES) {
  test(`every cohort builds from ${dir}`, async () => {
    for (const c of COHORTS) {
      const out = join(root, `${source}-${c.name}`);
      const text = await prognos(["ehr", "build", "--source", source, "--dir", dir, "--cohort", c.name, "--out", out]);
      for (const f of ["sequences.parquet", "sequences.jsonl", "vocab.json", "manifest.json"])
        assert.ok(existsSync(join(out, f)), `${out}/${f}`);
      const stats = JSON.parse(await prognos(["ehr", "stats", out, "--json"])) as {
        patients: number;
        cases: number;
        controls: number;
        unlabeled: number;
        emptyReason: string | null;
      };
      if (c.kind === "all") {
        // pretrain: every patient with a code, none labelled, none of the test split
        assert.ok(stats.patients > 0 && stats.unlabeled === stats.patients, `${source} pretrain`);
        assert.equal(stats.emptyReason, null);
        continue;
      }
      assert.equal(stats.cases + stats.controls, stats.patients);
      if (stats.cases === 0 || stats.controls === 0) {
        assert.ok(stats.emptyReason && stats.emptyReason.length > 20, `${source} ${c.name}: no reason given`);
        assert.match(text, /empty cohort — /);
      } else assert.equal(stats.emptyReason, null);
    }
  });
}

test("a bad --cohort or --max-codes is refused with the value named", async () => {
  const run = async (args: string[]) => {
    try {
      await prognos(args);
      return "";
    } catch (e) {
      return (e as Error).message;
    }
  };
  const base = ["ehr", "build", "--source", "mimic3", "--dir", "data/mimic-iii-demo", "--out", join(root, "bad")];
  assert.match(await run([...base, "--cohort", "nope"]), /unknown cohort 'nope'/);
  assert.match(await run([...base, "--cohort", "dhf", "--max-codes", "600"]), /--max-codes.*600/);
  assert.match(await run([...base, "--cohort", "dhf", "--events", "dx,lab"]), /--events: unknown kind 'lab'/);
});
