/**
 * Confirmation of a cohort's qualifying condition (dhf: diabetes by an antidiabetic drug or HbA1c ≥ 6.5%), the
 * `--dhf-confirm` option. Evidence is taken from the input window only — a drug or lab event on a usable visit that
 * started before the index, with its own time before the index — so nothing at or after the index confirms a
 * patient (the rule the sequences use, sequenceSql.ts). A kind of evidence the source does not carry at all (no drug
 * events; no lab values) cannot be asked for alone; with `any` the kinds the source has are used and the manifest
 * says which were missing.
 *   ehr_confirm_events(patient_id, stay_id, time, kind)   the evidence events, before any window is applied
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { sqlString } from "../../../sources/common/sql.ts";
import { PrognosError } from "../../../util/errors.ts";
import type { CohortDefinition, Confirmation } from "./cohortRegistry.ts";

export type ConfirmMode = "none" | "drugs" | "labs" | "any";
export const CONFIRM_MODES: readonly ConfirmMode[] = ["none", "drugs", "labs", "any"];

/** Which evidence kinds the decision uses (after checking what the source carries). */
export interface ConfirmUse {
  drugs: boolean;
  labs: boolean;
}

export interface ConfirmationSummary {
  mode: ConfirmMode;
  /** The evidence kinds used. */
  used: ("drugs" | "labs")[];
  /** Kinds asked for (mode any) that the source does not carry. */
  notInSource: ("drugs" | "labs")[];
  /** Drug events and lab events with a value in the whole source (what decides "carried"). */
  sourceDrugEvents: number;
  sourceLabValues: number;
  /** Evidence events anywhere in the source, before the input-window rule. */
  evidenceEvents: { drugs: number; labs: number };
  /** Lab events with a confirming code but no value: they cannot confirm (counted, not guessed). */
  labsWithoutValue: number;
  /** The status given to patients who fail confirmation. */
  status: string;
}

export function parseConfirm(value: string, option = "--dhf-confirm"): ConfirmMode {
  if (!(CONFIRM_MODES as readonly string[]).includes(value))
    throw new PrognosError(`${option}: expected one of ${CONFIRM_MODES.join(", ")}, got '${value}'`);
  return value as ConfirmMode;
}

