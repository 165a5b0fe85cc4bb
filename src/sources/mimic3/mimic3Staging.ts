/**
 * Staging SQL for the MIMIC-III reader: each small table is loaded once into a temp table whose rows carry
 * `skip_reason` (the row is left out of the tl_* views; the first rule it breaks) or `report_reasons` (kept, with
 * every caveat worth reporting; an empty list when none). NOTEEVENTS is never loaded: tl_notes reads it lazily (see
 * Mimic3Reader), so the ~4 GB of note text only streams through DuckDB when a query asks for it.
 *
 * Duplicates: an admission or patient id seen before is skipped. A DIAGNOSES_ICD / PROCEDURES_ICD row whose
 * SUBJECT_ID, HADM_ID, SEQ_NUM and ICD9_CODE all equal an earlier row's is skipped as a duplicate row (ROW_ID, a row
 * number, aside: the rule the other readers apply to the whole row — MIMIC-IV's diagnoses_icd has exactly these
 * columns and no row id). Kept but reported: a diagnosis coded again in the same admission at another SEQ_NUM
 * (the sequences keep it once, at the lowest SEQ_NUM; a procedure may well be done twice, so repeated procedure
 * codes are not reported — the MIMIC-III demo has 20), and a SEQ_NUM given to two codes of one admission.
 */

/** SQL: the non-NULL reasons among `reasons` (CASE expressions) as a VARCHAR[]. */
function reasonList(...reasons: string[]): string {
  return `list_filter([${reasons.join(", ")}]::VARCHAR[], r -> r IS NOT NULL)`;
}

import { sqlString, sqlText } from "../common/sql.ts";
import { sqlMimicTime } from "./mimic3Sql.ts";
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
      ${reasonList(
        `CASE WHEN flag_raw IS NULL THEN 'no HOSPITAL_EXPIRE_FLAG (admission kept, expire_flag NULL)'
           WHEN flag_raw NOT IN ('0', '1') THEN 'HOSPITAL_EXPIRE_FLAG is ' || ${sqlString("'")} || left(flag_raw, 20)
             || ${sqlString("'")} || ', not 0 or 1 (admission kept, expire_flag NULL)' END`,
        `CASE WHEN end_time < start_time THEN 'DISCHTIME before ADMITTIME (kept)' END`,
      )} AS report_reasons
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
      ${reasonList(
        `CASE WHEN birth_raw IS NULL THEN 'no DOB (kept, birth_date NULL)'
           WHEN birth_date IS NULL THEN 'unparsable DOB (kept, birth_date NULL)' END`,
        `CASE WHEN death_raw IS NOT NULL AND death_time IS NULL THEN 'unparsable DOD (kept, death_time NULL)' END`,
      )} AS report_reasons
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
  // kept rows are numbered per admission and code, and per admission and SEQ_NUM: exact duplicates are skipped
  // first, so a second row of either numbering differs in SEQ_NUM, resp. in code
  const kept = (key: string) =>
    `row_number() OVER (PARTITION BY file_no, skip_reason IS NULL, stay_ref, ${key} ORDER BY source_row)`;
  return `CREATE OR REPLACE TEMP TABLE m3_events AS
    WITH e AS (${part(diagnosesScan, 0, "diagnosis", "ICD9", ICD9_DIAGNOSIS_PATTERN)}
      UNION ALL ${part(proceduresScan, 1, "procedure", "ICD9PROC", ICD9_PROCEDURE_PATTERN)}),
    s AS (SELECT stay_id, patient_id, end_time FROM m3_stays WHERE skip_reason IS NULL),
    r AS (
      SELECT e.*, s.end_time,
        CASE WHEN e.code IS NULL THEN 'no ICD9_CODE'
             WHEN e.bad_code THEN 'ICD9_CODE is not an ICD-9-CM code'
             WHEN e.stay_ref IS NULL THEN 'no HADM_ID'
             WHEN s.stay_id IS NULL THEN 'HADM_ID not in ADMISSIONS (or skipped there)'
             WHEN e.patient_id IS DISTINCT FROM s.patient_id THEN 'HADM_ID belongs to another SUBJECT_ID in ADMISSIONS'
             WHEN row_number() OVER (PARTITION BY e.file_no, e.patient_id, e.stay_ref, e.seq_raw, e.code
                                     ORDER BY e.source_row) > 1
               THEN 'duplicate row (SUBJECT_ID, HADM_ID, SEQ_NUM and ICD9_CODE as an earlier row)' END AS skip_reason
      FROM e LEFT JOIN s ON s.stay_id = e.stay_ref),
    w AS (SELECT *, ${kept("code")} AS code_no, ${kept("seq_raw")} AS seq_no FROM r)
    SELECT file_no, source_row, patient_id, stay_ref AS stay_id, end_time AS time, kind, system, code,
      TRY_CAST(seq_raw AS INTEGER) AS seq, skip_reason,
      ${reasonList(
        `CASE WHEN seq_raw IS NOT NULL AND TRY_CAST(seq_raw AS INTEGER) IS NULL
           THEN 'SEQ_NUM is not an integer (kept, seq NULL)' END`,
        `CASE WHEN skip_reason IS NULL AND code_no > 1 AND kind = 'diagnosis'
           THEN 'ICD9_CODE again in the admission at another SEQ_NUM (kept; the sequence keeps the lowest)' END`,
        `CASE WHEN skip_reason IS NULL AND seq_raw IS NOT NULL AND seq_no > 1
           THEN 'SEQ_NUM shared with another ICD9_CODE of the admission (kept; ordered by row)' END`,
      )} AS report_reasons
    FROM w`;
}

