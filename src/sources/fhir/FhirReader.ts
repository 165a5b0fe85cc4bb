/**
 * FHIR R4 → patient timeline. Source id `fhir`. Bulk NDJSON and per-patient Bundles (FhirResources.ts), alone or
 * together; the same resources give the same timeline either way.
 *
 *   patients: Patient (birthDate, gender, deceasedDateTime).
 *   stays:    Encounter; stay_type = class code (R4 Coding, or R5's CodeableConcept list); inpatient = IMP, ACUTE or
 *             NONAC; emergency = EMER, grouped into the inpatient stay it leads into (common/emergencyGrouping.ts).
 *             expire_flag derived: '1' when hospitalization.dischargeDisposition is `exp` or the patient's
 *             deceasedDateTime falls within the period's dates, '0' otherwise, NULL when the death date is
 *             unparsable (FHIR has no in-hospital death flag).
 *   events:   Condition (diagnosis; onsetDateTime, onsetPeriod.start or recordedDate), Procedure (performedDateTime
 *             or performedPeriod.start), MedicationRequest (drug; authoredOn; medicationCodeableConcept),
 *             Observation (lab; effectiveDateTime, effectivePeriod.start or issued; value = valueQuantity.value,
 *             units not carried). The first coding whose system
 *             Prognos knows is used (common/codeSystems.ts); references by `encounter` (R4).
 *   notes:    DocumentReference with an inline text/plain attachment (base64): time = date (or context.period.start),
 *             visit = context.encounter[0], category = type text or first coding's display.
 *   titles:   the chosen codings' display texts.
 */

import { PrognosError } from "../../util/errors.ts";
import { hasKeptNotes, makeTimeline, timelineConnection } from "../common/openTimeline.ts";
import { requireDir } from "../common/sourceFiles.ts";
import { sqlTime } from "../common/sql.ts";
import { buildTimeline } from "../common/TimelineBuilder.ts";
import type { SourceReader, Timeline } from "../Timeline.ts";
import { type FhirType, loadFhirResources, noteTextParts } from "./FhirResources.ts";
import { codingReason, fhirRef, field, pickCoding } from "./fhirSql.ts";

interface EventType {
  type: FhirType;
  kind: "diagnosis" | "procedure" | "drug" | "lab";
  coding: string;
  time: string;
}

const EVENT_TYPES: readonly EventType[] = [
  {
    type: "Condition",
    kind: "diagnosis",
    coding: "$.code.coding",
    time: `coalesce(${field("$.onsetDateTime")}, ${field("$.onsetPeriod.start")}, ${field("$.recordedDate")})`,
  },
  {
    type: "Procedure",
    kind: "procedure",
    coding: "$.code.coding",
    time: `coalesce(${field("$.performedDateTime")}, ${field("$.performedPeriod.start")})`,
  },
  {
    type: "MedicationRequest",
    kind: "drug",
    coding: "$.medicationCodeableConcept.coding",
    time: field("$.authoredOn"),
  },
  {
    type: "Observation",
    kind: "lab",
    coding: "$.code.coding",
    time: `coalesce(${field("$.effectiveDateTime")}, ${field("$.effectivePeriod.start")}, ${field("$.issued")})`,
  },
];

/** The resource id; in Bundles without ids, the fullUrl's last part. */
function idOf(res = "res", fullUrl = "full_url"): string {
  return `coalesce(${field("$.id", res)}, ${fhirRef(fullUrl)})`;
}
const ID = idOf();
const CLASS = `coalesce(${field("$.class.code", "e.res")}, ${field("$.class[0].coding[0].code", "e.res")})`;

function eventSelect(e: EventType): string {
  const picked = pickCoding(e.coding, e.kind === "procedure");
  const rawValue = field("$.valueQuantity.value");
  const value = e.kind === "lab" ? `try_cast(${rawValue} AS DOUBLE)` : "NULL::DOUBLE";
  const valueReason =
    e.kind === "lab"
      ? `CASE WHEN ${rawValue} IS NOT NULL AND ${value} IS NULL THEN 'valueQuantity.value is not a number (kept; value NULL)' END`
      : "NULL::VARCHAR";
  const reasons = [
    e.type === "MedicationRequest"
      ? `CASE WHEN (res->'$.medicationCodeableConcept') IS NULL AND (res->'$.medicationReference') IS NOT NULL ` +
        `THEN 'medicationReference (Medication resources are not read)' END`
      : "NULL",
    codingReason(e.coding, e.kind === "procedure"),
  ];
  return (
    `SELECT file_no, source_row, ${fhirRef("res->>'$.subject.reference'")} AS patient_id, ` +
    `${fhirRef("res->>'$.encounter.reference'")} AS stay_ref, ${e.time} AS time_raw, ${sqlTime(e.time)} AS time, ` +
    `FALSE AS time_from_stay, '${e.kind}' AS kind, ${picked}.sys AS system, ${picked}.code AS code, ` +
    `${picked}.display AS title, NULL::INTEGER AS seq, '${e.type}/' || ${ID} AS dup_key, ` +
    `coalesce(${reasons.join(", ")}) AS pre_reason, ${valueReason} AS report_reason, ${value} AS value ` +
    `FROM fhir_raw_${e.type.toLowerCase()}`
  );
}

