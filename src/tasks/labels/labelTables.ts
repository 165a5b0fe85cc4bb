/**
 * Label tables in DuckDB, built from the tl_* views before the task rows are assembled:
 *   prognos_code_groups(kind, system, code, grp)      every diagnosis / procedure code and its label group
 *   prognos_code_labels(stay_id, kind, short_codes)   a stay's groups, deduplicated, comma-joined in the order
 *                                                     their first code appears in the source (the reference's)
 *   prognos_los(stay_id, los_days, los_label)         length of stay as numpy computes it (lengthOfStay.ts)
 * Grouping and LOS rounding run in JS (one row per distinct code / per stay), the joins in DuckDB.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { codeGroup } from "./codeGroups.ts";
import { losDays, losLabel } from "./lengthOfStay.ts";

export const CODE_GROUPS_TABLE = "prognos_code_groups";
export const CODE_LABELS_TABLE = "prognos_code_labels";
export const LOS_TABLE = "prognos_los";

export async function createLabelTables(conn: DuckDBConnection): Promise<void> {
  await createCodeGroups(conn);
  await conn.run(`CREATE OR REPLACE TEMP TABLE ${CODE_LABELS_TABLE} AS
    SELECT stay_id, kind, string_agg(grp, ',' ORDER BY first_row, grp) AS short_codes
    FROM (SELECT e.stay_id, e.kind, g.grp, min(e.source_row) AS first_row
          FROM tl_events e JOIN ${CODE_GROUPS_TABLE} g ON g.kind = e.kind AND g.system = e.system AND g.code = e.code
          WHERE e.stay_id IS NOT NULL GROUP BY e.stay_id, e.kind, g.grp)
    GROUP BY stay_id, kind`);
  await createLos(conn);
}

async function createCodeGroups(conn: DuckDBConnection): Promise<void> {
  const codes = await conn.runAndReadAll(
    `SELECT DISTINCT kind, system, code FROM tl_events
     WHERE kind IN ('diagnosis', 'procedure') AND code IS NOT NULL AND system IS NOT NULL ORDER BY ALL`,
  );
  await conn.run(
    `CREATE OR REPLACE TEMP TABLE ${CODE_GROUPS_TABLE}(kind VARCHAR, system VARCHAR, code VARCHAR, grp VARCHAR)`,
  );
  const appender = await conn.createAppender(CODE_GROUPS_TABLE);
  for (const [kind, system, code] of codes.getRows() as string[][]) {
    appender.appendVarchar(kind!);
    appender.appendVarchar(system!);
    appender.appendVarchar(code!);
    appender.appendVarchar(codeGroup(system!, code!));
    appender.endRow();
  }
  appender.closeSync();
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
