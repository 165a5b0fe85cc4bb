/**
 * numberDuplicates (duplicates.ts) gives every row the dup_no that `row_number() OVER (PARTITION BY key ORDER BY
 * file_no, source_row)` gives (1 for a NULL key), checked against that window on generated rows; loadCsvTable
 * numbers rows in file order (also when the caller turned insertion order off) and hashes whole rows per file.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { DuckDBConnection } from "@duckdb/node-api";
import { loadCsvTable } from "../../../src/sources/common/csvTable.ts";
import { numberDuplicates } from "../../../src/sources/common/duplicates.ts";
import { type DuckDBHandle, openDuckDB } from "../../../src/util/openDuckDB.ts";

let db: DuckDBHandle;
let conn: DuckDBConnection;
const dir = mkdtempSync(join(tmpdir(), "prognos-dup-"));
before(async () => {
  db = await openDuckDB();
  conn = db.connection;
});
after(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

async function rows(sql: string): Promise<Record<string, unknown>[]> {
  return (await conn.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
}

test("numberDuplicates = row_number() over the key, by (file_no, source_row); NULL keys are 1", async () => {
  // 20,000 rows over 3 files, keys drawn from 15,000 values (many seen twice or more) and some NULLs
  await conn.run(`CREATE TEMP TABLE staged AS
    SELECT (i % 3)::INTEGER AS file_no, (i // 3 + 1)::BIGINT AS source_row,
           CASE WHEN i % 97 = 0 THEN NULL ELSE 'k' || (hash(i) % 15000) END AS k, i
    FROM range(20000) t(i)`);
  const sql = await numberDuplicates(conn, "SELECT * FROM staged", "k", "staged_dups");
  const diff = await rows(`
    WITH ours AS (${sql}),
    ref AS (SELECT i, CASE WHEN k IS NULL THEN 1 ELSE row_number() OVER (PARTITION BY k ORDER BY file_no, source_row) END
                   AS dup_no FROM staged)
    SELECT count(*) AS n, count(*) FILTER (WHERE ours.dup_no IS DISTINCT FROM ref.dup_no) AS differ,
           count(*) FILTER (WHERE ref.dup_no > 1) AS dups
    FROM ref LEFT JOIN ours USING (i)`);
  assert.equal(Number(diff[0]!.n), 20000);
  assert.equal(Number(diff[0]!.differ), 0);
  assert.ok(Number(diff[0]!.dups) > 1000);
});

test("loadCsvTable: source_row in file order even with insertion order off; row_hash per whole row and file", async () => {
  const lines = ["id,value,extra"];
  for (let i = 1; i <= 5000; i++) lines.push(`${i},v${i % 7},${i % 2 === 0 ? "" : "x"}`);
  lines.push("5,v5,x"); // row 5001: the same as row 5
  lines.push("7,v0,"); // row 5002: row 7 but for a column not loaded (extra): not the same row
  writeFileSync(join(dir, "a.csv"), lines.join("\n") + "\n");
  writeFileSync(join(dir, "b.csv"), "id,value,extra\n5,v5,x\n");
  await conn.run("SET preserve_insertion_order = false");
  try {
    await loadCsvTable(conn, "raw_a", join(dir, "a.csv"), "a.csv", { required: ["id", "value"] });
    await loadCsvTable(conn, "raw_b", join(dir, "b.csv"), "b.csv", { required: ["id", "value"] });
    const [s] = await rows(`SELECT current_setting('preserve_insertion_order') AS kept`);
    assert.equal(s!.kept, false);
  } finally {
    await conn.run("SET preserve_insertion_order = true");
  }
  const [order] = await rows(
    `SELECT count(*) FILTER (WHERE source_row <= 5000 AND id::BIGINT <> source_row) AS wrong, max(source_row) AS last FROM raw_a`,
  );
  assert.deepEqual(order, { wrong: "0", last: "5002" });
  const same = await rows(`SELECT a.source_row AS a, b.source_row AS b FROM raw_a a LEFT JOIN raw_a b
    ON a.row_hash = b.row_hash AND a.source_row < b.source_row WHERE b.source_row IS NOT NULL`);
  assert.deepEqual(same, [{ a: "5", b: "5001" }]);
  const [other] = await rows(`SELECT count(*) AS n FROM raw_a a JOIN raw_b b USING (row_hash)`);
  assert.equal(other!.n, "0");
});
