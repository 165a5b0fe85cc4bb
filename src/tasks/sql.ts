/** SQL text helpers for the task builders (DuckDB dialect). */

/** A single-quoted SQL string literal. */
export function sqlString(value: string): string {
  return "'" + value.replaceAll("'", "''") + "'";
}
