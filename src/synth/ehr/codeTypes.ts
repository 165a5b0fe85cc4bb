/**
 * The shape of the generator's code tables. A latent condition (or drug, or procedure) has one entry with its codes
 * in each code system; `--condition-codes` picks the system for diagnoses. Where a system has several codes for the
 * condition (heart failure: I50.9, I50.22, I50.32, I11.0), one is drawn per coded visit with the given weights.
 *
 * ICD codes are stored as MIMIC-III writes them (no dot: '4280', 'I509'); OMOP's CONCEPT writes them with the dot
 * (`icdDotted`). SNOMED entries carry the OMOP concept_id of the Synthea27Nj vocabulary sample where it has the
 * concept (a real OMOP id); concepts it lacks get local ids ≥ 2,000,000,000 (OMOP's range for site-local concepts).
 */

export type DiagnosisSystem = "snomed" | "icd10" | "icd9";
export const DIAGNOSIS_SYSTEMS: readonly DiagnosisSystem[] = ["snomed", "icd10", "icd9"];

/** A SNOMED CT code: [code, title as OMOP names it, OMOP concept_id from the sample or null, weight]. */
export type SnomedCode = readonly [code: string, title: string, omopId: number | null, weight?: number];
/** An ICD-10-CM code (no dot): [code, title (ICD-10-CM 2019 long title), weight]. */
export type Icd10Code = readonly [code: string, title: string, weight?: number];
/** An ICD-9-CM code (no dot): [code, short title, long title (both as MIMIC-III's D_ICD_DIAGNOSES), weight]. */
export type Icd9Code = readonly [code: string, shortTitle: string, longTitle: string, weight?: number];

export interface ConditionEntry {
  /** The generator's own name for the condition, e.g. 't2d'. */
  key: string;
  snomed: readonly SnomedCode[];
  icd10: readonly Icd10Code[];
  icd9: readonly Icd9Code[];
  /** OMOP domain of the SNOMED concept when not 'Condition' (Synthea codes obesity and smoking as findings). */
  domain?: string;
}

/** ICD code with its dot, as OMOP's CONCEPT writes it: I509 → I50.9, 25000 → 250.00, ICD-9 E8497 → E849.7. */
export function icdDotted(system: "icd10" | "icd9", code: string): string {
  const split = system === "icd9" && code.startsWith("E") ? 4 : 3;
  return code.length > split ? `${code.slice(0, split)}.${code.slice(split)}` : code;
}

/** The variant a uniform draw `u` picks from a weighted list (weights default to 1). */
export function pickVariant(weights: ReadonlyArray<number | undefined>, u: number): number {
  let total = 0;
  for (const w of weights) total += w ?? 1;
  let x = u * total;
  for (let i = 0; i < weights.length; i++) {
    x -= weights[i] ?? 1;
    if (x < 0) return i;
  }
  return weights.length - 1;
}
