/**
 * Cohort extraction over the tl_* views (DuckDB, no rows in JavaScript). Creates
 *   ehr_stays(…tl_stays)                         usable stays (end ≥ start or no end)
 *   ehr_dx(patient_id, stay_id, t, system, code)  diagnoses on usable stays, t = stay start, code without dots
 *   ehr_decided(patient_id, status, label, keep, index_time, index_stay_id, inclusive)
 * status is 'case', 'control', 'kept' (pretrain: no outcome) or the exclusion reason; label is set for cases (1) and
 * controls (0) only; keep marks the patients whose sequences are built (cases, controls, and 'kept').
 * The input window: inclusive = false → stays starting and events strictly before index_time; inclusive = true
 * (readmission) → stays starting before index_time or the index stay itself, events at or before index_time.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { sqlString } from "../../../sources/common/sql.ts";
import { PrognosError } from "../../../util/errors.ts";
import { codeSetSql } from "./codeSetSql.ts";
import {
  COHORTS,
  type CohortDefinition,
  type OnsetCohort,
  type PretrainCohort,
  type StayCohort,
} from "./cohortRegistry.ts";
import { confirmedSql } from "./confirmationSql.ts";

/** Options of a cohort decision beyond the definition. */
export interface DecideOptions {
  /** Pretrain: the seed of the patient split (its test split is held out) and the patients of --exclude (a table). */
  pretrain?: { seed: number; excludedTable?: string };
  /** Onset cohorts with a confirmation: the status of qualifying patients without evidence (needs
   * ehr_confirm_events, confirmationSql.ts); omitted: no confirmation. */
  unconfirmedStatus?: string;
}

export function getCohort(name: string, argument = "--cohort"): CohortDefinition {
  const cohort = COHORTS.find((c) => c.name === name);
  if (!cohort) {
    throw new PrognosError(`${argument}: unknown cohort '${name}'; cohorts: ${COHORTS.map((c) => c.name).join(", ")}`);
  }
  return cohort;
}

export async function createCohortBase(conn: DuckDBConnection): Promise<void> {
  await conn.run(`CREATE OR REPLACE TEMP TABLE ehr_stays AS
    SELECT * FROM tl_stays WHERE end_time IS NULL OR end_time >= start_time`);
  await conn.run(`CREATE OR REPLACE TEMP TABLE ehr_dx AS
    SELECT e.patient_id, e.stay_id, s.start_time AS t, e.system, upper(replace(e.code, '.', '')) AS code
    FROM tl_events e JOIN ehr_stays s ON s.stay_id = e.stay_id AND s.patient_id = e.patient_id
    WHERE e.kind = 'diagnosis'`);
}

