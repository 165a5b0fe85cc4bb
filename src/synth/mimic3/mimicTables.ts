import type { TableSchema } from "./TableSchema.ts";

/** The seven MIMIC-III v1.4 tables the generator writes: file names, column names, order and types as released. */
export const PATIENTS: TableSchema = {
  file: "PATIENTS.csv",
  columns: [
    ["ROW_ID", "int"],
    ["SUBJECT_ID", "int"],
    ["GENDER", "text"],
    ["DOB", "time"],
    ["DOD", "time"],
    ["DOD_HOSP", "time"],
    ["DOD_SSN", "time"],
    ["EXPIRE_FLAG", "int"],
  ],
};

export const ADMISSIONS: TableSchema = {
  file: "ADMISSIONS.csv",
  columns: [
    ["ROW_ID", "int"],
    ["SUBJECT_ID", "int"],
    ["HADM_ID", "int"],
    ["ADMITTIME", "time"],
    ["DISCHTIME", "time"],
    ["DEATHTIME", "time"],
    ["ADMISSION_TYPE", "text"],
    ["ADMISSION_LOCATION", "text"],
    ["DISCHARGE_LOCATION", "text"],
    ["INSURANCE", "text"],
    ["LANGUAGE", "text"],
    ["RELIGION", "text"],
    ["MARITAL_STATUS", "text"],
    ["ETHNICITY", "text"],
    ["EDREGTIME", "time"],
    ["EDOUTTIME", "time"],
    ["DIAGNOSIS", "text"],
    ["HOSPITAL_EXPIRE_FLAG", "int"],
    ["HAS_CHARTEVENTS_DATA", "int"],
  ],
};

export const DIAGNOSES_ICD: TableSchema = {
  file: "DIAGNOSES_ICD.csv",
  columns: [
    ["ROW_ID", "int"],
    ["SUBJECT_ID", "int"],
    ["HADM_ID", "int"],
    ["SEQ_NUM", "int"],
    ["ICD9_CODE", "text"],
  ],
};

export const PROCEDURES_ICD: TableSchema = { ...DIAGNOSES_ICD, file: "PROCEDURES_ICD.csv" };

export const NOTEEVENTS: TableSchema = {
  file: "NOTEEVENTS.csv",
  columns: [
    ["ROW_ID", "int"],
    ["SUBJECT_ID", "int"],
    ["HADM_ID", "int"],
    ["CHARTDATE", "time"],
    ["CHARTTIME", "time"],
    ["STORETIME", "time"],
    ["CATEGORY", "text"],
    ["DESCRIPTION", "text"],
    ["CGID", "int"],
    ["ISERROR", "int"],
    ["TEXT", "text"],
  ],
};

export const D_ICD_DIAGNOSES: TableSchema = {
  file: "D_ICD_DIAGNOSES.csv",
  columns: [
    ["ROW_ID", "int"],
    ["ICD9_CODE", "text"],
    ["SHORT_TITLE", "text"],
    ["LONG_TITLE", "text"],
  ],
};

export const D_ICD_PROCEDURES: TableSchema = { ...D_ICD_DIAGNOSES, file: "D_ICD_PROCEDURES.csv" };

export const MIMIC3_TABLES: readonly TableSchema[] = [
  PATIENTS,
  ADMISSIONS,
  DIAGNOSES_ICD,
  PROCEDURES_ICD,
  NOTEEVENTS,
  D_ICD_DIAGNOSES,
  D_ICD_PROCEDURES,
];
