/**
 * One task's rows in DuckDB: every admission note with its label and, when it is left out, the first reason why
 * (a build-wide stay filter such as --icd10-only first, then the task's own filters in the reference's order, the
 * split last). The kept rows are those with drop_reason NULL. Creates TEMP TABLE prognos_task_rows(id, text,
 * label, split, order_key, drop_reason).
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { sqlString } from "../sources/common/sql.ts";
import type { CoreTaskSpec } from "./coreTasks.ts";
import { CODE_LABELS_TABLE, LOS_TABLE } from "./labels/labelTables.ts";
import { DEATH_MENTION_TESTS } from "./notes/mortalityLeakageFilter.ts";
import type { TaskSourceProfile } from "./taskSourceProfile.ts";

/** prognos_adm_notes(stay_id, patient_id, note_id, split, order_key, text, mp_text, death_reason). */
export const ADMISSION_NOTES_TABLE = "prognos_adm_notes";
export const TASK_ROWS_TABLE = "prognos_task_rows";
/** prognos_stay_filter(stay_id, reason): stays a build-wide filter leaves out (stayFilters.ts). */
export const STAY_FILTER_TABLE = "prognos_stay_filter";

export interface TaskDrop {
  reason: string;
  count: number;
}

function taskSql(
  task: CoreTaskSpec,
  profile: TaskSourceProfile,
): { from: string; label: string; text: string; reasons: [string, string][] } {
  const notes = `${ADMISSION_NOTES_TABLE} n`;
  const stays = `(SELECT stay_id, any_value(expire_flag) AS expire_flag FROM tl_stays GROUP BY stay_id) s`;
  switch (task.name) {
    case "DIA_GROUPS_3_DIGITS_adm":
    case "PRO_GROUPS_3_DIGITS_adm": {
      const kind = task.name === "DIA_GROUPS_3_DIGITS_adm" ? "diagnosis" : "procedure";
      return {
        from: `${notes} LEFT JOIN ${CODE_LABELS_TABLE} l ON l.stay_id = n.stay_id AND l.kind = '${kind}'`,
        label: "l.short_codes",
        text: "n.text",
        reasons: [[`no ${profile.codeNoun} ${kind} code for the admission`, "l.short_codes IS NULL"]],
      };
    }
    case "MP_IN_adm":
      return {
        from: `${notes} LEFT JOIN ${stays} ON s.stay_id = n.stay_id`,
        label: "TRY_CAST(s.expire_flag AS INTEGER)",
        text: "coalesce(n.mp_text, n.text)",
        reasons: [
          [profile.flagUnknown, "s.expire_flag IS NULL"],
          ...DEATH_MENTION_TESTS.map((t): [string, string] => [t.reason, `n.death_reason = ${sqlString(t.reason)}`]),
        ],
      };
    case "LOS_WEEKS_adm":
      return {
        from: `${notes} LEFT JOIN ${stays} ON s.stay_id = n.stay_id LEFT JOIN ${LOS_TABLE} los ON los.stay_id = n.stay_id`,
        label: "los.los_label",
        text: "n.text",
        reasons: [
          [profile.flagUnknown, "s.expire_flag IS NULL"],
          [profile.died, "s.expire_flag = '1'"],
          ["no admission or discharge time", "los.los_label IS NULL"],
        ],
      };
  }
}

export interface TaskRowOptions {
  profile: TaskSourceProfile;
  /** Why a row whose patient is in no split is left out. */
  splitDropReason: string;
  /** The reasons of a stay filter, when STAY_FILTER_TABLE exists (checked first, in this order). */
  stayFilterReasons?: readonly string[];
}

/** Builds prognos_task_rows for `task`; returns every reason with its count (zeros included), in order. */
export async function createTaskRows(
  conn: DuckDBConnection,
  task: CoreTaskSpec,
  options: TaskRowOptions,
): Promise<TaskDrop[]> {
  const sql = taskSql(task, options.profile);
  const filter = options.stayFilterReasons ?? [];
  const reasons: [string, string][] = [
    ...filter.map((r): [string, string] => [r, `f.reason = ${sqlString(r)}`]),
    ...sql.reasons,
    [options.splitDropReason, "n.split IS NULL"],
  ];
  const from = filter.length > 0 ? `${sql.from} LEFT JOIN ${STAY_FILTER_TABLE} f ON f.stay_id = n.stay_id` : sql.from;
  const cases = reasons.map(([reason, cond]) => `WHEN ${cond} THEN ${sqlString(reason)}`).join(" ");
  await conn.run(`CREATE OR REPLACE TEMP TABLE ${TASK_ROWS_TABLE} AS
    SELECT n.stay_id AS id, ${sql.text} AS text, ${sql.label} AS label, n.split, n.order_key,
      CASE ${cases} END AS drop_reason
    FROM ${from}`);
  const counts = await conn.runAndReadAll(
    `SELECT drop_reason, count(*) FROM ${TASK_ROWS_TABLE} WHERE drop_reason IS NOT NULL GROUP BY drop_reason`,
  );
  const byReason = new Map(counts.getRows().map(([r, n]) => [r as string, Number(n)]));
  return reasons.map(([reason]) => ({ reason, count: byReason.get(reason) ?? 0 }));
}