function onsetSql(c: OnsetCohort, o: DecideOptions): string {
  const q = codeSetSql(c.qualifying?.codes);
  const minQ = c.qualifying?.minEncounters ?? 0;
  const age = c.minAgeAtIndex;
  return `
  WITH f AS (
    SELECT patient_id, stay_id, min(t) AS t, bool_or(${q}) AS q, bool_or(${codeSetSql(c.exclude)}) AS x,
           bool_or(${codeSetSql(c.outcome)}) AS o, bool_or(${codeSetSql(c.excludeBefore)}) AS b
    FROM ehr_dx GROUP BY patient_id, stay_id),
  agg AS (
    SELECT patient_id, count(*) FILTER (WHERE q) AS nq, min(t) FILTER (WHERE q) AS first_q, bool_or(x) AS x,
           count(*) FILTER (WHERE o) AS n_o, min(t) FILTER (WHERE o) AS first_o, min(t) FILTER (WHERE b) AS first_b
    FROM f GROUP BY patient_id),
  last_enc AS (SELECT patient_id, max(start_time) AS last_enc FROM ehr_stays GROUP BY patient_id),
  base AS (
    SELECT l.patient_id, p.birth_date, l.last_enc, coalesce(a.nq, 0) AS nq, a.first_q, coalesce(a.x, false) AS x,
           coalesce(a.n_o, 0) AS n_o, a.first_o, a.first_b,
           CASE WHEN coalesce(a.n_o, 0) > 0 THEN a.first_o ELSE l.last_enc END AS index_time
    FROM last_enc l LEFT JOIN tl_patients p USING (patient_id) LEFT JOIN agg a USING (patient_id)),
  conf AS (${o.unconfirmedStatus ? confirmedSql(`(SELECT patient_id, index_time FROM base WHERE nq >= ${minQ} AND NOT x)`) : "SELECT NULL::VARCHAR AS patient_id, true AS confirmed WHERE FALSE"}),
  flagged AS (SELECT base.*, coalesce(first_b < index_time, false) AS earlier, coalesce(conf.confirmed, false) AS confirmed
              FROM base LEFT JOIN conf USING (patient_id))
  SELECT patient_id, index_time, NULL::VARCHAR AS index_stay_id, false AS inclusive,
    CASE
      WHEN nq < ${minQ} THEN 'fewer than ${minQ} qualifying encounters'
      WHEN x THEN 'excluded diagnosis (any time)'
      WHEN earlier THEN 'excluded diagnosis before the index'
      ${age !== undefined ? `WHEN birth_date IS NULL THEN 'no birth date (age criterion)'` : ""}
      ${age !== undefined ? `WHEN date_diff('year', birth_date, index_time) - CASE WHEN strftime(index_time, '%m%d') < strftime(birth_date, '%m%d') THEN 1 ELSE 0 END < ${age} THEN 'under ${age} at the index'` : ""}
      ${o.unconfirmedStatus ? `WHEN NOT confirmed THEN ${sqlString(o.unconfirmedStatus)}` : ""}
      WHEN n_o = 0 THEN 'control'
      WHEN n_o >= ${c.minOutcomeEncounters} AND (first_q IS NULL OR first_o >= first_q + INTERVAL ${c.minDaysAfterQualifying} DAY)
        THEN 'case'
      ELSE 'near case (outcome fails the ${c.minDaysAfterQualifying}-day or ${c.minOutcomeEncounters}-encounter rule)'
    END AS status
  FROM flagged`;
}

const DIED_IN_STAY = `(s.expire_flag = '1' OR (p.death_time IS NOT NULL AND s.end_time IS NOT NULL
  AND CAST(p.death_time AS DATE) BETWEEN CAST(s.start_time AS DATE) AND CAST(s.end_time AS DATE)))`;

function lastStaySql(c: StayCohort): string {
  const label = c.outcome === "death-in-stay" ? DIED_IN_STAY : `s.end_time - s.start_time > INTERVAL 7 DAY`;
  return `
  WITH inp AS (
    SELECT s.*, row_number() OVER (PARTITION BY s.patient_id ORDER BY s.start_time DESC, s.stay_id DESC) AS rn
    FROM ehr_stays s WHERE s.inpatient),
  pts AS (SELECT DISTINCT patient_id FROM ehr_stays)
  SELECT pts.patient_id, s.start_time AS index_time, s.stay_id AS index_stay_id, false AS inclusive,
    CASE WHEN s.stay_id IS NULL THEN 'no inpatient stay'
         WHEN s.end_time IS NULL THEN 'last inpatient stay has no end time'
         WHEN ${label} THEN 'case' ELSE 'control' END AS status
  FROM pts LEFT JOIN inp s ON s.patient_id = pts.patient_id AND s.rn = 1
  LEFT JOIN tl_patients p ON p.patient_id = pts.patient_id`;
}

/**
 * The end of the data, for readmission follow-up: the latest time the source records anywhere — a usable visit's
 * start or end, or an event's time (death dates are not used: registries report deaths past the clinical data).
 */
export const END_OF_DATA_SQL = `SELECT max(t) AS t FROM (
    SELECT max(coalesce(end_time, start_time)) AS t FROM ehr_stays UNION ALL SELECT max(time) FROM tl_events)`;

