/**
 * The sequence step builds its per-patient lists one batch of patients at a time (sequenceSql.ts, createInBatches):
 * with batches of 500 input rows (about ten batches here) every output row equals the one-batch result, for every
 * cohort and for codes of every kind, on 1,500 synthetic OMOP patients.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { omopReader } from "../../../src/sources/omop/OmopReader.ts";
import { synthesizeEhr } from "../../../src/synth/ehr/synthesizeEhr.ts";
import { COHORTS } from "../../../src/tasks/ehr/cohorts/cohortRegistry.ts";
import { createCohortBase, decideCohort } from "../../../src/tasks/ehr/cohorts/cohortSql.ts";
import { createSequences, createVocabulary, type EventKind } from "../../../src/tasks/ehr/sequenceSql.ts";
import { type DuckDBHandle, openDuckDB } from "../../../src/util/openDuckDB.ts";

const root = mkdtempSync(join(tmpdir(), "prognos-ehr-batches-"));
let db: DuckDBHandle;
before(async () => {
  await synthesizeEhr({ patients: 1500, seed: 4, format: "omop", outDir: root });
  db = await openDuckDB();
  await omopReader.open(root, { connection: db.connection });
  await db.connection.run("SET preserve_insertion_order = false");
  await createCohortBase(db.connection);
});
after(() => {
  db.close();
  rmSync(root, { recursive: true, force: true });
});

async function outRows(rowsPerBatch: number | undefined, kinds: EventKind[]): Promise<string[]> {
  const conn = db.connection;
  await createSequences(conn, { kinds, maxCodes: 64, seed: 0, rowsPerBatch });
  await createVocabulary(conn, 1, rowsPerBatch);
  const r = await conn.runAndReadAll(`SELECT * FROM ehr_out ORDER BY patient_id`);
  return r.getRowObjectsJson().map((row) => JSON.stringify(row));
}

for (const cohort of COHORTS) {
  test(`${cohort.name}: ehr_out batched (500 input rows a batch) = one batch`, async () => {
    await decideCohort(db.connection, cohort);
    const kinds: EventKind[] = cohort.name === "paca" ? ["dx", "px", "rx"] : ["dx"];
    const whole = await outRows(undefined, kinds);
    const batched = await outRows(500, kinds);
    assert.ok(whole.length > 20, `${cohort.name}: ${whole.length} patients`);
    assert.deepEqual(batched, whole);
  });
}
