/**
 * OMOP concept ids → (code system, code) through the CONCEPT table.
 *
 * Rule for an event row with a source concept (`*_source_concept_id`) and a standard concept (`*_concept_id`):
 *   1. the source concept, when CONCEPT has it and its vocabulary is a Prognos code system: the code the source
 *      recorded (its `concept_code`, e.g. SNOMED '44054006', ICD10CM 'E11.9' as written, RxNorm '314076');
 *   2. else the standard concept under the same condition (OMOP's own mapping; reported as kept with a caveat);
 *   3. else the row is skipped, the reason naming the vocabularies (or "not in CONCEPT", or "concept_id 0").
 * Vocabularies: see common/codeSystems.ts (SNOMED, ICD9CM→ICD9, ICD9Proc→ICD9PROC, ICD10CM→ICD10, ICD10PCS,
 * RxNorm, LOINC, CPT4, NDC); e.g. 'RxNorm Extension' is not RxNorm and is not mapped.
 */
import { sqlCodeSystem } from "../common/codeSystems.ts";
import { sqlText } from "../common/sql.ts";

/** Temp table of CONCEPT rows with their Prognos system (NULL when the vocabulary is not one). */
export const CONCEPTS = "omop_raw_concepts";

export function conceptsTableSql(rawConcept: string): string {
  return (
    `CREATE OR REPLACE TEMP TABLE ${CONCEPTS} AS SELECT trim(concept_id) AS concept_id, ` +
    `trim(vocabulary_id) AS vocabulary_id, ${sqlCodeSystem("vocabulary_id")} AS system, ` +
    `${sqlText("concept_code")} AS code, concept_name AS title FROM ${rawConcept} ` +
    `QUALIFY row_number() OVER (PARTITION BY trim(concept_id) ORDER BY source_row) = 1`
  );
}

/**
 * FROM-clause joins and the select list for one event table: `src` and `std` are the concept joins.
 * `sourceCol` / `standardCol` are the raw concept id columns of table alias `t`.
 */
export function conceptJoins(sourceCol: string, standardCol: string): string {
  return (
    `LEFT JOIN ${CONCEPTS} src ON src.concept_id = nullif(trim(t.${sourceCol}), '0') ` +
    `LEFT JOIN ${CONCEPTS} std ON std.concept_id = nullif(trim(t.${standardCol}), '0')`
  );
}

/** Select list (system, code, title, pre_reason, report_reason) applying the rule above; needs conceptJoins. */
export function conceptColumns(sourceCol: string, standardCol: string, procedure: boolean): string {
  const fix = (sys: string) => (procedure ? `(CASE WHEN ${sys} = 'ICD9' THEN 'ICD9PROC' ELSE ${sys} END)` : sys);
  const useSrc = `(src.system IS NOT NULL AND src.code IS NOT NULL)`;
  const useStd = `(std.system IS NOT NULL AND std.code IS NOT NULL)`;
  const src = sqlText(`t.${sourceCol}`);
  const std = sqlText(`t.${standardCol}`);
  return [
    `CASE WHEN ${useSrc} THEN ${fix("src.system")} WHEN ${useStd} THEN ${fix("std.system")} END AS system`,
    `CASE WHEN ${useSrc} THEN src.code WHEN ${useStd} THEN std.code END AS code`,
    `CASE WHEN ${useSrc} THEN src.title WHEN ${useStd} THEN std.title END AS title`,
    `CASE WHEN ${useSrc} OR ${useStd} THEN NULL ` +
      `WHEN coalesce(${src}, '0') = '0' AND coalesce(${std}, '0') = '0' ` +
      `THEN 'no concept (${sourceCol} and ${standardCol} are 0 or empty)' ` +
      `WHEN src.concept_id IS NULL AND std.concept_id IS NULL THEN 'concept_id not in CONCEPT' ` +
      `ELSE 'vocabulary ' || coalesce(src.vocabulary_id, std.vocabulary_id) || ` +
      `' is not a Prognos code system' END AS pre_reason`,
    `CASE WHEN NOT ${useSrc} AND ${useStd} THEN 'no usable ${sourceCol}: standard concept used (kept)' ` +
      `END AS report_reason`,
  ].join(", ");
}
