/**
 * MEDS codes ↔ Prognos' (kind, system, code) (docs/meds.md). MEDS leaves the code vocabulary open; Prognos reads
 * three conventions and writes the second:
 *   1. MIMIC_IV_MEDS: `DIAGNOSIS//ICD//9//4280`, `DIAGNOSIS//ICD//10//I509`, `PROCEDURE//ICD//9//3893`,
 *      `PROCEDURE//ICD//10//…`;
 *   2. `<KIND>//<VOCABULARY>//<code>` with KIND DIAGNOSIS | PROCEDURE | MEDICATION | LAB and an OMOP vocabulary id
 *      (`DIAGNOSIS//SNOMED//44054006`, `MEDICATION//RxNorm//860975`): what `prognos ehr export --format meds` writes;
 *   3. `<VOCABULARY>/<code>` (the OMOP vocabulary convention of MEDS ETLs from OMOP: `ICD10CM/E11.9`, `SNOMED/…`),
 *      the kind taken from the vocabulary.
 * Visits: `VISIT//START//<INPATIENT|OUTPATIENT>//<type>` and `VISIT//END//<expire flag>` (Prognos), or
 * `HOSPITAL_ADMISSION//…` and `HOSPITAL_DISCHARGE//…` (MIMIC_IV_MEDS). Patients: `MEDS_BIRTH`, `MEDS_DEATH`,
 * `GENDER//<sex>`.
 */
import type { CodeSystem } from "../Timeline.ts";

/** OMOP vocabulary id (upper case) → Prognos code system and the kind a bare `<VOCAB>/<code>` has. */
export const MEDS_VOCABULARIES: Readonly<Record<string, { system: CodeSystem; kind: string; name: string }>> = {
  ICD9CM: { system: "ICD9", kind: "diagnosis", name: "ICD9CM" },
  ICD10CM: { system: "ICD10", kind: "diagnosis", name: "ICD10CM" },
  SNOMED: { system: "SNOMED", kind: "diagnosis", name: "SNOMED" },
  ICD9PROC: { system: "ICD9PROC", kind: "procedure", name: "ICD9Proc" },
  ICD10PCS: { system: "ICD10PCS", kind: "procedure", name: "ICD10PCS" },
  CPT4: { system: "CPT", kind: "procedure", name: "CPT4" },
  RXNORM: { system: "RXNORM", kind: "drug", name: "RxNorm" },
  NDC: { system: "NDC", kind: "drug", name: "NDC" },
  LOINC: { system: "LOINC", kind: "lab", name: "LOINC" },
};

/** Prognos kind → the KIND word of convention 2. */
export const MEDS_KIND_WORDS: Readonly<Record<string, string>> = {
  diagnosis: "DIAGNOSIS",
  procedure: "PROCEDURE",
  drug: "MEDICATION",
  lab: "LAB",
};

const KIND_OF_WORD = Object.fromEntries(Object.entries(MEDS_KIND_WORDS).map(([k, w]) => [w, k]));

const vocabCase = (expr: string, field: "system" | "kind") =>
  `(CASE upper(${expr}) ${Object.entries(MEDS_VOCABULARIES)
    .map(([v, m]) => `WHEN '${v}' THEN '${m[field]}'`)
    .join(" ")} END)`;

/**
 * SQL over a `code` column giving `kind`, `system` and `code` (NULL kind: not a code Prognos reads as an event).
 * Returns three expressions.
 */
export function medsEventSql(code: string): { kind: string; system: string; code: string } {
  const p = (i: number) => `split_part(${code}, '//', ${i})`;
  const mimicIcd = `(${code} LIKE 'DIAGNOSIS//ICD//%' OR ${code} LIKE 'PROCEDURE//ICD//%')`;
  const kindWord = `(CASE ${p(1)} ${Object.entries(KIND_OF_WORD)
    .map(([w, k]) => `WHEN '${w}' THEN '${k}'`)
    .join(" ")} END)`;
  const convention2 = `(${kindWord} IS NOT NULL AND ${vocabCase(p(2), "system")} IS NOT NULL AND ${p(3)} <> '')`;
  const slash = `regexp_extract(${code}, '^([A-Za-z0-9]+)/([^/].*)$', 1)`;
  const slashCode = `regexp_extract(${code}, '^([A-Za-z0-9]+)/([^/].*)$', 2)`;
  const convention3 = `(${vocabCase(slash, "system")} IS NOT NULL)`;
  return {
    kind: `(CASE WHEN ${mimicIcd} THEN ${kindWord} WHEN ${convention2} THEN ${kindWord} WHEN ${convention3} THEN ${vocabCase(slash, "kind")} END)`,
    system:
      `(CASE WHEN ${mimicIcd} THEN (CASE ${p(1)} || '/' || ${p(3)} WHEN 'DIAGNOSIS/9' THEN 'ICD9' WHEN 'DIAGNOSIS/10' THEN 'ICD10' ` +
      `WHEN 'PROCEDURE/9' THEN 'ICD9PROC' WHEN 'PROCEDURE/10' THEN 'ICD10PCS' END) ` +
      `WHEN ${convention2} THEN ${vocabCase(p(2), "system")} WHEN ${convention3} THEN ${vocabCase(slash, "system")} END)`,
    code:
      `(CASE WHEN ${mimicIcd} THEN ${p(4)} WHEN ${convention2} THEN substr(${code}, length(${p(1)}) + length(${p(2)}) + 5) ` +
      `WHEN ${convention3} THEN ${slashCode} END)`,
  };
}

/** Codes that describe the patient or the visit rather than an event (read into tl_patients / tl_stays). */
export function medsStructuralSql(code: string): string {
  return (
    `(${code} IN ('MEDS_BIRTH', 'MEDS_DEATH') OR ${code} LIKE 'MEDS_DEATH//%' OR ${code} LIKE 'GENDER//%' ` +
    `OR ${code} LIKE 'VISIT//START//%' OR ${code} LIKE 'VISIT//END//%' OR ${code} LIKE 'HOSPITAL_ADMISSION%' ` +
    `OR ${code} LIKE 'HOSPITAL_DISCHARGE%')`
  );
}
