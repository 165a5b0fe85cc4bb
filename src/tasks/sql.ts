/** SQL text helpers for the task builders (DuckDB dialect). */

/** A single-quoted SQL string literal. */
export function sqlString(value: string): string {
  return "'" + value.replaceAll("'", "''") + "'";
}

/** One CSV field, always quoted (RFC 4180: `"` doubled). */
export function csvField(value: string | number): string {
  return '"' + String(value).replaceAll('"', '""') + '"';
}
