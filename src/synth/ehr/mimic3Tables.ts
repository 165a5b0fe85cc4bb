/**
 * MIMIC-III tables the generator writes: file names as PhysioNet ships them (upper case) and the column names, in
 * order, as the MIMIC-III Clinical Database Demo 1.4 writes them (lower case; test/fixtures/synth-ehr/ holds copies
 * of the demo's header lines). PRESCRIPTIONS is not in the bundled demo: its columns are MIMIC-III v1.4's.
 * NOTEEVENTS is written with its header only, as the demo has it (the MIMIC-III reader requires the file).
 */
export interface Mimic3Table {
  file: string;
  columns: readonly string[];
}

const table = (file: string, header: string): Mimic3Table => ({ file, columns: header.split(",") });

export const PATIENTS = table("PATIENTS.csv", "row_id,subject_id,gender,dob,dod,dod_hosp,dod_ssn,expire_flag");
export const ADMISSIONS = table(
  "ADMISSIONS.csv",
  "row_id,subject_id,hadm_id,admittime,dischtime,deathtime,admission_type,admission_location,discharge_location,insurance,language,religion,marital_status,ethnicity,edregtime,edouttime,diagnosis,hospital_expire_flag,has_chartevents_data",
);
export const DIAGNOSES_ICD = table("DIAGNOSES_ICD.csv", "row_id,subject_id,hadm_id,seq_num,icd9_code");
export const PROCEDURES_ICD = table("PROCEDURES_ICD.csv", "row_id,subject_id,hadm_id,seq_num,icd9_code");
export const PRESCRIPTIONS = table(
  "PRESCRIPTIONS.csv",
  "row_id,subject_id,hadm_id,icustay_id,startdate,enddate,drug_type,drug,drug_name_poe,drug_name_generic,formulary_drug_cd,gsn,ndc,prod_strength,dose_val_rx,dose_unit_rx,form_val_disp,form_unit_disp,route",
);
export const D_ICD_DIAGNOSES = table("D_ICD_DIAGNOSES.csv", "row_id,icd9_code,short_title,long_title");
export const D_ICD_PROCEDURES = table("D_ICD_PROCEDURES.csv", "row_id,icd9_code,short_title,long_title");
export const NOTEEVENTS = table(
  "NOTEEVENTS.csv",
  "row_id,subject_id,hadm_id,chartdate,charttime,storetime,category,description,cgid,iserror,text",
);

export const MIMIC3_TABLES: readonly Mimic3Table[] = [
  PATIENTS,
  ADMISSIONS,
  DIAGNOSES_ICD,
  PROCEDURES_ICD,
  PRESCRIPTIONS,
  D_ICD_DIAGNOSES,
  D_ICD_PROCEDURES,
  NOTEEVENTS,
];

/** ADMISSIONS.diagnosis (the admitting diagnosis as free text, upper case as MIMIC writes it) by admission reason. */
export const ADMIT_DIAGNOSIS: Readonly<Record<string, string>> = {
  hfExacerbation: "CONGESTIVE HEART FAILURE",
  hfOnset: "CONGESTIVE HEART FAILURE",
  mi: "ACUTE MYOCARDIAL INFARCTION",
  stroke: "STROKE",
  pneumonia: "PNEUMONIA",
  copdExacerbation: "COPD EXACERBATION",
  uti: "URINARY TRACT INFECTION",
  sepsis: "SEPSIS",
  aki: "ACUTE RENAL FAILURE",
  hipFracture: "HIP FRACTURE",
  cellulitis: "CELLULITIS",
  syncope: "SYNCOPE",
  cholecystitis: "CHOLECYSTITIS",
  acutePancreatitis: "PANCREATITIS",
  pacaDiagnosis: "PANCREATIC MASS",
  terminal: "ALTERED MENTAL STATUS",
};
