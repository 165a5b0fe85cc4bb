/** SQL text helpers for the MIMIC-III reader (DuckDB dialect), and DuckDB errors turned into PrognosErrors. */
import type { DuckDBConnection } from "@duckdb/node-api";
import { PrognosError } from "../../util/errors.ts";
import { duckdbErrorSummary } from "../common/duckdbErrorSummary.ts";
import { requireUtf8File } from "../common/requireUtf8File.ts";
import { sqlString, sqlText } from "../common/sql.ts";

/**
 * The largest CSV row accepted (MIMIC-III's longest note is ~55 KB). DuckDB sizes its read buffers from this
 * (16× per scan), so it also bounds memory: 8 MiB keeps a full NOTEEVENTS scan under ~400 MB.
 */
export const MIMIC3_MAX_LINE_BYTES = 8 * 1024 * 1024;

/** MIMIC-III's timestamp formats: `2164-10-23 21:09:00`, and dates alone (`2151-08-04`, CHARTDATE) at 00:00. */
export const MIMIC3_TIME_FORMATS = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d"] as const;

/** SQL: a MIMIC-III timestamp text → TIMESTAMP, NULL when empty or unparsable (callers count those). */
export function sqlMimicTime(expr: string): string {
  const formats = MIMIC3_TIME_FORMATS.map(sqlString).join(", ");
  return `try_strptime(${sqlText(expr)}, [${formats}])`;
}

/**
 * Runs SQL that reads `fileName`; a DuckDB error (bad CSV) becomes a PrognosError naming the file. The original
 * error is not attached as `cause`: its message may quote a row.
 */
export async function runReading(conn: DuckDBConnection, sql: string, fileName: string, path?: string): Promise<void> {
  try {
    await conn.run(sql);
  } catch (e) {
    // An internal DuckDB error can come from a byte that is not UTF-8: say so, with its line, where it is that.
    if (path !== undefined && /^INTERNAL Error/.test((e as Error).message)) await requireUtf8File(path, fileName);
    throw new PrognosError(`cannot read the table: ${duckdbErrorSummary(e)}`, { file: fileName });
  }
}
