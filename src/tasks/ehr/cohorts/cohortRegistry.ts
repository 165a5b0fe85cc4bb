/**
 * The Med-BERT cohorts as plain data (medbert.md "Fine-tuning", issue 5). A code set lists, per code system,
 * patterns matched against the code as the source writes it with dots removed: ICD entries are prefixes in which
 * `x` stands for any one digit (`250x0` = 250 + a 4th digit + 5th digit 0); SNOMED entries are whole codes.
 * Only diagnosis events are matched. The SQL that applies a definition is in cohortSql.ts.
 */

export type CohortSystem = "ICD9" | "ICD10" | "SNOMED";
export type CodeSet = Partial<Record<CohortSystem, readonly string[]>>;

export interface OnsetCohort {
  kind: "onset";
  name: string;
  description: string;
  /** Patients qualify when coded with this set on at least `minEncounters` encounters (omitted: everyone). */
  qualifying?: { codes: CodeSet; minEncounters: number };
  /** Any of these at any time excludes the patient. */
  exclude?: CodeSet;
  /** The outcome; its first encounter is the case index. */
  outcome: CodeSet;
  /** Case rules (near-cases failing them are excluded, not controls). */
  minOutcomeEncounters: number;
  minDaysAfterQualifying: number;
  /** Any of these strictly before the index excludes the patient. */
  excludeBefore?: CodeSet;
  minAgeAtIndex?: number;
}

export interface StayCohort {
  kind: "last-stay" | "readmission";
  name: string;
  description: string;
  /** last-stay: the label of the last inpatient stay. */
  outcome?: "death-in-stay" | "stay-over-7-days";
  /** readmission: inpatient admission within this many days of a discharge. */
  days?: number;
}

export type CohortDefinition = OnsetCohort | StayCohort;

const DIABETES_T2: CodeSet = { ICD9: ["250x0", "250x2"], ICD10: ["E11"], SNOMED: ["44054006"] };
const DIABETES_EXCLUDED: CodeSet = {
  // type 1, insipidus, gestational, secondary, neonatal
  ICD9: ["250x1", "250x3", "2535", "6488", "249", "7751"],
  ICD10: ["E10", "E232", "O244", "E08", "E09", "E13", "P702"],
  SNOMED: ["46635009", "15771004", "11687002", "8801005", "427089005"],
};
const HEART_FAILURE: CodeSet = {
  ICD9: ["428", "402x1", "404x1", "404x3"],
  ICD10: ["I50", "I110", "I130", "I132"],
  SNOMED: ["84114007", "88805009"],
};
const PANCREATIC_CANCER: CodeSet = { ICD9: ["157"], ICD10: ["C25"], SNOMED: ["363418001"] };
/** Malignant neoplasms: ICD-9 140–209, ICD-10 C00–C97, and the SNOMED cancers Synthea and the generator code. */
const ANY_CANCER: CodeSet = {
  ICD9: ["14", "15", "16", "17", "18", "19", "20"],
  ICD10: ["C"],
  SNOMED: ["363418001", "254837009", "363406005", "109838007", "399068003", "126906006", "93761005", "162573006"],
};

export const COHORTS: readonly CohortDefinition[] = [
  {
    kind: "onset",
    name: "dhf",
    description:
      "heart failure among type-2 diabetics (≥ 2 diabetes encounters; HF first coded ≥ 30 days after the first " +
      "diabetes encounter on > 1 encounter; index = first HF encounter / last encounter for controls)",
    qualifying: { codes: DIABETES_T2, minEncounters: 2 },
    exclude: DIABETES_EXCLUDED,
    outcome: HEART_FAILURE,
    minOutcomeEncounters: 2,
    minDaysAfterQualifying: 30,
  },
  {
    kind: "onset",
    name: "paca",
    description:
      "pancreatic cancer (age ≥ 45 at index, no earlier cancer; index = first diagnosis / last encounter for controls)",
    outcome: PANCREATIC_CANCER,
    minOutcomeEncounters: 1,
    minDaysAfterQualifying: 0,
    excludeBefore: ANY_CANCER,
    minAgeAtIndex: 45,
  },
  {
    kind: "last-stay",
    name: "mortality",
    description: "death in the last inpatient stay; index = that stay's admission",
    outcome: "death-in-stay",
  },
  {
    kind: "last-stay",
    name: "prolonged-los",
    description: "the last inpatient stay lasted > 7 days; index = its admission",
    outcome: "stay-over-7-days",
  },
  {
    kind: "readmission",
    name: "readmission-30d",
    description:
      "an inpatient admission within 30 days after a discharge; index = that discharge (controls: the last " +
      "discharge); input = history up to and including the discharged stay",
    days: 30,
  },
];

export function cohortNames(): string[] {
  return COHORTS.map((c) => c.name);
}
