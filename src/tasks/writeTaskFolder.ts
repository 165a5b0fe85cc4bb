/**
 * Writes one task folder from prognos_task_rows (kept rows only):
 *   train.csv, val.csv, test.csv   columns id,text,<label column>; every field quoted (RFC 4180, `"` doubled),
 *                                  header too, as the reference's pandas QUOTE_ALL; "\n" line ends
 *   train.parquet, …               the same rows and columns (id, text VARCHAR; short_codes VARCHAR,
 *                                  hospital_expire_flag / los_label / readmission_30d INTEGER)
 *   labels.json, labels.csv        the label list with titles and per-split counts
 * Rows within a split are in seeded-shuffle order (order_key, then id).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { sqlString } from "../sources/common/sql.ts";
import { csvField } from "../util/csvField.ts";
import { writeError, writing } from "../util/writeError.ts";
import type { TaskSpec } from "./coreTasks.ts";
import { SPLITS, type Split } from "./splits/Split.ts";
import type { TaskLabel } from "./taskLabels.ts";
import { TASK_ROWS_TABLE } from "./taskRows.ts";

export const SPLIT_FILES = SPLITS.flatMap((s) => [`${s}.csv`, `${s}.parquet`]);

export async function writeTaskFolder(
  conn: DuckDBConnection,
  task: TaskSpec,
  folder: string,
  labels: readonly TaskLabel[],
): Promise<Record<Split, number>> {
  writing(folder, () => mkdirSync(folder, { recursive: true }));
  const rows = { train: 0, val: 0, test: 0 };
  for (const split of SPLITS) {
    const select =
      `SELECT id, text, label AS ${task.labelColumn} FROM ${TASK_ROWS_TABLE} ` +
      `WHERE drop_reason IS NULL AND split = '${split}' ORDER BY order_key, id`;
    for (const [file, format] of [
      [`${split}.csv`, "HEADER, FORCE_QUOTE *"],
      [`${split}.parquet`, "FORMAT parquet"],
    ]) {
      const path = join(folder, file!);
      await conn.run(`COPY (${select}) TO ${sqlString(path)} (${format})`).catch((e) => {
        throw writeError(e, path);
      });
    }
    const n = await conn.runAndReadAll(
      `SELECT count(*) FROM ${TASK_ROWS_TABLE} WHERE drop_reason IS NULL AND split = '${split}'`,
    );
    rows[split] = Number(n.getRows()[0]![0]);
  }
  writing(folder, () =>
    writeFileSync(
      join(folder, "labels.json"),
      `${JSON.stringify({ task: task.name, labelColumn: task.labelColumn, labelType: task.labelType, labels }, null, 2)}\n`,
    ),
  );
  const line = (values: ReadonlyArray<string | number>) => values.map((v) => csvField(v, "always")).join(",");
  const csv = [
    line(["label", "title", "title_source", ...SPLITS]),
    ...labels.map((l) => line([l.label, l.title, l.titleSource, ...SPLITS.map((s) => l.count[s])])),
  ];
  writing(folder, () => writeFileSync(join(folder, "labels.csv"), `${csv.join("\n")}\n`));
  return rows;
}
