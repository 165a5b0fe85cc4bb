/**
 * Numbering the rows that share a key (patient id, visit id, an event's whole-row hash), the first by
 * (file_no, source_row) getting 1 — what `row_number() OVER (PARTITION BY key ORDER BY file_no, source_row)`
 * gives, without partitioning and sorting every row: at 10M events that window took most of a reader's time
 * and memory. Only keys seen more than once are numbered by the window; every other row is 1.
 */
import type { DuckDBConnection } from "@duckdb/node-api";

/**
 * Creates temp table `keysTable` (the keys `staged` has more than once, usually a handful) and returns SQL
 * yielding every row of `staged` plus `dup_no` (1 for a NULL key). `staged` is read three times (once here, twice
 * by the returned SQL), so it should be a scan, not something expensive to recompute. Rows come in no order.
 */
export async function numberDuplicates(
  conn: DuckDBConnection,
  staged: string,
  key: string,
  keysTable: string,
): Promise<string> {
  await conn.run(`CREATE OR REPLACE TEMP TABLE ${keysTable} AS
    SELECT ${key} AS k FROM (${staged}) WHERE ${key} IS NOT NULL GROUP BY ${key} HAVING count(*) > 1`);
  return `SELECT u.*, 1 AS dup_no FROM (${staged}) u ANTI JOIN ${keysTable} d ON d.k = u.${key}
    UNION ALL
    SELECT u.*, row_number() OVER (PARTITION BY u.${key} ORDER BY u.file_no, u.source_row) AS dup_no
    FROM (${staged}) u SEMI JOIN ${keysTable} d ON d.k = u.${key}`;
}
