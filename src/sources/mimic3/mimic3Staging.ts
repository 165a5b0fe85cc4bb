/**
 * Staging SQL for the MIMIC-III reader: each small table is loaded once into a temp table whose rows carry
 * `skip_reason` (the row is left out of the tl_* views) or `report_reason` (kept, with a caveat worth reporting).
 * The first rule a row breaks is its reason. NOTEEVENTS is never loaded: tl_notes reads it lazily (see
 * Mimic3Reader), so the ~4 GB of note text only streams through DuckDB when a query asks for it.
 */

import { sqlMimicTime, sqlString, sqlText } from "./mimic3Sql.ts";
import { ICD9_DIAGNOSIS_PATTERN, ICD9_PROCEDURE_PATTERN } from "./mimic3Tables.ts";

/** Temp table m3_stays from ADMISSIONS (its read_csv scan). */
export function stagingStaysSql(scan: string): string {
  return `CREATE OR REPLACE TEMP TABLE m3_stays AS
    WITH a AS (
      SELECT row_number() OVER () AS source_row, ${sqlText('"HADM_ID"')} AS stay_id,
        ${sqlText('"SUBJECT_ID"')} AS patient_id,
        ${sqlText('"ADMITTIME"')} AS start_raw, ${sqlMimicTime('"ADMITTIME"')} AS start_time,
        ${sqlText('"DISCHTIME"')} AS end_raw, ${sqlMimicTime('"DISCHTIME"')} AS end_time,
        "ADMISSION_TYPE" AS stay_type, ${sqlText('"HOSPITAL_EXPIRE_FLAG"')} AS flag_raw
      FROM ${scan}),
    d AS (SELECT *, row_number() OVER (PARTITION BY stay_id ORDER BY source_row) AS dup_no FROM a)
    SELECT source_row, stay_id, patient_id, start_time, end_time, stay_type,
      CASE WHEN flag_raw IN ('0', '1') THEN flag_raw END AS expire_flag,
      CASE WHEN stay_id IS NULL THEN 'no HADM_ID'
           WHEN dup_no > 1 THEN 'duplicate HADM_ID (an earlier row has it)'
           WHEN patient_id IS NULL THEN 'no SUBJECT_ID'
           WHEN start_raw IS NULL THEN 'no ADMITTIME'
           WHEN start_time IS NULL THEN 'unparsable ADMITTIME'
           WHEN end_raw IS NULL THEN 'no DISCHTIME'
           WHEN end_time IS NULL THEN 'unparsable DISCHTIME' END AS skip_reason,
      CASE WHEN flag_raw IS NULL THEN 'no HOSPITAL_EXPIRE_FLAG (admission kept, expire_flag NULL)'
           WHEN flag_raw NOT IN ('0', '1') THEN 'HOSPITAL_EXPIRE_FLAG is ' || ${sqlString("'")} || left(flag_raw, 20)
             || ${sqlString("'")} || ', not 0 or 1 (admission kept, expire_flag NULL)'
           WHEN end_time < start_time THEN 'DISCHTIME before ADMITTIME (kept)' END AS report_reason
    FROM d`;
}

/** Temp table m3_patients from PATIENTS. */
export function stagingPatientsSql(scan: string): string {
  return `CREATE OR REPLACE TEMP TABLE m3_patients AS
    WITH p AS (
      SELECT row_number() OVER () AS source_row, ${sqlText('"SUBJECT_ID"')} AS patient_id,
        ${sqlText('"DOB"')} AS birth_raw, ${sqlMimicTime('"DOB"')} AS birth_date, ${sqlText('"GENDER"')} AS sex,
        ${sqlText('"DOD"')} AS death_raw, ${sqlMimicTime('"DOD"')} AS death_time
      FROM ${scan}),
    d AS (SELECT *, row_number() OVER (PARTITION BY patient_id ORDER BY source_row) AS dup_no FROM p)
    SELECT source_row, patient_id, birth_date, sex, death_time,
      CASE WHEN patient_id IS NULL THEN 'no SUBJECT_ID'
           WHEN dup_no > 1 THEN 'duplicate SUBJECT_ID (an earlier row has it)' END AS skip_reason,
      CASE WHEN birth_raw IS NOT NULL AND birth_date IS NULL THEN 'unparsable DOB (kept, birth_date NULL)'
           WHEN death_raw IS NOT NULL AND death_time IS NULL THEN 'unparsable DOD (kept, death_time NULL)'
      END AS report_reason
    FROM d`;
}

