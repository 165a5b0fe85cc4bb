/**
 * The label list of one task, with titles and per-split counts (rows whose label contains it), written as
 * labels.json and labels.csv beside the splits.
 *   DIA / PRO: every group of the source's ICD-9 diagnosis / procedure codes, like the reference's
 *              ALL_3_DIGIT_*_CODES.txt (so a label can have zero rows in a split), sorted; titles: groupTitles.ts.
 *   MP:        0 / 1.   LOS: 0–3 (lengthOfStay.ts).
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import type { CoreTaskSpec } from "./coreTasks.ts";
import { icd9DiagnosisGroup, icd9ProcedureGroup } from "./labels/codeGroups.ts";
import { GroupTitleIndex } from "./labels/groupTitles.ts";
import { CODE_GROUPS_TABLE } from "./labels/labelTables.ts";
import { LOS_LABEL_TITLES } from "./labels/lengthOfStay.ts";
import { SPLITS, type Split } from "./splits/Split.ts";
import { TASK_ROWS_TABLE } from "./taskRows.ts";

export interface TaskLabel {
  label: string;
  title: string;
  /** Which rule gave the title (see groupTitles.ts), or "Prognos" for the fixed class names. */
  titleSource: string;
  /** Rows per split whose label contains this one. */
  count: Record<Split, number>;
}

const MP_TITLES: Readonly<Record<string, string>> = { "0": "survived the stay", "1": "died in hospital" };

/**
 * @param sourceTitles  how the source's own titles are cited (e.g. D_ICD_DIAGNOSES for mimic3), per system
 */
export async function taskLabels(
  conn: DuckDBConnection,
  task: CoreTaskSpec,
  sourceTitles: (system: string) => string,
): Promise<TaskLabel[]> {
  const counts = await labelCounts(conn, task);
  const zero = () => ({ train: 0, val: 0, test: 0 });
  if (task.labelColumn !== "short_codes") {
    const titles = task.name === "MP_IN_adm" ? MP_TITLES : LOS_LABEL_TITLES;
    return Object.entries(titles).map(([label, title]) => ({
      label,
      title,
      titleSource: "Prognos",
      count: counts.get(label) ?? zero(),
    }));
  }
  const kind = task.name === "DIA_GROUPS_3_DIGITS_adm" ? "diagnosis" : "procedure";
  const groups = await conn.runAndReadAll(
    `SELECT grp, min(system) AS system FROM ${CODE_GROUPS_TABLE} WHERE kind = '${kind}' GROUP BY grp ORDER BY grp`,
  );
  const indexes = new Map<string, GroupTitleIndex | null>();
  const out: TaskLabel[] = [];
  for (const [grp, system] of groups.getRows() as string[][]) {
    if (!indexes.has(system!)) indexes.set(system!, await titleIndex(conn, system!, sourceTitles(system!)));
    const index = indexes.get(system!);
    const { title, titleSource } = index ? index.title(grp!) : { title: "", titleSource: "none" };
    out.push({ label: grp!, title, titleSource, count: counts.get(grp!) ?? zero() });
  }
  return out;
}

async function labelCounts(conn: DuckDBConnection, task: CoreTaskSpec): Promise<Map<string, Record<Split, number>>> {
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

/** The title index for an ICD-9 system, with the source's own titles (tl_code_titles) first; null for others. */
async function titleIndex(conn: DuckDBConnection, system: string, table: string): Promise<GroupTitleIndex | null> {
  if (system !== "ICD9" && system !== "ICD9PROC") return null;
  const rows = await conn.runAndReadAll(
    `SELECT code, any_value(title) FROM tl_code_titles WHERE system = '${system}' AND code IS NOT NULL
     AND title IS NOT NULL GROUP BY code`,
  );
  const titles = new Map(rows.getRows().map(([c, t]) => [c as string, t as string]));
  return new GroupTitleIndex(system, system === "ICD9" ? icd9DiagnosisGroup : icd9ProcedureGroup, {
    titles,
    table,
  });
}
