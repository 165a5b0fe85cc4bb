/** A CodeSet (cohortRegistry.ts) as a DuckDB predicate over `system` and `code` (the code with dots removed). */
import { sqlString } from "../../../sources/common/sql.ts";
import type { CodeSet, CohortSystem } from "./cohortRegistry.ts";

/** ICD entries: prefixes with `x` = any digit; SNOMED entries: whole codes. */
export function codeSetSql(set: CodeSet | undefined, system = "system", code = "code"): string {
  if (!set) return "FALSE";
  const parts: string[] = [];
  for (const [sys, entries] of Object.entries(set) as [CohortSystem, readonly string[]][]) {
    if (entries.length === 0) continue;
    if (sys === "SNOMED") {
      parts.push(`(${system} = 'SNOMED' AND ${code} IN (${entries.map(sqlString).join(", ")}))`);
    } else {
      const alternatives = entries.map((e) => e.replaceAll(".", "").toUpperCase().replaceAll("X", "[0-9]"));
      parts.push(
        `(${system} = ${sqlString(sys)} AND regexp_matches(${code}, ${sqlString(`^(${alternatives.join("|")})`)}))`,
      );
    }
  }
  return parts.length === 0 ? "FALSE" : `(${parts.join(" OR ")})`;
}
