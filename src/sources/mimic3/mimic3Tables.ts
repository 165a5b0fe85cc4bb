/**
 * The MIMIC-III tables the reader uses and the columns it needs from each (names matched case-insensitively:
 * PhysioNet's files have upper-case headers, the demo's lower-case ones). Every value is read as text.
 */

export interface Mimic3TableSpec {
  /** File name without extension, as PhysioNet ships it. */
  name: string;
  /** Upper-case column names that must be present. */
  columns: readonly string[];
  /** Whether the reader works without the file (the D_ICD_* titles, PRESCRIPTIONS). */
  optional?: boolean;
  /**
   * Free text whose quoted fields hold line breaks (NOTEEVENTS): read in one scan (csvScan's multiLine,
   * src/sources/common/csvTable.ts, says why). DuckDB 1.5's parallel CSV reader failed on the 58k-admission synthetic
   * hospital ("Expected Number of Columns: 11 Found: 2", a file Python's csv module reads cleanly). One scan reads
   * the 1.08 GB file in 2–3 s (docs/benchmarks.md, "Tasks").
   */
  multiLine?: boolean;
}

export const ADMISSIONS: Mimic3TableSpec = {
  name: "ADMISSIONS",
  columns: ["SUBJECT_ID", "HADM_ID", "ADMITTIME", "DISCHTIME", "ADMISSION_TYPE", "HOSPITAL_EXPIRE_FLAG"],
};
export const PATIENTS: Mimic3TableSpec = { name: "PATIENTS", columns: ["SUBJECT_ID", "GENDER", "DOB", "DOD"] };
export const DIAGNOSES_ICD: Mimic3TableSpec = {
  name: "DIAGNOSES_ICD",
  columns: ["SUBJECT_ID", "HADM_ID", "SEQ_NUM", "ICD9_CODE"],
};
export const PROCEDURES_ICD: Mimic3TableSpec = {
  name: "PROCEDURES_ICD",
  columns: ["SUBJECT_ID", "HADM_ID", "SEQ_NUM", "ICD9_CODE"],
};
export const NOTEEVENTS: Mimic3TableSpec = {
  name: "NOTEEVENTS",
  columns: ["ROW_ID", "SUBJECT_ID", "HADM_ID", "CHARTDATE", "CATEGORY", "DESCRIPTION", "TEXT"],
  multiLine: true,
};
/** Optional: real MIMIC-III v1.4 has it, the bundled demo does not. */
export const PRESCRIPTIONS: Mimic3TableSpec = {
  name: "PRESCRIPTIONS",
  columns: ["SUBJECT_ID", "HADM_ID", "STARTDATE", "DRUG", "FORMULARY_DRUG_CD", "NDC"],
  optional: true,
};
export const D_ICD_DIAGNOSES: Mimic3TableSpec = {
  name: "D_ICD_DIAGNOSES",
  columns: ["ICD9_CODE", "LONG_TITLE"],
  optional: true,
};
export const D_ICD_PROCEDURES: Mimic3TableSpec = {
  name: "D_ICD_PROCEDURES",
  columns: ["ICD9_CODE", "LONG_TITLE"],
  optional: true,
};

export const MIMIC3_TABLES: readonly Mimic3TableSpec[] = [
  ADMISSIONS,
  PATIENTS,
  DIAGNOSES_ICD,
  PROCEDURES_ICD,
  NOTEEVENTS,
  PRESCRIPTIONS,
  D_ICD_DIAGNOSES,
  D_ICD_PROCEDURES,
];

/** ICD-9-CM diagnosis codes as MIMIC-III writes them (no dot): 3–5 digits, V + 2–4 digits, E + 3–4 digits. */
export const ICD9_DIAGNOSIS_PATTERN = "^([0-9]{3,5}|V[0-9]{2,4}|E[0-9]{3,4})$";
/** ICD-9-CM procedure codes (no dot): 2–4 digits, leading zeros kept. */
export const ICD9_PROCEDURE_PATTERN = "^[0-9]{2,4}$";