/**
 * Temp table m3_events from DIAGNOSES_ICD (file_no 0) and PROCEDURES_ICD (file_no 1). MIMIC-III codes carry no
 * time; an event's time is its admission's DISCHTIME (codes are assigned at discharge, so a cohort that cuts at a
 * prediction time never sees them early). Needs m3_stays.
 */
export function stagingEventsSql(diagnosesScan: string, proceduresScan: string): string {
  const part = (scan: string, fileNo: number, kind: string, system: string, pattern: string) => `
      SELECT ${fileNo} AS file_no, row_number() OVER () AS source_row, ${sqlText('"SUBJECT_ID"')} AS patient_id,
        ${sqlText('"HADM_ID"')} AS stay_ref, '${kind}' AS kind, '${system}' AS system,
        ${sqlText('"ICD9_CODE"')} AS code, ${sqlText('"SEQ_NUM"')} AS seq_raw,
        NOT regexp_full_match(${sqlText('"ICD9_CODE"')}, '${pattern}') AS bad_code
      FROM ${scan}`;
  return `CREATE OR REPLACE TEMP TABLE m3_events AS
    WITH e AS (${part(diagnosesScan, 0, "diagnosis", "ICD9", ICD9_DIAGNOSIS_PATTERN)}
      UNION ALL ${part(proceduresScan, 1, "procedure", "ICD9PROC", ICD9_PROCEDURE_PATTERN)}),
    s AS (SELECT stay_id, end_time FROM m3_stays WHERE skip_reason IS NULL)
    SELECT e.file_no, e.source_row, e.patient_id, e.stay_ref AS stay_id, s.end_time AS time, e.kind, e.system,
      e.code, TRY_CAST(e.seq_raw AS INTEGER) AS seq,
      CASE WHEN e.code IS NULL THEN 'no ICD9_CODE'
           WHEN e.bad_code THEN 'ICD9_CODE is not an ICD-9-CM code'
           WHEN e.stay_ref IS NULL THEN 'no HADM_ID'
           WHEN s.stay_id IS NULL THEN 'HADM_ID not in ADMISSIONS (or skipped there)' END AS skip_reason,
      CASE WHEN e.seq_raw IS NOT NULL AND TRY_CAST(e.seq_raw AS INTEGER) IS NULL
           THEN 'SEQ_NUM is not an integer (kept, seq NULL)' END AS report_reason
    FROM e LEFT JOIN s ON s.stay_id = e.stay_ref`;
}

/** Temp table m3_code_titles from D_ICD_DIAGNOSES / D_ICD_PROCEDURES (either scan may be absent). */
export function stagingTitlesSql(diagnosesScan?: string, proceduresScan?: string): string {
  const parts = [
    `SELECT NULL::VARCHAR AS system, NULL::VARCHAR AS code, NULL::VARCHAR AS title WHERE FALSE`,
    ...(diagnosesScan
      ? [`SELECT 'ICD9', ${sqlText('"ICD9_CODE"')}, "LONG_TITLE" FROM ${diagnosesScan} WHERE "ICD9_CODE" IS NOT NULL`]
      : []),
    ...(proceduresScan
      ? [
          `SELECT 'ICD9PROC', ${sqlText('"ICD9_CODE"')}, "LONG_TITLE" FROM ${proceduresScan} WHERE "ICD9_CODE" IS NOT NULL`,
        ]
      : []),
  ];
  return `CREATE OR REPLACE TEMP TABLE m3_code_titles AS ${parts.join(" UNION ALL ")}`;
}
