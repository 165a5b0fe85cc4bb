import { existsSync, readdirSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { PrognosError } from "../../util/errors.ts";
import { isEhrCohortFolder } from "../ehr/ehrCohortFolder.ts";
import { SPLITS, type Split } from "../splits/Split.ts";
import { TASK_MANIFEST_FILE } from "../taskManifest.ts";
import type { TaskLayout } from "./TaskDataset.ts";

export const LABELS_FILE = "labels.json";

/** Where a task's split files are, and in which layout. */
export interface TaskFiles {
  layout: TaskLayout;
  folder: string;
  /** Prognos: from labels.json (read later); CORe: the file prefix; plain: the folder's name. */
  name: string;
  files: Record<Split, string>;
}

/** CORe's scripts write `{TASK}_{split}.csv`, e.g. `MP_IN_adm_train.csv`. */
const CORE_FILE = /^(.+)_(train|val|test)\.csv$/;

/**
 * Finds the split files of a `--task` argument, one of:
 *   - a Prognos task folder: manifest.json and labels.json beside train.csv, val.csv, test.csv;
 *   - CORe's own task files `{TASK}_{train,val,test}.csv`: their folder (holding one task) or one of the files;
 *   - any folder with train.csv, val.csv and test.csv (or one of those files) and no manifest.
 * Anything else is a PrognosError saying what was looked for and what is there.
 */
export function findTaskFiles(path: string): TaskFiles {
  const full = resolve(path);
  if (!existsSync(full)) throw new PrognosError(`task not found: ${path} does not exist`);
  if (statSync(full).isFile()) return fromFile(path, full);
  const names = readdirSync(full);
  const has = (f: string) => names.includes(f);
  const plain = Object.fromEntries(SPLITS.map((s) => [s, join(full, `${s}.csv`)])) as Record<Split, string>;
  if (isEhrCohortFolder(full)) {
    throw new PrognosError(
      `${path}: an EHR cohort (code sequences) built by \`prognos ehr build\`, not a task of notes and labels: ` +
        `no model reads cohorts yet; \`prognos ehr stats ${path}\` describes it`,
    );
  }
  if (has(TASK_MANIFEST_FILE)) {
    if (!has(LABELS_FILE)) {
      throw new PrognosError(
        `${path}: has ${TASK_MANIFEST_FILE} but no ${LABELS_FILE} (a Prognos task folder has both)`,
      );
    }
    requireSplits(path, names, (s) => `${s}.csv`);
    return { layout: "prognos", folder: full, name: basename(full), files: plain };
  }
  if (SPLITS.some((s) => has(`${s}.csv`))) {
    requireSplits(path, names, (s) => `${s}.csv`);
    return { layout: "plain", folder: full, name: basename(full), files: plain };
  }
  const prefixes = [...new Set(names.map((n) => CORE_FILE.exec(n)?.[1]).filter((p): p is string => !!p))].sort();
  if (prefixes.length === 1) return coreFiles(path, full, prefixes[0]!, names);
  if (prefixes.length > 1) {
    throw new PrognosError(
      `${path}: holds the files of ${prefixes.length} tasks (${prefixes.join(", ")}); pass one of them, e.g. ` +
        `${join(path, `${prefixes[0]}_train.csv`)}`,
    );
  }
  const shown = names.length === 0 ? "it is empty" : `it has ${listSome(names)}`;
  throw new PrognosError(
    `${path} is not a task folder: looked for a Prognos task folder (${TASK_MANIFEST_FILE} + ${LABELS_FILE} + ` +
      `train.csv, val.csv, test.csv), CORe task files ({TASK}_train.csv, {TASK}_val.csv, {TASK}_test.csv) or ` +
      `train.csv, val.csv, test.csv; ${shown}`,
  );
}

function fromFile(path: string, full: string): TaskFiles {
  const folder = dirname(full);
  const name = basename(full);
  const names = readdirSync(folder);
  if (SPLITS.some((s) => name === `${s}.csv`)) return findTaskFiles(folder);
  const core = CORE_FILE.exec(name);
  if (core) return coreFiles(path, folder, core[1]!, names);
  throw new PrognosError(
    `${path} is not a task file: expected train.csv, val.csv or test.csv, or a CORe task file named ` +
      `{TASK}_train.csv, {TASK}_val.csv or {TASK}_test.csv (or pass the task's folder)`,
  );
}

function coreFiles(path: string, folder: string, prefix: string, names: string[]): TaskFiles {
  requireSplits(path, names, (s) => `${prefix}_${s}.csv`);
  const files = Object.fromEntries(SPLITS.map((s) => [s, join(folder, `${prefix}_${s}.csv`)])) as Record<Split, string>;
  return { layout: "core", folder, name: prefix, files };
}

function requireSplits(path: string, names: string[], fileOf: (s: Split) => string): void {
  const missing = SPLITS.map(fileOf).filter((f) => !names.includes(f));
  if (missing.length > 0) {
    throw new PrognosError(`${path}: a task needs all three splits; missing ${missing.join(", ")}`);
  }
}

function listSome(names: string[]): string {
  const sorted = [...names].sort();
  const shown = sorted.slice(0, 8).join(", ");
  return sorted.length > 8 ? `${shown}, … (${sorted.length} entries)` : shown;
}
