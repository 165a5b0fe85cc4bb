/**
 * The useful part of a DuckDB error, without anything that could quote a row: DuckDB's CSV errors include the
 * offending line ("Original Line: …"), which for NOTEEVENTS is patient text and must never be printed.
 */
export function duckdbErrorSummary(e: unknown): string {
  const lines = String((e as Error)?.message ?? e).split("\n");
  const kept = [lines[0] ?? ""];
  for (const line of lines.slice(1)) {
    if (/^(Expected Number of Columns|Found|Possible fixes)/.test(line.trim())) {
      if (line.trim().startsWith("Possible fixes")) break;
      kept.push(line.trim());
    }
  }
  return kept.join(" ").trim();
}
