import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { DuckDBConnection } from "@duckdb/node-api";
import { getSourceReader } from "../../../src/sources/registry.ts";
import type { Timeline } from "../../../src/sources/Timeline.ts";
import { codeSetSql } from "../../../src/tasks/ehr/cohorts/codeSetSql.ts";
import { COHORTS } from "../../../src/tasks/ehr/cohorts/cohortRegistry.ts";
import { createCohortBase, decideCohort, getCohort } from "../../../src/tasks/ehr/cohorts/cohortSql.ts";

const FIXTURE = "test/fixtures/ehr/mimic3";
let tl: Timeline;
before(async () => {
  tl = await getSourceReader("mimic3").open(FIXTURE);
  await createCohortBase(tl.connection);
});
after(() => tl.close());

async function rows(conn: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  return (await conn.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
}

async function decide(name: string): Promise<Map<string, { status: string; index: string | null }>> {
  await decideCohort(tl.connection, getCohort(name));
  const out = new Map<string, { status: string; index: string | null }>();
  for (const r of await rows(
    tl.connection,
    "SELECT patient_id, status, CAST(index_time AS VARCHAR) AS t FROM ehr_decided",
  ))
    out.set(String(r.patient_id), { status: String(r.status), index: r.t === null ? null : String(r.t) });
  return out;
}

test("code sets: ICD-9 250.x0/250.x2 vs 250.x1/250.x3, HF prefixes, ICD-10 and SNOMED", async () => {
  const dhf = getCohort("dhf");
  if (dhf.kind !== "onset") throw new Error("dhf is an onset cohort");
  const cases: [string, string, boolean, boolean][] = [
    ["ICD9", "25000", true, false],
    ["ICD9", "25092", true, false],
    ["ICD9", "25001", false, true],
    ["ICD9", "25013", false, true],
    ["ICD9", "2500", false, false],
    ["ICD9", "24900", false, true],
    ["ICD9", "64880", false, true],
    ["ICD10", "E119", true, false],
    ["ICD10", "E109", false, true],
    ["ICD10", "E232", false, true],
    ["ICD10", "E230", false, false],
    ["SNOMED", "44054006", true, false],
    ["SNOMED", "440540060", false, false],
    ["ICD10", "44054006", false, false],
  ];
  for (const [system, code, t2d, excluded] of cases) {
    const r: Record<string, unknown> = (
      await rows(
        tl.connection,
        `SELECT ${codeSetSql(dhf.qualifying?.codes, `'${system}'`, `'${code}'`)} AS q, ${codeSetSql(dhf.exclude, `'${system}'`, `'${code}'`)} AS x`,
      )
    )[0]!;
    assert.deepEqual([r.q, r.x], [t2d, excluded], `${system} ${code}`);
  }
  const hf: [string, string, boolean][] = [
    ["ICD9", "4280", true],
    ["ICD9", "42832", true],
    ["ICD9", "40291", true],
    ["ICD9", "40290", false],
    ["ICD9", "40493", true],
    ["ICD9", "40492", false],
    ["ICD10", "I509", true],
    ["ICD10", "I110", true],
    ["ICD10", "I119", false],
    ["ICD10", "I132", true],
    ["SNOMED", "88805009", true],
  ];
  for (const [system, code, want] of hf) {
    const r: Record<string, unknown> = (
      await rows(tl.connection, `SELECT ${codeSetSql(dhf.outcome, `'${system}'`, `'${code}'`)} AS o`)
    )[0]!;
    assert.equal(r.o, want, `HF ${system} ${code}`);
  }
});

test("dhf: case, near cases excluded, control at the last encounter, exclusions", async () => {
  const d = await decide("dhf");
  assert.deepEqual(d.get("1"), { status: "case", index: "2100-06-01 08:00:00" });
  assert.match(d.get("2")!.status, /^near case/);
  assert.match(d.get("3")!.status, /^near case/);
  assert.deepEqual(d.get("4"), { status: "control", index: "2100-05-01 08:00:00" });
  assert.equal(d.get("5")!.status, "excluded diagnosis (any time)");
  assert.equal(d.get("6")!.status, "fewer than 2 qualifying encounters");
  assert.equal(d.get("7")!.status, "excluded diagnosis (any time)");
  assert.equal(d.get("12")!.status, "fewer than 2 qualifying encounters");
});

test("paca: case at first diagnosis, age ≥ 45, no earlier cancer, no birth date counted", async () => {
  const d = await decide("paca");
  assert.deepEqual(d.get("8"), { status: "case", index: "2100-03-01 08:00:00" });
  assert.equal(d.get("9")!.status, "under 45 at the index");
  assert.equal(d.get("10")!.status, "excluded diagnosis before the index");
  assert.equal(d.get("11")!.status, "no birth date (age criterion)");
  assert.deepEqual(d.get("13"), { status: "control", index: "2100-06-01 08:00:00" });
});

test("mortality and prolonged-los: the last inpatient stay, index = its admission", async () => {
  const m = await decide("mortality");
  assert.deepEqual(m.get("12"), { status: "case", index: "2100-01-20 08:00:00" });
  assert.deepEqual(m.get("13"), { status: "control", index: "2100-06-01 08:00:00" });
  const p = await decide("prolonged-los");
  assert.deepEqual(p.get("12"), { status: "case", index: "2100-01-20 08:00:00" });
  assert.deepEqual(p.get("13"), { status: "control", index: "2100-06-01 08:00:00" });
  assert.equal(p.get("1")!.status, "control");
});

test("readmission-30d: index = the discharge followed by an admission within 30 days; controls: last discharge", async () => {
  const r = await decide("readmission-30d");
  assert.deepEqual(r.get("1"), { status: "case", index: "2100-01-03 08:00:00" });
  // patient 12's second stay ends in death: the first discharge (17 days before it) is the index
  assert.deepEqual(r.get("12"), { status: "case", index: "2100-01-03 08:00:00" });
  assert.deepEqual(r.get("13"), { status: "control", index: "2100-06-03 08:00:00" });
});

test("every registered cohort has a unique name and a description", () => {
  assert.equal(new Set(COHORTS.map((c) => c.name)).size, COHORTS.length);
  assert.deepEqual(
    COHORTS.map((c) => c.name),
    ["dhf", "paca", "mortality", "prolonged-los", "readmission-30d", "pretrain"],
  );
  assert.throws(() => getCohort("nope"), /unknown cohort 'nope'/);
});
