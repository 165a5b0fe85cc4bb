/**
 * `prognos tasks stats`: what a built tasks folder holds, read back from the files themselves (the Parquet splits,
 * through DuckDB) plus the manifests for what was dropped and why. Works on the output folder of `tasks build`
 * (all task folders in it) or on one task folder.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { sqlString } from "../sources/common/sql.ts";
import { PrognosError } from "../util/errors.ts";
import { openDuckDB } from "../util/openDuckDB.ts";
import { readJsonFile } from "../util/readJsonFile.ts";
import { CORE_TASKS } from "./coreTasks.ts";
import type { NoteDrop } from "./notes/AdmissionNoteRules.ts";
import { SPLITS, type Split } from "./splits/Split.ts";
import type { TaskLabel } from "./taskLabels.ts";
import { BUILD_MANIFEST_FILE, type BuildManifest, TASK_MANIFEST_FILE, type TaskManifest } from "./taskManifest.ts";
import type { TaskDrop } from "./taskRows.ts";

export interface LabelStat {
  label: string;
  title: string;
  /** Rows (all splits) whose label contains it. */
  rows: number;
}

export interface TaskStats {
  task: string;
  labelColumn: string;
  labelType: string;
  rows: Record<Split, number>;
  /** Distinct labels seen in the rows, and in the label list. */
  labelsSeen: number;
  labelsListed: number;
  /** Multi-label tasks: labels per row, per split (null for an empty split). */
  meanLabelsPerRow: Record<Split, number | null> | null;
  /** The most frequent labels (multi-label), or every class with its rows (binary, multi-class). */
  topLabels: LabelStat[];
  /** Rows per class per split (binary and multi-class tasks). */
  classCounts: Record<string, Record<Split, number>> | null;
  /** MP: share of label 1 per split. */
  deathRate: Record<Split, number | null> | null;
  drops: TaskDrop[];
}

export interface TasksStats {
  dir: string;
  build: BuildManifest | null;
  noteDrops: NoteDrop[];
  tasks: TaskStats[];
}

const TOP_LABELS = 10;

export async function tasksStats(dirArg: string): Promise<TasksStats> {
  const dir = resolve(dirArg);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new PrognosError("no such folder", { file: dir });
  const folders = existsSync(join(dir, TASK_MANIFEST_FILE))
    ? [dir]
    : readdirSync(dir)
        .map((name) => join(dir, name))
        .filter((p) => statSync(p).isDirectory() && existsSync(join(p, TASK_MANIFEST_FILE)))
        .sort((a, b) => taskOrder(a) - taskOrder(b) || a.localeCompare(b));
  const buildPath = join(dir, BUILD_MANIFEST_FILE);
  const build = existsSync(buildPath) ? (readJsonFile(buildPath) as BuildManifest) : null;
  if (folders.length === 0 && !build) {
    throw new PrognosError(`no task folders (with ${TASK_MANIFEST_FILE}) and no ${BUILD_MANIFEST_FILE}`, {
      file: dir,
    });
  }
  const db = await openDuckDB(null); // reads a built folder back: no --memory-limit, DuckDB's own limit
  const conn = db.connection;
  try {
    const tasks: TaskStats[] = [];
    for (const folder of folders) {
      const manifest = readJsonFile(join(folder, TASK_MANIFEST_FILE)) as TaskManifest;
      const labels = (readJsonFile(join(folder, "labels.json")) as { labels: TaskLabel[] }).labels;
      tasks.push(await taskStats(conn, folder, manifest, labels));
    }
    const noteDrops = build?.admissionNotes?.drops ?? (folders[0] ? readNoteDrops(folders[0]) : []);
    return { dir, build, noteDrops, tasks };
  } finally {
    db.close();
  }
}

/** CORe's task order (DIA, PRO, MP, LOS), other folders after. */
function taskOrder(folder: string): number {
  const i = CORE_TASKS.findIndex((t) => folder.endsWith(`/${t.name}`));
  return i < 0 ? CORE_TASKS.length : i;
}

function readNoteDrops(folder: string): NoteDrop[] {
  return (readJsonFile(join(folder, TASK_MANIFEST_FILE)) as TaskManifest).drops.notes;
}

async function taskStats(
  conn: DuckDBConnection,
  folder: string,
  manifest: TaskManifest,
  labels: readonly TaskLabel[],
): Promise<TaskStats> {
  const col = manifest.labelColumn;
  const multi = manifest.labelType === "multi-label";
  const files = SPLITS.map(
    (s) =>
      `SELECT '${s}' AS split, CAST(${col} AS VARCHAR) AS label FROM read_parquet(${sqlString(join(folder, `${s}.parquet`))})`,
  ).join(" UNION ALL ");
  await conn.run(`CREATE OR REPLACE TEMP TABLE rows AS ${files}`);
  const rows = { train: 0, val: 0, test: 0 };
  const mean: Record<Split, number | null> = { train: null, val: null, test: null };
  const perSplit = await conn.runAndReadAll(
    `SELECT split, count(*), avg(len(string_split(label, ','))) FROM rows GROUP BY split`,
  );
  for (const [split, n, m] of perSplit.getRows()) {
    rows[split as Split] = Number(n);
    mean[split as Split] = m === null ? null : Number(m);
  }
  const unnest = multi ? "unnest(string_split(label, ','))" : "label";
  const counts = await conn.runAndReadAll(`SELECT l, split, count(*) FROM (SELECT ${unnest} AS l, split FROM rows)
    GROUP BY ALL`);
  const byLabel = new Map<string, Record<Split, number>>();
  for (const [l, split, n] of counts.getRows()) {
    const entry = byLabel.get(l as string) ?? { train: 0, val: 0, test: 0 };
    entry[split as Split] = Number(n);
    byLabel.set(l as string, entry);
  }
  const titles = new Map(labels.map((l) => [l.label, l.title]));
  const total = (c: Record<Split, number>) => c.train + c.val + c.test;
  const ranked = [...byLabel.entries()]
    .map(([label, c]) => ({ label, title: titles.get(label) ?? "", rows: total(c) }))
    .sort((a, b) => b.rows - a.rows || a.label.localeCompare(b.label));
  const classCounts = multi ? null : Object.fromEntries([...byLabel.entries()].sort(([a], [b]) => a.localeCompare(b)));
  const deathRate =
    manifest.task === "MP_IN_adm"
      ? Object.fromEntries(SPLITS.map((s) => [s, rows[s] ? (byLabel.get("1")?.[s] ?? 0) / rows[s] : null]))
      : null;
  return {
    task: manifest.task,
    labelColumn: col,
    labelType: manifest.labelType,
    rows,
    labelsSeen: byLabel.size,
    labelsListed: labels.length,
    meanLabelsPerRow: multi ? mean : null,
    topLabels: multi ? ranked.slice(0, TOP_LABELS) : ranked.sort((a, b) => a.label.localeCompare(b.label)),
    classCounts,
    deathRate: deathRate as Record<Split, number | null> | null,
    drops: manifest.drops.task,
  };
}