export const fhirReader: SourceReader = {
  id: "fhir",
  async open(dir, options): Promise<Timeline> {
    requireDir(dir);
    const conn = await timelineConnection(options);
    try {
      const c = conn.connection;
      const input = await loadFhirResources(c, dir);
      for (const type of ["Patient", "Encounter"] as const) {
        if (!input.counts.get(type)) {
          throw new PrognosError(
            `no ${type} resources: expected bulk files named ${type}.ndjson or ${type}.000.ndjson, or Bundles ` +
              `(*.json) holding them (read: ${input.files.join(", ") || "no .ndjson or .json files"})`,
            { file: dir },
          );
        }
      }
      const death = `(SELECT ${ID} AS pid, min(${field("$.deceasedDateTime")}) AS raw FROM fhir_raw_patient GROUP BY 1)`;
      const deathDate = `${sqlTime("d.raw")}::DATE`;
      const periodStart = field("$.period.start", "e.res");
      const periodEnd = field("$.period.end", "e.res");
      await c.run(
        `CREATE OR REPLACE TEMP TABLE fhir_raw_events AS ${EVENT_TYPES.map(eventSelect).join(" UNION ALL ")}`,
      );
      const skips = await buildTimeline(c, {
        prefix: "fhir",
        files: input.files,
        groupEmergency: true,
        patients:
          `SELECT file_no, source_row, ${ID} AS patient_id, ${field("$.birthDate")} AS birth_raw, ` +
          `${sqlTime(field("$.birthDate"))} AS birth_date, ${field("$.gender")} AS sex, ` +
          `${sqlTime(field("$.deceasedDateTime"))} AS death_time, NULL::VARCHAR AS pre_reason, ` +
          `CASE WHEN ${field("$.deceasedDateTime")} IS NOT NULL AND ${sqlTime(field("$.deceasedDateTime"))} IS NULL ` +
          `THEN 'unparsable deceasedDateTime (kept; death_time NULL)' ` +
          `WHEN (res->>'$.deceasedBoolean') = 'true' THEN 'deceased without a date (kept; death_time NULL)' END ` +
          `AS report_reason FROM fhir_raw_patient`,
        stays:
          `SELECT e.file_no, e.source_row, ${idOf("e.res", "e.full_url")} ` +
          `AS stay_id, ${fhirRef("e.res->>'$.subject.reference'")} AS patient_id, ${periodStart} AS start_raw, ` +
          `${sqlTime(periodStart)} AS start_time, ${periodEnd} AS end_raw, ${sqlTime(periodEnd)} AS end_time, ` +
          `${CLASS} AS stay_type, ` +
          `${CLASS} IN ('IMP', 'ACUTE', 'NONAC') AS inpatient, ` +
          `${CLASS} = 'EMER' AS emergency, ` +
          `CASE WHEN (e.res->>'$.hospitalization.dischargeDisposition.coding[0].code') = 'exp' THEN '1' ` +
          `WHEN d.raw IS NULL THEN '0' WHEN ${deathDate} IS NULL THEN NULL ` +
          `WHEN ${deathDate} BETWEEN ${sqlTime(periodStart)}::DATE AND ${sqlTime(periodEnd)}::DATE THEN '1' ` +
          `ELSE '0' END AS expire_flag, NULL::VARCHAR AS pre_reason ` +
          `FROM fhir_raw_encounter e LEFT JOIN ${death} d ON d.pid = ${fhirRef("e.res->>'$.subject.reference'")}`,
        events: `SELECT * EXCLUDE (title) FROM fhir_raw_events`,
        eventValues: true,
        notes: {
          meta:
            `SELECT file_no, source_row, ${ID} AS note_id, ${fhirRef("res->>'$.subject.reference'")} AS patient_id, ` +
            `${fhirRef("res->>'$.context.encounter[0].reference'")} AS stay_ref, ` +
            `coalesce(${field("$.date")}, ${field("$.context.period.start")}) AS time_raw, ` +
            `${sqlTime(`coalesce(${field("$.date")}, ${field("$.context.period.start")})`)} AS time, ` +
            `coalesce(${field("$.type.text")}, ${field("$.type.coding[0].display")}) AS category, ` +
            `NULL::VARCHAR AS description, NULL::BIGINT AS seq, ${field("$.prognos_text_reason")} AS pre_reason ` +
            `FROM fhir_raw_documentreference`,
          text: noteTextParts(input),
        },
        titles:
          `SELECT system, code, min(title) AS title FROM fhir_raw_events WHERE system IS NOT NULL AND code IS NOT ` +
          `NULL AND title IS NOT NULL GROUP BY system, code`,
      });
      const hasNotes = await hasKeptNotes(c, "fhir_notes");
      return makeTimeline("fhir", dir, conn, hasNotes, [...input.skips, ...skips]);
    } catch (e) {
      conn.close();
      throw e;
    }
  },
};
