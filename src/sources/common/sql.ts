/** Small SQL text helpers shared by the source readers (DuckDB dialect). */

/** A single-quoted SQL string literal. */
export function sqlString(value: string): string {
  return "'" + value.replaceAll("'", "''") + "'";
}

/** A double-quoted SQL identifier (column names as the file writes them, any case). */
export function sqlIdent(name: string): string {
  return '"' + name.replaceAll('"', '""') + '"';
}

/** Matches a date-time that carries a UTC offset or `Z` (FHIR, Synthea CSV): those are converted to UTC. */
const WITH_OFFSET = String.raw`^\d{4}-\d\d-\d\d[T ]\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d(:?\d\d)?)$`;

/**
 * SQL turning a text expression into TIMESTAMP, NULL when empty or unparsable (callers count those).
 * Dates become 00:00; date-times with an offset or `Z` are converted to UTC, so durations are right across
 * daylight-saving changes and the result does not depend on the session's time zone; others are taken as written.
 * The offset is applied by arithmetic, not through TIMESTAMPTZ: ICU's conversion costs ~80 µs a value.
 */
export function sqlTime(expr: string): string {
  const x = `trim(${expr})`;
  const sign = `(CASE WHEN regexp_extract(${x}, '([+-])\\d\\d(:?\\d\\d)?$', 1) = '-' THEN -1 ELSE 1 END)`;
  const hours = `try_cast(regexp_extract(${x}, '[+-](\\d\\d)(:?\\d\\d)?$', 1) AS INTEGER)`;
  const mins = `coalesce(try_cast(regexp_extract(${x}, '[+-]\\d\\d:?(\\d\\d)$', 1) AS INTEGER), 0)`;
  const offset = `(CASE WHEN ends_with(${x}, 'Z') THEN 0 ELSE ${sign} * (${hours} * 60 + ${mins}) END)`;
  const local = `try_cast(regexp_replace(${x}, '(Z|[+-]\\d\\d(:?\\d\\d)?)$', '') AS TIMESTAMP)`;
  return (
    `(CASE WHEN regexp_matches(${x}, '${WITH_OFFSET}') THEN ${local} - to_minutes(${offset}) ` +
    `ELSE try_cast(${x} AS TIMESTAMP) END)`
  );
}

/** SQL: NULL when the text expression is NULL or only white space, else the trimmed text. */
export function sqlText(expr: string): string {
  return `nullif(trim(${expr}), '')`;
}

/** SQL `CASE <expr> WHEN k THEN v … END` from a plain mapping (values NULL when absent). */
export function sqlCase(expr: string, mapping: Readonly<Record<string, string>>): string {
  const whens = Object.entries(mapping)
    .map(([k, v]) => `WHEN ${sqlString(k)} THEN ${sqlString(v)}`)
    .join(" ");
  return `(CASE ${expr} ${whens} END)`;
}
