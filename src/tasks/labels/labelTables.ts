/**
 * Label tables in DuckDB, built from the tl_* views before the task rows are assembled:
 *   prognos_code_groups(kind, system, code, grp, reason)  every distinct diagnosis / procedure code, its label
 *                                                     (codeGroups.ts) or, when it has none, why (reason)
 *   prognos_code_labels(stay_id, kind, short_codes)   a stay's labels, deduplicated, comma-joined in the order
 *                                                     their first code appears in the source (the reference's)
 *   prognos_los(stay_id, los_days, los_label)         length of stay as numpy computes it (lengthOfStay.ts)
 * Grouping and LOS rounding run in JS (one row per distinct code / per stay), the joins in DuckDB.
 * Codes that get no label are returned as skip records (file = the source's event table, rows = its data rows).
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import type { SkipRecord } from "../../sources/Timeline.ts";
import { type CodeGroupRule, type CodeKind, codeLabel } from "./codeGroups.ts";
import { losDays, losLabel } from "./lengthOfStay.ts";

export const CODE_GROUPS_TABLE = "prognos_code_groups";
export const CODE_LABELS_TABLE = "prognos_code_labels";
export const LOS_TABLE = "prognos_los";

const EXAMPLE_ROWS = 5;

export interface LabelTableOptions {
  rules: readonly CodeGroupRule[];
  /** Systems left out on purpose (e.g. ICD-9 with --icd10-only): no label, and not reported as skips. */
  ignoredSystems?: readonly string[];
  /** The source's event table per kind, for skip records ("DIAGNOSES_ICD", "hosp/procedures_icd"…). */
  eventFiles: Readonly<Record<CodeKind, string>>;
}

/** Builds the three tables; returns the codes that got no label (per kind and reason, with example rows). */
export async function createLabelTables(conn: DuckDBConnection, options: LabelTableOptions): Promise<SkipRecord[]> {
  await createCodeGroups(conn, options);
  await conn.run(`CREATE OR REPLACE TEMP TABLE ${CODE_LABELS_TABLE} AS
    SELECT stay_id, kind, string_agg(grp, ',' ORDER BY first_row, grp) AS short_codes
    FROM (SELECT e.stay_id, e.kind, g.grp, min(e.source_row) AS first_row
          FROM tl_events e JOIN ${CODE_GROUPS_TABLE} g ON g.kind = e.kind AND g.system = e.system AND g.code = e.code
          WHERE e.stay_id IS NOT NULL AND g.grp IS NOT NULL GROUP BY e.stay_id, e.kind, g.grp)
    GROUP BY stay_id, kind`);
  await createLos(conn);
  return labelSkips(conn, options.eventFiles);
}

async function createCodeGroups(conn: DuckDBConnection, options: LabelTableOptions): Promise<void> {
  const codes = await conn.runAndReadAll(
    `SELECT DISTINCT kind, system, code FROM tl_events
     WHERE kind IN ('diagnosis', 'procedure') AND code IS NOT NULL AND system IS NOT NULL ORDER BY ALL`,
  );
  await conn.run(`CREATE OR REPLACE TEMP TABLE ${CODE_GROUPS_TABLE}(kind VARCHAR, system VARCHAR, code VARCHAR,
    grp VARCHAR, reason VARCHAR)`);
  const ignored = new Set(options.ignoredSystems ?? []);
  const appender = await conn.createAppender(CODE_GROUPS_TABLE);
  for (const [kind, system, code] of codes.getRows() as [CodeKind, string, string][]) {
    const out = ignored.has(system) ? { label: null, reason: null } : codeLabel(options.rules, kind, system, code);
    appender.appendVarchar(kind);
    appender.appendVarchar(system);
    appender.appendVarchar(code);
    if (out.label === null) appender.appendNull();
    else appender.appendVarchar(out.label);
    if (out.label !== null || out.reason === null) appender.appendNull();
    else appender.appendVarchar(out.reason);
    appender.endRow();
  }
  appender.closeSync();
}

async function labelSkips(conn: DuckDBConnection, files: Readonly<Record<CodeKind, string>>): Promise<SkipRecord[]> {
  const reader = await conn.runAndReadAll(
    `SELECT e.kind, g.reason, count(*) AS n, list(e.source_row ORDER BY e.source_row)[1:${EXAMPLE_ROWS}] AS rows
     FROM tl_events e JOIN ${CODE_GROUPS_TABLE} g ON g.kind = e.kind AND g.system = e.system AND g.code = e.code
     WHERE g.reason IS NOT NULL GROUP BY ALL ORDER BY ALL`,
  );
  return reader.getRowObjectsJS().map((r) => ({
    file: files[r.kind as CodeKind],
    reason: `code without a label: ${r.reason}`,
    count: Number(r.n),
    exampleRows: (r.rows as (bigint | null)[]).filter((x) => x !== null).map(Number),
  }));
}

async function createLos(conn: DuckDBConnection): Promise<void> {
  const stays = await conn.runAndReadAll(
    `SELECT stay_id, epoch_us(start_time) AS s, epoch_us(end_time) AS e FROM tl_stays
     WHERE stay_id IS NOT NULL AND start_time IS NOT NULL AND end_time IS NOT NULL`,
  );
  await conn.run(`CREATE OR REPLACE TEMP TABLE ${LOS_TABLE}(stay_id VARCHAR, los_days DOUBLE, los_label INTEGER)`);
  const appender = await conn.createAppender(LOS_TABLE);
  for (const [stayId, start, end] of stays.getRows() as [string, bigint, bigint][]) {
    const days = losDays(start, end);
    appender.appendVarchar(stayId);
    appender.appendDouble(days);
    appender.appendInteger(losLabel(days));
    appender.endRow();
  }
  appender.closeSync();
}
