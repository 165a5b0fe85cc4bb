import { join } from "node:path";
import { PrognosError } from "../../util/errors.ts";
import { readJsonFile } from "../../util/readJsonFile.ts";
import type { ProblemType } from "../ProblemType.ts";
import type { Split } from "../splits/Split.ts";
import { TASK_MANIFEST_FILE } from "../taskManifest.ts";
import { LABELS_FILE } from "./findTaskFiles.ts";

/** What a Prognos task folder declares in labels.json (and manifest.json's row counts, when present). */
export interface DeclaredLabels {
  task: string;
  labelColumn: string;
  problemType: ProblemType;
  labels: string[];
  titles: string[];
  /** manifest.json's rows per split, to check the files against. */
  manifestRows?: Record<Split, number>;
}

const PROBLEM_TYPES: Readonly<Record<string, ProblemType>> = {
  "multi-label": "multi_label_classification",
  binary: "single_label_classification",
  "multi-class": "single_label_classification",
};

/** Reads and checks labels.json ({task, labelColumn, labelType, labels: [{label, title, …}]}). */
export function readTaskLabels(folder: string): DeclaredLabels {
  const file = join(folder, LABELS_FILE);
  const json = readJsonFile(file) as Record<string, unknown>;
  const fail = (what: string) => new PrognosError(what, { file });
  if (typeof json !== "object" || json === null) throw fail("expected a JSON object");
  const { task, labelColumn, labelType, labels } = json;
  if (typeof task !== "string" || task === "") throw fail("'task' must be a non-empty string");
  if (typeof labelColumn !== "string" || labelColumn === "") throw fail("'labelColumn' must be a non-empty string");
  const problemType = typeof labelType === "string" ? PROBLEM_TYPES[labelType] : undefined;
  if (!problemType) {
    throw fail(`'labelType' is ${JSON.stringify(labelType)}; expected "multi-label", "binary" or "multi-class"`);
  }
  if (!Array.isArray(labels) || labels.length === 0) throw fail("'labels' must be a non-empty array");
  const names: string[] = [];
  const titles: string[] = [];
  labels.forEach((l, i) => {
    const label = (l as { label?: unknown })?.label;
    if (typeof label !== "string" || label === "") throw fail(`labels[${i}].label must be a non-empty string`);
    const title = (l as { title?: unknown }).title;
    names.push(label);
    titles.push(typeof title === "string" ? title : "");
  });
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup !== undefined) throw fail(`label ${JSON.stringify(dup)} is listed twice`);
  if (labelType === "binary" && names.length !== 2) throw fail(`a binary task has 2 labels, found ${names.length}`);
  const manifest = readJsonFile(join(folder, TASK_MANIFEST_FILE)) as { rows?: Record<Split, number> } | null;
  const rows = manifest?.rows;
  const manifestRows =
    rows && ["train", "val", "test"].every((s) => typeof rows[s as Split] === "number") ? rows : undefined;
  return { task, labelColumn, problemType, labels: names, titles, manifestRows };
}
