/**
 * The label of ClinicalBERT's readmission tasks, per admission, over tl_stays (docs/readmission-task.md §Label):
 *
 *   1. a patient's admissions in ADMITTIME order (ties: HADM_ID);
 *   2. the "next admission" of one is the first later admission of the patient whose ADMISSION_TYPE is not
 *      ELECTIVE (an elective next admission is passed over, as the reference blanks it and back-fills);
 *   3. days = (its ADMITTIME − this DISCHTIME) in days; label 1 when days < 30 (a negative gap, overlapping stays,
 *      counts), else 0; no next admission → 0;
 *   4. only then are NEWBORN admissions and in-hospital deaths left out (a newborn or a death can still be someone's
 *      next admission). Death: HOSPITAL_EXPIRE_FLAG 1 (the reference tests DEATHTIME, which MIMIC-III fills exactly
 *      for those admissions: 40 of 40 in the demo); a missing flag counts as survived, as a missing DEATHTIME does.
 *
 * Types are compared upper-cased and trimmed (MIMIC writes them upper-case). Creates READMISSION_ADMISSIONS_TABLE.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import type { ReadmissionSummary } from "../taskManifest.ts";

/** prognos_readmission_admissions(stay_id, patient_id, start_time, end_time, admission_type, expire_flag,
 * next_admit_time, days_to_next, label, duration_days, next_elective, excluded). */
export const READMISSION_ADMISSIONS_TABLE = "prognos_readmission_admissions";

export const NEWBORN_REASON = "NEWBORN admission (ADMISSION_TYPE NEWBORN)";
export const DIED_REASON = "died in hospital (HOSPITAL_EXPIRE_FLAG 1; the reference: DEATHTIME set)";

const DAY_MS = 86_400_000;

export async function createReadmissionAdmissions(conn: DuckDBConnection): Promise<void> {
  const order = "PARTITION BY patient_id ORDER BY start_time, stay_id";
  await conn.run(`CREATE OR REPLACE TEMP TABLE ${READMISSION_ADMISSIONS_TABLE} AS
    WITH s AS (
      SELECT stay_id, patient_id, start_time, end_time, upper(trim(stay_type)) AS admission_type, expire_flag
      FROM tl_stays),
    o AS (
      SELECT *,
        first_value(CASE WHEN admission_type IS DISTINCT FROM 'ELECTIVE' THEN start_time END IGNORE NULLS)
          OVER (${order} ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) AS next_admit_time,
        lead(admission_type) OVER (${order}) = 'ELECTIVE' AS next_elective
      FROM s)
    SELECT stay_id, patient_id, start_time, end_time, admission_type, expire_flag, next_admit_time,
      (epoch_ms(next_admit_time) - epoch_ms(end_time)) / ${DAY_MS}.0 AS days_to_next,
      CASE WHEN epoch_ms(next_admit_time) - epoch_ms(end_time) < ${30 * DAY_MS} THEN 1 ELSE 0 END AS label,
      (epoch_ms(end_time) - epoch_ms(start_time)) / ${DAY_MS}.0 AS duration_days,
      coalesce(next_elective, FALSE) AS next_elective,
      CASE WHEN admission_type IS NOT DISTINCT FROM 'NEWBORN' THEN '${NEWBORN_REASON}'
           WHEN expire_flag IS NOT DISTINCT FROM '1' THEN '${DIED_REASON}' END AS excluded
    FROM o`);
}

/** The label rule's counts over every admission (ReadmissionSummary.admissions). */
export async function readmissionAdmissionCounts(conn: DuckDBConnection): Promise<ReadmissionSummary["admissions"]> {
  const r = await conn.runAndReadAll(`SELECT count(*) AS total,
      count(*) FILTER (WHERE excluded = '${NEWBORN_REASON}') AS newborn,
      count(*) FILTER (WHERE excluded = '${DIED_REASON}') AS died,
      count(*) FILTER (WHERE excluded IS NULL) AS labelled,
      count(*) FILTER (WHERE excluded IS NULL AND label = 1) AS positives,
      count(*) FILTER (WHERE excluded IS NULL AND next_elective) AS elective_next,
      count(*) FILTER (WHERE excluded IS NULL AND label = 1 AND days_to_next < 0) AS overlapping
    FROM ${READMISSION_ADMISSIONS_TABLE}`);
  const row = r.getRowObjectsJS()[0]!;
  return {
    total: Number(row.total),
    newborn: Number(row.newborn),
    died: Number(row.died),
    labelled: Number(row.labelled),
    positives: Number(row.positives),
    electiveNextSkipped: Number(row.elective_next),
    overlapping: Number(row.overlapping),
  };
}
