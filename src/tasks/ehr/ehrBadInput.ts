/**
 * Bad input the cohort and sequence steps meet, counted per rule with the file and example rows (never dropped
 * silently): stays ending before they start, diagnoses of code systems no cohort code set covers, events whose
 * stay is missing or unusable, duplicate codes within a visit, patients without a birth date (age criteria).
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import type { SourceId } from "../../sources/Timeline.ts";

export interface BadInputRecord {
  rule: string;
  file: string;
  count: number;
  exampleRows: number[];
}

const STAYS_FILE: Record<SourceId, string> = {
  mimic3: "ADMISSIONS.csv",
  mimic4: "admissions.csv",
  omop: "VISIT_OCCURRENCE.csv",
  "synthea-csv": "encounters.csv",
  fhir: "Encounter.ndjson",
  meds: "data/*.parquet",
};
const EVENT_FILE: Record<SourceId, Record<string, string>> = {
  mimic3: { diagnosis: "DIAGNOSES_ICD.csv", procedure: "PROCEDURES_ICD.csv", drug: "PRESCRIPTIONS.csv" },
  mimic4: { diagnosis: "diagnoses_icd.csv", procedure: "procedures_icd.csv", drug: "prescriptions.csv" },
  omop: { diagnosis: "CONDITION_OCCURRENCE.csv", procedure: "PROCEDURE_OCCURRENCE.csv", drug: "DRUG_EXPOSURE.csv" },
  "synthea-csv": { diagnosis: "conditions.csv", procedure: "procedures.csv", drug: "medications.csv" },
  fhir: { diagnosis: "Condition.ndjson", procedure: "Procedure.ndjson", drug: "MedicationRequest.ndjson" },
  meds: { diagnosis: "data/*.parquet", procedure: "data/*.parquet", drug: "data/*.parquet" },
};

async function rows(conn: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  return (await conn.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
}

const examples = (v: unknown): number[] => (Array.isArray(v) ? v.map(Number) : []);

/** After createSequences (ehr_duplicates exists); `ageRule` when the cohort has an age criterion. */
export async function collectBadInput(
  conn: DuckDBConnection,
  source: SourceId,
  ageRule: boolean,
): Promise<BadInputRecord[]> {
  const out: BadInputRecord[] = [];
  const fileOf = (kind: unknown) => EVENT_FILE[source][String(kind)] ?? `${String(kind)} events`;
  for (const r of await rows(
    conn,
    `SELECT count(*) AS n, list(source_row ORDER BY source_row)[1:5] AS ex FROM tl_stays WHERE end_time < start_time`,
  )) {
    if (Number(r.n) > 0)
      out.push({
        rule: "visit ends before it starts (visit and its events left out)",
        file: STAYS_FILE[source],
        count: Number(r.n),
        exampleRows: examples(r.ex),
      });
  }
  for (const r of await rows(
    conn,
    `SELECT system, count(*) AS n, list(source_row ORDER BY source_row)[1:5] AS ex FROM tl_events
     WHERE kind = 'diagnosis' AND system NOT IN ('ICD9', 'ICD10', 'SNOMED') GROUP BY system ORDER BY system`,
  )) {
    out.push({
      rule: `diagnosis code system ${String(r.system)} has no cohort code set (never matches a cohort rule)`,
      file: fileOf("diagnosis"),
      count: Number(r.n),
      exampleRows: examples(r.ex),
    });
  }
  for (const r of await rows(
    conn,
    `SELECT e.kind, count(*) AS n, list(e.source_row ORDER BY e.source_row)[1:5] AS ex FROM tl_events e
     LEFT JOIN ehr_stays s ON s.stay_id = e.stay_id AND s.patient_id = e.patient_id
     WHERE s.stay_id IS NULL GROUP BY e.kind ORDER BY e.kind`,
  )) {
    out.push({
      rule: "event outside any usable visit (left out)",
      file: fileOf(r.kind),
      count: Number(r.n),
      exampleRows: examples(r.ex),
    });
  }
  for (const r of await rows(conn, `SELECT kind, n, rows FROM ehr_duplicates ORDER BY kind`)) {
    out.push({
      rule: "duplicate code within a visit (first kept)",
      file: fileOf(r.kind),
      count: Number(r.n),
      exampleRows: examples(r.rows),
    });
  }
  if (ageRule) {
    for (const r of await rows(
      conn,
      `SELECT count(*) AS n FROM ehr_decided WHERE status = 'no birth date (age criterion)'`,
    )) {
      if (Number(r.n) > 0)
        out.push({
          rule: "patient without a birth date (age criterion: excluded)",
          file: "patients",
          count: Number(r.n),
          exampleRows: [],
        });
    }
  }
  return out;
}
