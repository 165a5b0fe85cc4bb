/**
 * One readmission task's rows (TASK_ROWS_TABLE: id, text, label, split, order_key, drop_reason): every admission of
 * the source once, kept or left out with the first reason that applies, in this order:
 *   NEWBORN; died in hospital; no note left after the note steps; patient in no split; (early notes) a val or test
 *   stay shorter than N days; (--balance-train) a train negative beyond the number of train positives.
 * The split is the patient's (the build's splitter), so a patient's admissions are all in one split; val and test
 * keep their natural positive rate (docs/readmission-task.md §Split).
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { sqlString } from "../../sources/common/sql.ts";
import type { TaskDrop } from "../taskRows.ts";
import { TASK_ROWS_TABLE } from "../taskRows.ts";
import { DIED_REASON, NEWBORN_REASON, READMISSION_ADMISSIONS_TABLE } from "./readmissionAdmissions.ts";
import type { ReadmissionTaskSpec } from "./readmissionTasks.ts";

/** prognos_readmission_notes(stay_id, patient_id, note_id, split, order_key, text): one task's admission texts. */
export const READMISSION_NOTES_TABLE = "prognos_readmission_notes";

export const BALANCE_REASON =
  "train negative left out by --balance-train (train negatives sampled down to the number of train positives)";

export interface ReadmissionRowOptions {
  /** Why an admission whose patient is in no split is left out. */
  splitDropReason: string;
  balanceTrain: boolean;
}

export function shortStayReason(days: number): string {
  return `val/test stay shorter than ${days} days (early notes are tested on stays that last at least ${days} days)`;
}

export async function createReadmissionRows(
  conn: DuckDBConnection,
  task: ReadmissionTaskSpec,
  options: ReadmissionRowOptions,
): Promise<TaskDrop[]> {
  const what = task.variant === "discharge" ? "discharge summary" : `note of the first ${task.days} days`;
  const reasons: [string, string][] = [
    [NEWBORN_REASON, `a.excluded = ${sqlString(NEWBORN_REASON)}`],
    [DIED_REASON, `a.excluded = ${sqlString(DIED_REASON)}`],
    [`no ${what} left after the note steps`, "n.stay_id IS NULL"],
    [options.splitDropReason, "n.split IS NULL"],
  ];
  if (task.days !== null) {
    reasons.push([shortStayReason(task.days), `n.split <> 'train' AND a.duration_days < ${task.days}`]);
  }
  const cases = reasons.map(([reason, cond]) => `WHEN ${cond} THEN ${sqlString(reason)}`).join(" ");
  await conn.run(`CREATE OR REPLACE TEMP TABLE ${TASK_ROWS_TABLE} AS
    SELECT a.stay_id AS id, n.text, a.label, n.split, n.order_key, CASE ${cases} END AS drop_reason
    FROM ${READMISSION_ADMISSIONS_TABLE} a LEFT JOIN ${READMISSION_NOTES_TABLE} n ON n.stay_id = a.stay_id`);
  if (options.balanceTrain) {
    reasons.push([BALANCE_REASON, ""]);
    const kept = `drop_reason IS NULL AND split = 'train'`;
    await conn.run(`UPDATE ${TASK_ROWS_TABLE} SET drop_reason = ${sqlString(BALANCE_REASON)}
      WHERE id IN (
        SELECT id FROM (SELECT id, row_number() OVER (ORDER BY order_key, id) AS r
                        FROM ${TASK_ROWS_TABLE} WHERE ${kept} AND label = 0)
        WHERE r > (SELECT count(*) FROM ${TASK_ROWS_TABLE} WHERE ${kept} AND label = 1))`);
  }
  const counts = await conn.runAndReadAll(
    `SELECT drop_reason, count(*) FROM ${TASK_ROWS_TABLE} WHERE drop_reason IS NOT NULL GROUP BY drop_reason`,
  );
  const byReason = new Map(counts.getRows().map(([r, n]) => [r as string, Number(n)]));
  return reasons.map(([reason]) => ({ reason, count: byReason.get(reason) ?? 0 }));
}
