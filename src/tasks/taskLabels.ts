/**
 * The label list of one task, with titles and per-split counts (rows whose label contains it), written as
 * labels.json and labels.csv beside the splits.
 *   DIA / PRO: every label of the source's diagnosis / procedure codes, like the reference's
 *              ALL_3_DIGIT_*_CODES.txt (so a label can have zero rows in a split), sorted; titles: labelTitles.ts.
 *   MP:        0 / 1.   LOS: 0–3 (lengthOfStay.ts).   READMISSION_30D_*: 0 / 1 (readmission/readmissionTasks.ts).
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import type { TaskSpec } from "./coreTasks.ts";
import type { CodeGroupRule } from "./labels/codeGroups.ts";
import type { GroupTitle } from "./labels/groupTitles.ts";
import { CODE_GROUPS_TABLE } from "./labels/labelTables.ts";
import { labelTitler } from "./labels/labelTitles.ts";
import { LOS_LABEL_TITLES } from "./labels/lengthOfStay.ts";
import { READMISSION_LABEL_TITLES } from "./readmission/readmissionTasks.ts";
import { SPLITS, type Split } from "./splits/Split.ts";
import { TASK_ROWS_TABLE } from "./taskRows.ts";

export interface TaskLabel {
  label: string;
  title: string;
  /** Which rule gave the title (see labelTitles.ts), or "Prognos" for the fixed class names. */
  titleSource: string;
  /** Rows per split whose label contains this one. */
  count: Record<Split, number>;
}

const MP_TITLES: Readonly<Record<string, string>> = { "0": "survived the stay", "1": "died in hospital" };

/**
 * @param rules         the source's code grouping rules (codeGroups.ts)
 * @param sourceTitles  how the source's own titles are cited (e.g. D_ICD_DIAGNOSES for mimic3), per system
 */
export async function taskLabels(
  conn: DuckDBConnection,
  task: TaskSpec,
  rules: readonly CodeGroupRule[],
  sourceTitles: (system: string) => string,
): Promise<TaskLabel[]> {
  const counts = await labelCounts(conn, task);
  const zero = () => ({ train: 0, val: 0, test: 0 });
  if (task.labelColumn !== "short_codes") {
    const titles =
      task.name === "MP_IN_adm"
        ? MP_TITLES
        : task.labelColumn === "readmission_30d"
          ? READMISSION_LABEL_TITLES
          : LOS_LABEL_TITLES;
    return Object.entries(titles).map(([label, title]) => ({
      label,
      title,
      titleSource: "Prognos",
      count: counts.get(label) ?? zero(),
    }));
  }
  const kind = task.name === "DIA_GROUPS_3_DIGITS_adm" ? "diagnosis" : "procedure";
  const groups = await conn.runAndReadAll(
    `SELECT grp, min(system) AS system FROM ${CODE_GROUPS_TABLE} WHERE kind = '${kind}' AND grp IS NOT NULL
     GROUP BY grp ORDER BY grp`,
  );
  const titlers = new Map<string, (label: string) => GroupTitle>();
  const out: TaskLabel[] = [];
  for (const [grp, system] of groups.getRows() as string[][]) {
    let titler = titlers.get(system!);
    if (!titler) {
      const rule = rules.find((r) => r.kind === kind && r.system === system)!;
      titler = await labelTitler(conn, rule, sourceTitles(system!));
      titlers.set(system!, titler);
    }
    const { title, titleSource } = titler(grp!);
    out.push({ label: grp!, title, titleSource, count: counts.get(grp!) ?? zero() });
  }
  return out;
}

async function labelCounts(conn: DuckDBConnection, task: TaskSpec): Promise<Map<string, Record<Split, number>>> {
  const labels = task.labelColumn === "short_codes" ? "unnest(string_split(label, ','))" : "CAST(label AS VARCHAR)";
  const reader = await conn.runAndReadAll(
    `SELECT l, split, count(*) FROM (SELECT ${labels} AS l, split FROM ${TASK_ROWS_TABLE} WHERE drop_reason IS NULL)
     GROUP BY ALL`,
  );
  const out = new Map<string, Record<Split, number>>();
  for (const [label, split, n] of reader.getRows()) {
    const entry = out.get(label as string) ?? { train: 0, val: 0, test: 0 };
    if (SPLITS.includes(split as Split)) entry[split as Split] = Number(n);
    out.set(label as string, entry);
  }
  return out;
}
