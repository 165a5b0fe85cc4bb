/** Test helpers: small hand-written task folders in the three accepted layouts. */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export type Row = [id: string, text: string, label: string];

/** One split file as the task builder and CORe's scripts write it: every field quoted, `"` doubled. */
export function splitCsv(labelColumn: string, rows: readonly Row[]): string {
  const q = (s: string) => `"${s.replaceAll('"', '""')}"`;
  return [["id", "text", labelColumn], ...rows].map((r) => r.map(q).join(",")).join("\n") + "\n";
}

export function tempDir(prefix = "prognos-task-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface SplitRows {
  train: Row[];
  val: Row[];
  test: Row[];
}

/** A folder with train.csv, val.csv, test.csv and no manifest. */
export function plainFolder(labelColumn: string, rows: SplitRows, dir = join(tempDir(), "task")): string {
  mkdirSync(dir, { recursive: true });
  for (const [split, r] of Object.entries(rows)) writeFileSync(join(dir, `${split}.csv`), splitCsv(labelColumn, r));
  return dir;
}

/** CORe's layout: {TASK}_{split}.csv. */
export function coreFolder(task: string, labelColumn: string, rows: SplitRows, dir = tempDir()): string {
  for (const [split, r] of Object.entries(rows)) {
    writeFileSync(join(dir, `${task}_${split}.csv`), splitCsv(labelColumn, r));
  }
  return dir;
}

/** A Prognos task folder: the splits plus labels.json and manifest.json. */
export function prognosFolder(
  task: string,
  labelColumn: string,
  labelType: string,
  labels: Array<{ label: string; title: string }>,
  rows: SplitRows,
): string {
  const dir = plainFolder(labelColumn, rows, join(tempDir(), task));
  const counted = labels.map((l) => ({ ...l, titleSource: "test", count: { train: 0, val: 0, test: 0 } }));
  writeFileSync(join(dir, "labels.json"), JSON.stringify({ task, labelColumn, labelType, labels: counted }));
  const n = { train: rows.train.length, val: rows.val.length, test: rows.test.length };
  writeFileSync(join(dir, "manifest.json"), JSON.stringify({ task, labelColumn, labelType, rows: n }));
  return dir;
}

export const DIA_ROWS: SplitRows = {
  train: [
    ["101", 'Chest pain, "crushing".\nHistory of CAD.', "414,401"],
    ["102", "Shortness of breath", "428, 401 ,V45"],
    ["103", "Fever", "038"],
  ],
  val: [
    ["201", "Cough", "486,999"],
    ["202", "Fall", "E88"],
  ],
  test: [["301", "Pain", "401"]],
};
