/**
 * Build-wide stay filters: stays every task leaves out, each with a counted reason (taskRows.ts checks them before
 * the task's own filters). One filter today:
 *
 *   --icd10-only (MIMIC-IV): keep the admissions coded in ICD-10 only. MIMIC-IV codes each admission in one
 *   version (ICD-9 before October 2015, ICD-10 after); an admission with ICD-9 codes, with both, or with no
 *   diagnosis or procedure code at all (its version is unknown) is left out, each case counted.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { ADMISSION_NOTES_TABLE, STAY_FILTER_TABLE } from "./taskRows.ts";

export const ICD10_ONLY_REASONS = {
  icd9: "--icd10-only: admission coded in ICD-9",
  both: "--icd10-only: admission coded in both ICD-9 and ICD-10",
  none: "--icd10-only: admission without a diagnosis or procedure code (ICD version unknown)",
} as const;

/** The systems --icd10-only leaves without labels (their admissions are dropped with a reason instead). */
export const ICD9_SYSTEMS: readonly string[] = ["ICD9", "ICD9PROC"];
const ICD10_SYSTEMS: readonly string[] = ["ICD10", "ICD10PCS"];

/** Creates STAY_FILTER_TABLE for --icd10-only over the admission notes; returns the reasons in check order. */
export async function createIcd10OnlyFilter(conn: DuckDBConnection): Promise<string[]> {
  const inList = (systems: readonly string[]) => systems.map((s) => `'${s}'`).join(", ");
  const r = ICD10_ONLY_REASONS;
  await conn.run(`CREATE OR REPLACE TEMP TABLE ${STAY_FILTER_TABLE} AS
    SELECT stay_id, CASE WHEN coalesce(e.has9, FALSE) AND coalesce(e.has10, FALSE) THEN '${r.both}'
                         WHEN coalesce(e.has9, FALSE) THEN '${r.icd9}'
                         WHEN NOT coalesce(e.has10, FALSE) THEN '${r.none}' END AS reason
    FROM (SELECT DISTINCT stay_id FROM ${ADMISSION_NOTES_TABLE}) n
    LEFT JOIN (SELECT stay_id, bool_or(system IN (${inList(ICD9_SYSTEMS)})) AS has9,
                 bool_or(system IN (${inList(ICD10_SYSTEMS)})) AS has10
               FROM tl_events WHERE kind IN ('diagnosis', 'procedure') AND stay_id IS NOT NULL GROUP BY stay_id) e
      USING (stay_id)`);
  return [r.icd9, r.both, r.none];
}
