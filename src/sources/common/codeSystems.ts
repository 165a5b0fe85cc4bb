/**
 * Names sources give code systems (FHIR system URIs, OMOP vocabulary_id, Synthea CSV SYSTEM values) → Prognos'
 * CodeSystem. Anything not listed is an unknown system: the row is skipped and counted, never guessed.
 */
import type { CodeSystem } from "../Timeline.ts";
import { sqlCase } from "./sql.ts";

/** Lower-case names → CodeSystem. ICD-9-CM names map to ICD9; in a procedure context they become ICD9PROC. */
export const CODE_SYSTEM_NAMES: Readonly<Record<string, CodeSystem>> = {
  // FHIR R4 system URIs (terminology.hl7.org "external code systems")
  "http://snomed.info/sct": "SNOMED",
  "http://hl7.org/fhir/sid/icd-10-cm": "ICD10",
  "http://hl7.org/fhir/sid/icd-10": "ICD10",
  "http://hl7.org/fhir/sid/icd-9-cm": "ICD9",
  "http://www.cms.gov/medicare/coding/icd10": "ICD10PCS",
  "http://www.icd10data.com/icd10pcs": "ICD10PCS",
  "http://www.nlm.nih.gov/research/umls/rxnorm": "RXNORM",
  "http://loinc.org": "LOINC",
  "http://www.ama-assn.org/go/cpt": "CPT",
  "http://hl7.org/fhir/sid/ndc": "NDC",
  // OMOP CDM vocabulary_id (lower-cased)
  snomed: "SNOMED",
  icd9cm: "ICD9",
  icd9proc: "ICD9PROC",
  icd10cm: "ICD10",
  icd10: "ICD10",
  icd10pcs: "ICD10PCS",
  rxnorm: "RXNORM",
  loinc: "LOINC",
  cpt4: "CPT",
  ndc: "NDC",
  // Synthea CSV SYSTEM column values
  "snomed-ct": "SNOMED",
  "icd-10-cm": "ICD10",
  "icd-9-cm": "ICD9",
  "icd-10-pcs": "ICD10PCS",
  cpt: "CPT",
};

/**
 * SQL mapping a system-name expression to a CodeSystem (NULL when unknown). With `procedure` true, ICD-9-CM
 * becomes ICD9PROC (FHIR and Synthea name ICD-9-CM volume 3 procedure codes with the same URI as diagnoses).
 */
export function sqlCodeSystem(nameExpr: string, procedure = false): string {
  const mapped = sqlCase(`lower(trim(${nameExpr}))`, CODE_SYSTEM_NAMES);
  return procedure ? `(CASE WHEN ${mapped} = 'ICD9' THEN 'ICD9PROC' ELSE ${mapped} END)` : mapped;
}
