/** Turning rows marked with a reason into the Timeline's SkipRecords (count + a few example rows per reason). */
import type { DuckDBConnection } from "@duckdb/node-api";
import type { SkipRecord } from "../Timeline.ts";

const EXAMPLES = 5;

/**
 * Reads a table with columns file_no, source_row and `reasonSql` (an expression; NULL = nothing to report) and
 * returns one SkipRecord per file and reason, files named through `files[file_no]`.
 */
export async function collectSkips(
  conn: DuckDBConnection,
  table: string,
  files: readonly string[],
  reasonSql = "coalesce(skip_reason, report_reason)",
): Promise<SkipRecord[]> {
  const reader = await conn.runAndReadAll(
    `SELECT file_no, reason, count(*) AS n, list(source_row ORDER BY source_row)[1:${EXAMPLES}] AS rows ` +
      `FROM (SELECT file_no, source_row, ${reasonSql} AS reason FROM ${table}) WHERE reason IS NOT NULL ` +
      `GROUP BY file_no, reason ORDER BY file_no, reason`,
  );
  return reader.getRowObjectsJS().map((r) => ({
    file: files[Number(r.file_no)] ?? `file #${r.file_no}`,
    reason: String(r.reason),
    count: Number(r.n),
    exampleRows: (r.rows as bigint[]).map(Number),
  }));
}

/** Merges skip lists (same file and reason → one record with summed counts). */
export function mergeSkips(...lists: SkipRecord[][]): SkipRecord[] {
  const byKey = new Map<string, SkipRecord>();
  for (const s of lists.flat()) {
    const key = `${s.file}\u0000${s.reason}`;
    const seen = byKey.get(key);
    if (!seen) byKey.set(key, { ...s, exampleRows: [...s.exampleRows] });
    else {
      seen.count += s.count;
      seen.exampleRows = [...seen.exampleRows, ...s.exampleRows].sort((a, b) => a - b).slice(0, EXAMPLES);
    }
  }
  return [...byKey.values()];
}