async function rows(conn: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  return (await conn.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function drugCodeSql(d: Confirmation["drugs"], alias: string): string {
  const parts = Object.entries(d.codes)
    .filter(([, codes]) => codes.length > 0)
    .map(
      ([sys, codes]) =>
        `(${alias}.system = ${sqlString(sys)} AND ${alias}.code IN (${codes.map(sqlString).join(", ")}))`,
    );
  return parts.length > 0 ? `(${parts.join(" OR ")})` : "FALSE";
}

function labCodeSql(l: Confirmation["labs"], alias: string): string {
  const parts = Object.entries(l.codes)
    .filter(([, codes]) => codes.length > 0)
    .map(
      ([sys, codes]) =>
        `(${alias}.system = ${sqlString(sys)} AND ${alias}.code IN (${codes.map(sqlString).join(", ")}))`,
    );
  return parts.length > 0 ? `(${parts.join(" OR ")})` : "FALSE";
}

/** The status of a qualifying patient without evidence, e.g. "unconfirmed diabetes (no antidiabetic drug … )". */
export function unconfirmedStatus(c: Confirmation, use: ConfirmUse): string {
  const what = [use.drugs ? `${c.drugs.label}` : "", use.labs ? c.labs.label : ""].filter(Boolean).join(" or ");
  return `unconfirmed ${c.condition} (no ${what} before the index)`;
}

/**
 * Checks the mode against the cohort and the source, builds ehr_confirm_events, and returns what will be used
 * (null for mode none). Needs the tl_* views.
 */
export async function prepareConfirmation(
  conn: DuckDBConnection,
  cohort: CohortDefinition,
  mode: ConfirmMode,
): Promise<{ use: ConfirmUse; summary: ConfirmationSummary } | null> {
  if (mode === "none") return null;
  const c = cohort.kind === "onset" ? cohort.confirmation : undefined;
  if (!c) throw new PrognosError(`--dhf-confirm ${mode}: cohort '${cohort.name}' has no confirmation rule (dhf has)`);
  const [avail] = await rows(
    conn,
    `SELECT count(*) FILTER (WHERE kind = 'drug') AS drugs, count(*) FILTER (WHERE kind = 'lab' AND value IS NOT NULL) AS labs
     FROM tl_events`,
  );
  const has = { drugs: Number(avail?.drugs ?? 0) > 0, labs: Number(avail?.labs ?? 0) > 0 };
  const want = { drugs: mode === "drugs" || mode === "any", labs: mode === "labs" || mode === "any" };
  const use = { drugs: want.drugs && has.drugs, labs: want.labs && has.labs };
  if (!use.drugs && !use.labs) {
    const missing = [want.drugs ? "no drug events" : "", want.labs ? "no lab events with a value" : ""]
      .filter(Boolean)
      .join(" and ");
    const other = has.drugs ? " or drugs" : has.labs ? " or labs" : "";
    throw new PrognosError(
      `--dhf-confirm ${mode}: the source has ${missing} (see docs/ehr-cohorts.md for what each reader carries); ` +
        `use --dhf-confirm none${other}`,
    );
  }
  const pattern = `\\b(${c.drugs.names.map(escapeRegex).join("|")})\\b`;
  await conn.run(`CREATE OR REPLACE TEMP TABLE ehr_confirm_events AS
    WITH titled AS (
      SELECT system, code FROM tl_code_titles
      WHERE title IS NOT NULL AND regexp_matches(lower(title), ${sqlString(pattern)}) GROUP BY system, code),
    drugs AS (
      SELECT e.patient_id, e.stay_id, e.time, e.kind FROM tl_events e
      LEFT JOIN titled t ON t.system = e.system AND t.code = e.code
      WHERE ${use.drugs} AND e.kind = 'drug' AND (${drugCodeSql(c.drugs, "e")} OR t.code IS NOT NULL)),
    labs AS (
      SELECT e.patient_id, e.stay_id, e.time, e.kind FROM tl_events e
      WHERE ${use.labs} AND e.kind = 'lab' AND ${labCodeSql(c.labs, "e")} AND e.value >= ${c.labs.minValue})
    SELECT * FROM drugs UNION ALL SELECT * FROM labs`);
  const [ev] = await rows(
    conn,
    `SELECT (SELECT count(*) FROM ehr_confirm_events WHERE kind = 'drug') AS drugs,
            (SELECT count(*) FROM ehr_confirm_events WHERE kind = 'lab') AS labs,
            (SELECT count(*) FROM tl_events e WHERE e.kind = 'lab' AND ${labCodeSql(c.labs, "e")} AND e.value IS NULL)
              AS no_value`,
  );
  return {
    use,
    summary: {
      mode,
      used: (["drugs", "labs"] as const).filter((k) => use[k]),
      notInSource: (["drugs", "labs"] as const).filter((k) => want[k] && !has[k]),
      sourceDrugEvents: Number(avail?.drugs ?? 0),
      sourceLabValues: Number(avail?.labs ?? 0),
      evidenceEvents: { drugs: Number(ev?.drugs ?? 0), labs: Number(ev?.labs ?? 0) },
      labsWithoutValue: Number(ev?.no_value ?? 0),
      status: unconfirmedStatus(c, use),
    },
  };
}

/**
 * SQL (a CTE body) giving (patient_id, confirmed) for the patients of CTE `base` (patient_id, index_time): evidence
 * on a usable visit that started before the index, at a time before the index. Needs ehr_confirm_events.
 */
export function confirmedSql(base: string): string {
  return `SELECT DISTINCT b.patient_id, true AS confirmed FROM ${base} b
    JOIN ehr_confirm_events v ON v.patient_id = b.patient_id
    JOIN ehr_stays s ON s.stay_id = v.stay_id AND s.patient_id = v.patient_id
    WHERE s.start_time < b.index_time AND coalesce(v.time, s.start_time) < b.index_time`;
}