function readmissionSql(c: StayCohort): string {
  const short = (why: string) => sqlString(`insufficient follow-up (${why})`);
  return `
  WITH inp AS (
    SELECT s.patient_id, s.stay_id, s.start_time, s.end_time, ${DIED_IN_STAY} AS died,
      lead(s.start_time) OVER (PARTITION BY s.patient_id ORDER BY s.start_time, s.stay_id) AS next_start
    FROM ehr_stays s LEFT JOIN tl_patients p USING (patient_id) WHERE s.inpatient AND s.end_time IS NOT NULL),
  elig AS (
    SELECT *, next_start IS NOT NULL AND next_start >= end_time AND next_start <= end_time + INTERVAL ${c.days} DAY AS readmitted
    FROM inp WHERE NOT died),
  pick AS (
    SELECT *, row_number() OVER (PARTITION BY patient_id
      ORDER BY readmitted DESC, CASE WHEN readmitted THEN end_time END ASC, end_time DESC, stay_id DESC) AS rn
    FROM elig),
  pts AS (SELECT DISTINCT patient_id FROM ehr_stays),
  anyinp AS (SELECT DISTINCT patient_id FROM ehr_stays WHERE inpatient),
  eod AS (${END_OF_DATA_SQL})
  SELECT pts.patient_id, k.end_time AS index_time, k.stay_id AS index_stay_id, true AS inclusive,
    CASE WHEN k.stay_id IS NOT NULL THEN CASE
           WHEN k.readmitted THEN 'case'
           WHEN p.death_time <= k.end_time + INTERVAL ${c.days} DAY THEN ${short(`died within ${c.days} days after the discharge`)}
           WHEN k.end_time + INTERVAL ${c.days} DAY > eod.t
             THEN ${short(`discharged less than ${c.days} days before the end of the data`)}
           ELSE 'control' END
         WHEN a.patient_id IS NULL THEN 'no inpatient stay'
         ELSE 'no inpatient stay with a discharge alive' END AS status
  FROM pts LEFT JOIN pick k ON k.patient_id = pts.patient_id AND k.rn = 1
  LEFT JOIN anyinp a ON a.patient_id = pts.patient_id
  LEFT JOIN tl_patients p ON p.patient_id = pts.patient_id
  CROSS JOIN eod`;
}

/**
 * The split of a patient as `prognos ehr build` assigns it: a seeded SHA-256 hash of the id, 70/10/20
 * (seededHashSplit in TypeScript; a test checks them against each other). `column` is the patient id column.
 */
export function splitSql(seed: number, column: string): string {
  const u = `((('0x' || substr(sha256('prognos-split:${seed}:' || ${column}), 1, 16))::UBIGINT >> 11)::DOUBLE / 9007199254740992.0)`;
  return `CASE WHEN ${u} < 0.7 THEN 'train' WHEN ${u} < 0.8 THEN 'val' ELSE 'test' END`;
}

function pretrainSql(_c: PretrainCohort, o: DecideOptions): string {
  const seed = o.pretrain?.seed ?? 0;
  const excluded = o.pretrain?.excludedTable;
  return `
  WITH latest AS (
    SELECT patient_id, max(t) AS t FROM (
      SELECT patient_id, greatest(start_time, coalesce(end_time, start_time)) AS t FROM ehr_stays
      UNION ALL SELECT e.patient_id, e.time FROM tl_events e JOIN ehr_stays s USING (patient_id, stay_id))
    GROUP BY patient_id)
  SELECT l.patient_id, l.t + INTERVAL 1 SECOND AS index_time, NULL::VARCHAR AS index_stay_id, false AS inclusive,
    CASE WHEN ${splitSql(seed, "l.patient_id")} = 'test' THEN ${sqlString(`held out: test split (seed ${seed})`)}
         ${excluded ? `WHEN x.patient_id IS NOT NULL THEN 'held out: val/test patient of an --exclude cohort'` : ""}
         ELSE 'kept' END AS status
  FROM latest l ${excluded ? `LEFT JOIN (SELECT DISTINCT patient_id FROM ${excluded}) x ON x.patient_id = l.patient_id::VARCHAR` : ""}`;
}

/** Builds ehr_decided for `cohort` (after createCohortBase). */
export async function decideCohort(
  conn: DuckDBConnection,
  cohort: CohortDefinition,
  options: DecideOptions = {},
): Promise<void> {
  const body =
    cohort.kind === "onset"
      ? onsetSql(cohort, options)
      : cohort.kind === "last-stay"
        ? lastStaySql(cohort)
        : cohort.kind === "all"
          ? pretrainSql(cohort, options)
          : readmissionSql(cohort);
  await conn.run(`CREATE OR REPLACE TEMP TABLE ehr_decided AS
    SELECT patient_id, status, CASE status WHEN 'case' THEN 1 WHEN 'control' THEN 0 END AS label,
           status IN ('case', 'control', 'kept') AS keep, index_time, index_stay_id, inclusive
    FROM (${body}) WHERE patient_id IS NOT NULL`);
}
