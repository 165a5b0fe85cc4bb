import type { CsvValue } from "../../util/csvField.ts";
import { formatDate, formatDateTime } from "../common/time.ts";
import { CONCEPT } from "./OmopConcepts.ts";

/**
 * One row of each OMOP CDM 5.4 event table, in the column order of omopTables.ts. Every record's type is 32817
 * (EHR); columns the generator has nothing for (provider, care site, visit detail, status, route…) are empty or 0.
 */

/** VISIT_OCCURRENCE; `reason` goes to visit_source_value, a death to discharged_to_concept_id (4216643). */
export function visitRow(
  id: number,
  pid: number,
  conceptId: number,
  start: number,
  end: number,
  reason: string,
  died: boolean,
  preceding: number | null,
): CsvValue[] {
  // biome-ignore format: one line per CDM column group
  return [
    id, pid, conceptId, formatDate(start), formatDateTime(start), formatDate(end), formatDateTime(end), CONCEPT.ehr,
    null, null, reason, 0, 0, null, died ? CONCEPT.patientDied : 0, died ? "died" : null, preceding,
  ];
}

/** CONDITION_OCCURRENCE: the standard (SNOMED) concept, the source concept and the code as its system writes it. */
export function conditionRow(
  id: number,
  pid: number,
  standardId: number,
  time: number,
  visitId: number | null,
  sourceValue: string,
  sourceId: number,
): CsvValue[] {
  // biome-ignore format: one line per CDM column group
  return [
    id, pid, standardId, formatDate(time), formatDateTime(time), null, null, CONCEPT.ehr, 0, null, null, visitId, null,
    sourceValue, sourceId, null,
  ];
}

/** DRUG_EXPOSURE: RxNorm concept, days of supply, the exposure ending `days` after it starts. */
export function drugRow(
  id: number,
  pid: number,
  conceptId: number,
  time: number,
  days: number,
  visitId: number,
  rxnorm: string,
): CsvValue[] {
  const end = time + days * 86_400_000;
  // biome-ignore format: one line per CDM column group
  return [
    id, pid, conceptId, formatDate(time), formatDateTime(time), formatDate(end), formatDateTime(end), null, CONCEPT.ehr,
    null, 0, null, days, null, 0, null, null, visitId, null, rxnorm, conceptId, null, null,
  ];
}

/** PROCEDURE_OCCURRENCE: SNOMED concept, same start and end. */
export function procedureRow(
  id: number,
  pid: number,
  conceptId: number,
  time: number,
  visitId: number,
  snomed: string,
): CsvValue[] {
  const date = formatDate(time);
  const dateTime = formatDateTime(time);
  // biome-ignore format: one line per CDM column group
  return [
    id, pid, conceptId, date, dateTime, date, dateTime, CONCEPT.ehr, 0, null, null, visitId, null, snomed, conceptId,
    null,
  ];
}
