/**
 * The Med-BERT cohorts as plain data (docs/medbert-method.md#cohorts, issue 5). A code set lists, per code system,
 * patterns matched against the code as the source writes it with dots removed: ICD entries are prefixes in which
 * `x` stands for any one digit (`250x0` = 250 + a 4th digit + 5th digit 0); SNOMED entries are whole codes.
 * Only diagnosis events are matched. The SQL that applies a definition is in cohortSql.ts.
 */

export type CohortSystem = "ICD9" | "ICD10" | "SNOMED";
export type CodeSet = Partial<Record<CohortSystem, readonly string[]>>;

/**
 * Evidence confirming the qualifying condition (docs/medbert-method.md: the paper confirms diabetes by HbA1c ≥ 6.5% or
 * an antidiabetic drug, where the source has them). Applied only on request (`ehr build --dhf-confirm`).
 */
export interface Confirmation {
  /** The condition confirmed, for the status text ("diabetes"). */
  condition: string;
  /**
   * Drug events: `codes` are whole codes per system, matched against the code as the source writes it; `names` are
   * lower-case words matched (whole words, any case) in the drug code's title (tl_code_titles: OMOP concept_name,
   * Synthea DESCRIPTION, FHIR display, MIMIC's drug name per NDC).
   */
  drugs: { label: string; codes: Partial<Record<"RXNORM" | "NDC", readonly string[]>>; names: readonly string[] };
  /** Lab events with one of these codes and a value ≥ minValue (in `unit`; units are not carried, not converted). */
  labs: { label: string; codes: Partial<Record<"LOINC", readonly string[]>>; minValue: number; unit: string };
}

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
  /** Optional confirmation of the qualifying condition (off unless asked for). */
  confirmation?: Confirmation;
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

/**
 * Every patient, for pre-training (`ehr build --cohort pretrain`, docs/medbert.md#pretraining): the input is the
 * whole history, there is no outcome (label null). Patients any cohort built with the same --seed puts in its test
 * split are held out, and so are the val/test patients of the cohort folders named by --exclude.
 */
export interface PretrainCohort {
  kind: "all";
  name: string;
  description: string;
}

export type CohortDefinition = OnsetCohort | StayCohort | PretrainCohort;

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
/**
 * Antidiabetic drugs (ATC A10): RxNorm ingredient codes checked against a published table (CPIC's drug list, ATC
 * A10: metformin, glyburide, glimepiride, glipizide, chlorpropamide, rosiglitazone); sources mostly record clinical
 * drugs (SCD/SBD codes such as 860975), so the names, matched in the code's title, do most of the work.
 */
const ANTIDIABETIC_DRUGS: Confirmation["drugs"] = {
  label: "antidiabetic drug",
  codes: { RXNORM: ["6809", "4815", "25789", "4821", "2404", "84108"] },
  names: [
    // biguanide, sulfonylureas, meglitinides, thiazolidinediones, alpha-glucosidase inhibitors
    ...["metformin", "glipizide", "glyburide", "glibenclamide", "glimepiride", "gliclazide", "tolbutamide"],
    ...["tolazamide", "chlorpropamide", "repaglinide", "nateglinide", "pioglitazone", "rosiglitazone"],
    ...["acarbose", "miglitol"],
    // DPP-4 inhibitors, GLP-1 agonists, SGLT2 inhibitors, amylin analogue
    ...["sitagliptin", "saxagliptin", "linagliptin", "alogliptin", "vildagliptin", "exenatide", "liraglutide"],
    ...["dulaglutide", "semaglutide", "lixisenatide", "albiglutide", "tirzepatide", "canagliflozin"],
    ...["dapagliflozin", "empagliflozin", "ertugliflozin", "pramlintide"],
    // insulins (any product naming insulin, and analogues named alone)
    ...["insulin", "glargine", "lispro", "aspart", "detemir", "degludec", "glulisine"],
    // brands seen without the ingredient's name
    ...["glucophage", "lantus", "levemir", "humulin", "novolin", "humalog", "novolog", "januvia", "janumet"],
    ...["actos", "avandia", "victoza", "ozempic", "trulicity", "byetta", "jardiance", "farxiga", "invokana"],
    ...["glucotrol", "amaryl", "micronase", "diabeta"],
  ],
};
/** HbA1c in % of total haemoglobin (LOINC 4548-4 in blood, 4549-2 electrophoresis, 17855-8 calculated, 17856-6 HPLC). */
const HBA1C: Confirmation["labs"] = {
  label: "HbA1c ≥ 6.5%",
  codes: { LOINC: ["4548-4", "4549-2", "17855-8", "17856-6"] },
  minValue: 6.5,
  unit: "%",
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
    confirmation: { condition: "diabetes", drugs: ANTIDIABETIC_DRUGS, labs: HBA1C },
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
  {
    kind: "all",
    name: "pretrain",
    description:
      "every patient, whole history, no outcome (for `ehr pretrain`); held out: the patients the same --seed puts " +
      "in the test split of any cohort, and the val/test patients of the cohort folders given to --exclude",
  },
];

export function cohortNames(): string[] {
  return COHORTS.map((c) => c.name);
}
