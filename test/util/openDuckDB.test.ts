import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { test } from "node:test";
import { openDuckDB } from "../../src/util/openDuckDB.ts";

async function setting(conn: import("@duckdb/node-api").DuckDBConnection, name: string): Promise<string> {
  const r = await conn.runAndReadAll(`SELECT current_setting('${name}') AS v`);
  return String(r.getRowObjectsJS()[0]!.v);
}

test("openDuckDB: the memory limit and a private spill folder, removed on close", async () => {
  const db = await openDuckDB("512MB");
  const spill = await setting(db.connection, "temp_directory");
  assert.match(spill, /prognos-duckdb-/);
  assert.ok(existsSync(spill));
  assert.match(await setting(db.connection, "memory_limit"), /^(488\.2 MiB|512\.0 MB|512 MB)$/);
  db.close();
  assert.ok(!existsSync(spill));
});

test("openDuckDB: null keeps DuckDB's own limit; a malformed limit is refused", async () => {
  const db = await openDuckDB(null);
  assert.match(await setting(db.connection, "temp_directory"), /prognos-duckdb-/);
  assert.doesNotMatch(await setting(db.connection, "memory_limit"), /^(953\.6 MiB|1\.0 GB)$/);
  db.close();
  await assert.rejects(openDuckDB("lots"), /--memory-limit: expected a size like 2GB or 512MB, got 'lots'/);
});