/**
 * Temp table m3_drugs from PRESCRIPTIONS (optional; real v1.4 has it, the demo does not): kind 'drug', system NDC
 * with the NDC as written; NDC empty or "0" (common in v1.4; always so in `prognos synth ehr --format mimic3`)
 * → system MIMIC3_FORMULARY with FORMULARY_DRUG_CD (kept, reported); neither → skipped. Time = STARTDATE (a
 * date, 00:00); an empty or unparsable STARTDATE takes the admission's DISCHTIME (kept, reported), the time the
 * ICD codes get (stagingEventsSql): never earlier than the drug can have been given. HADM_ID rules as for the codes.
 * No duplicate rule: one drug is often prescribed twice in an admission (new dose, new route). Needs m3_stays.
 */
export function stagingDrugsSql(scan: string): string {
  return `CREATE OR REPLACE TEMP TABLE m3_drugs AS
    WITH e AS (
      SELECT row_number() OVER () AS source_row, ${sqlText('"SUBJECT_ID"')} AS patient_id,
        ${sqlText('"HADM_ID"')} AS stay_ref, nullif(${sqlText('"NDC"')}, '0') AS ndc,
        ${sqlText('"FORMULARY_DRUG_CD"')} AS formulary, ${sqlText('"STARTDATE"')} AS start_raw,
        ${sqlMimicTime('"STARTDATE"')} AS start_time, ${sqlText('"DRUG"')} AS drug
      FROM ${scan}),
    s AS (SELECT stay_id, patient_id, end_time FROM m3_stays WHERE skip_reason IS NULL)
    SELECT e.source_row, e.patient_id, e.stay_ref AS stay_id, coalesce(e.start_time, s.end_time) AS time,
      'drug' AS kind, CASE WHEN e.ndc IS NOT NULL THEN 'NDC' ELSE 'MIMIC3_FORMULARY' END AS system,
      coalesce(e.ndc, e.formulary) AS code, NULL::INTEGER AS seq, e.drug,
      CASE WHEN e.ndc IS NULL AND e.formulary IS NULL THEN 'prescription without NDC or FORMULARY_DRUG_CD'
           WHEN e.stay_ref IS NULL THEN 'no HADM_ID'
           WHEN s.stay_id IS NULL THEN 'HADM_ID not in ADMISSIONS (or skipped there)'
           WHEN e.patient_id IS DISTINCT FROM s.patient_id THEN 'HADM_ID belongs to another SUBJECT_ID in ADMISSIONS'
           END AS skip_reason,
      ${reasonList(
        `CASE WHEN e.ndc IS NULL AND e.formulary IS NOT NULL
           THEN 'prescription without NDC (formulary code used: system MIMIC3_FORMULARY)' END`,
        `CASE WHEN e.start_raw IS NULL THEN 'no STARTDATE (kept; time = the admission''s DISCHTIME)'
           WHEN e.start_time IS NULL THEN 'unparsable STARTDATE (kept; time = the admission''s DISCHTIME)' END`,
      )} AS report_reasons
    FROM e LEFT JOIN s ON s.stay_id = e.stay_ref`;
}

/**
 * Temp table m3_code_titles from D_ICD_DIAGNOSES / D_ICD_PROCEDURES (either scan may be absent) and, `withDrugs`,
 * m3_drugs' DRUG names.
 */
export function stagingTitlesSql(diagnosesScan?: string, proceduresScan?: string, withDrugs = false): string {
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
    // drug names per code, as MIMIC-IV's reader titles NDCs (the first name in sort order)
    ...(withDrugs
      ? [
          `SELECT system, code, min(drug) FROM m3_drugs WHERE code IS NOT NULL AND drug IS NOT NULL
           GROUP BY system, code`,
        ]
      : []),
  ];
  return `CREATE OR REPLACE TEMP TABLE m3_code_titles AS ${parts.join(" UNION ALL ")}`;
}
