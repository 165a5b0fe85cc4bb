import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { DuckDBConnection } from "@duckdb/node-api";
import { sqlCodeSystem } from "../../../src/sources/common/codeSystems.ts";
import { sqlTime } from "../../../src/sources/common/sql.ts";
import { type DuckDBHandle, openDuckDB } from "../../../src/util/openDuckDB.ts";

let db: DuckDBHandle;
let conn: DuckDBConnection;
before(async () => {
  db = await openDuckDB();
  conn = db.connection;
});
after(() => {
  db.close();
});

async function value(sql: string): Promise<unknown> {
  return (await conn.runAndReadAll(`SELECT ${sql} AS v`)).getRowObjectsJson()[0]!.v;
}

test("sqlTime: offsets and Z are converted to UTC, plain times kept, dates at 00:00", async () => {
  assert.equal(await value(sqlTime("'1989-10-04T02:25:16-04:00'")), "1989-10-04 06:25:16");
  assert.equal(await value(sqlTime("'1987-11-19T00:22:16.824-05:00'")), "1987-11-19 05:22:16.824");
  assert.equal(await value(sqlTime("'2022-07-20T07:13:55Z'")), "2022-07-20 07:13:55");
  assert.equal(await value(sqlTime("'2020-01-01T00:00:00+05:30'")), "2019-12-31 18:30:00");
  assert.equal(await value(sqlTime("'2020-01-01T00:00:00-0430'")), "2020-01-01 04:30:00");
  assert.equal(await value(sqlTime("'2020-01-01 00:00:00+02'")), "2019-12-31 22:00:00");
  assert.equal(await value(sqlTime("'2180-05-06 22:23:00'")), "2180-05-06 22:23:00");
  assert.equal(await value(sqlTime("' 2020-01-02 '")), "2020-01-02 00:00:00");
});

test("sqlTime: the session time zone does not change results", async () => {
  await conn.run("SET TimeZone = 'America/New_York'");
  try {
    assert.equal(await value(sqlTime("'2020-01-02'")), "2020-01-02 00:00:00");
    assert.equal(await value(sqlTime("'2020-07-01T12:00:00+02:00'")), "2020-07-01 10:00:00");
  } finally {
    await conn.run("SET TimeZone = 'UTC'");
  }
});

test("sqlTime: unparsable or partial values are NULL (callers count them)", async () => {
  for (const bad of ["'2020-01'", "'not a date'", "'2181-13-45'", "''", "NULL"]) {
    assert.equal(await value(sqlTime(bad)), null, bad);
  }
});

test("sqlCodeSystem: FHIR URIs, OMOP vocabularies and Synthea names; ICD-9 procedures; unknown → NULL", async () => {
  const cases: [string, boolean, string | null][] = [
    ["http://snomed.info/sct", false, "SNOMED"],
    ["http://hl7.org/fhir/sid/icd-10-cm", false, "ICD10"],
    ["http://hl7.org/fhir/sid/icd-9-cm", false, "ICD9"],
    ["http://hl7.org/fhir/sid/icd-9-cm", true, "ICD9PROC"],
    ["ICD9CM", false, "ICD9"],
    ["ICD9Proc", true, "ICD9PROC"],
    ["ICD10PCS", true, "ICD10PCS"],
    ["RxNorm", false, "RXNORM"],
    ["RxNorm Extension", false, null],
    ["SNOMED-CT", false, "SNOMED"],
    ["CPT4", true, "CPT"],
    ["http://example.org/local", false, null],
  ];
  for (const [name, procedure, want] of cases) {
    assert.equal(await value(sqlCodeSystem(`'${name}'`, procedure)), want, name);
  }
});
