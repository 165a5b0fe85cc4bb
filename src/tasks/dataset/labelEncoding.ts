import { PrognosError } from "../../util/errors.ts";
import type { LabelType, ProblemType } from "../ProblemType.ts";
import type { Split } from "../splits/Split.ts";
import { compareCodePoints } from "./compareCodePoints.ts";
import type { RawRow, SplitFile } from "./readSplitFile.ts";
import type { DatasetSkip, TaskExample } from "./TaskDataset.ts";

/** How a label column is read and which label set it has. */
export interface LabelSpec {
  problemType: ProblemType;
  /** Label names in model order. */
  labels: string[];
  /**
   * true: the label set is declared (labels.json, or CORe's fixed classes) and a value outside it is an error;
   * false: it was taken from train, and val/test labels outside it are dropped and counted.
   */
  declared: boolean;
}

/** CORe's single-label columns and their fixed classes (docs/core-method.md §2). */
const FIXED_CLASSES: Readonly<Record<string, string[]>> = {
  hospital_expire_flag: ["0", "1"],
  los_label: ["0", "1", "2", "3"],
};

export function labelTypeOf(problemType: ProblemType, numLabels: number): LabelType {
  if (problemType === "multi_label_classification") return "multi-label";
  return numLabels === 2 ? "binary" : "multi-class";
}

/**
 * The problem type of a label column in a folder without a manifest: CORe's columns say it (`short_codes`
 * multi-label; `hospital_expire_flag` 2 classes; `los_label` 4 classes), any other needs `option`.
 * Returns the fixed classes of single-label CORe columns.
 */
export function columnProblemType(
  column: string,
  option: ProblemType | undefined,
  file: string,
): { problemType: ProblemType; fixed?: string[] } {
  const col = column.toLowerCase();
  const known: ProblemType | undefined =
    col === "short_codes"
      ? "multi_label_classification"
      : col in FIXED_CLASSES
        ? "single_label_classification"
        : undefined;
  if (known && option && option !== known) {
    throw new PrognosError(`label column '${column}' is ${known}, but the problem type given is ${option}`, { file });
  }
  const problemType = known ?? option;
  if (!problemType) {
    throw new PrognosError(
      `cannot tell the problem type from label column '${column}' (known: short_codes, hospital_expire_flag, ` +
        "los_label); give it (--problem-type multi_label_classification | single_label_classification)",
      { file },
    );
  }
  return { problemType, fixed: FIXED_CLASSES[col] };
}

/** Multi-label codes: split on commas, trimmed, empty pieces and repeats left out. */
export function splitCodes(raw: string): string[] {
  return [...new Set(raw.split(",").map((c) => c.trim()))].filter((c) => c !== "");
}

/** A single-label class: an integer (written as `3` or `3.0`), returned in its canonical spelling (`3`). */
export function parseClass(raw: string, file: string, line: number, column: string): string {
  const s = raw.trim();
  const n = Number(s);
  if (s === "" || !/^[+-]?\d+(\.0*)?$/.test(s) || !Number.isSafeInteger(n)) {
    throw new PrognosError(`line ${line}, column '${column}': class label ${JSON.stringify(raw)} is not an integer`, {
      file,
    });
  }
  if (n < 0) throw new PrognosError(`line ${line}, column '${column}': class label ${n} is negative`, { file });
  return String(n);
}

/** The label set of the training file: sorted codes (multi-label) or sorted class values (single-label). */
export function labelsFromTrain(train: SplitFile, problemType: ProblemType): string[] {
  const seen = new Set<string>();
  for (const row of train.rows) {
    if (problemType === "multi_label_classification") for (const c of splitCodes(row.label)) seen.add(c);
    else seen.add(parseClass(row.label, train.name, row.line, train.labelColumn));
  }
  const labels = [...seen];
  if (problemType === "multi_label_classification") return labels.sort(compareCodePoints);
  return labels.sort((a, b) => Number(a) - Number(b));
}

/**
 * Turns one split's rows into examples with label indices. Labels outside a declared set are errors; outside a
 * set taken from train they are dropped (multi-label: from the row's targets; single-label: the row) and counted.
 */
export function encodeSplit(
  split: Split,
  file: SplitFile,
  spec: LabelSpec,
): { examples: TaskExample[]; skipped: DatasetSkip[] } {
  const index = new Map(spec.labels.map((l, i) => [l, i]));
  const unseen = new Map<string, number>();
  let rowsWithUnseen = 0;
  const examples: TaskExample[] = [];
  const outside = (row: RawRow, value: string) => {
    const known = spec.labels.length > 12 ? `${spec.labels.length} labels` : spec.labels.join(", ");
    const what = spec.problemType === "multi_label_classification" ? "label" : "class";
    return new PrognosError(
      `line ${row.line}, column '${file.labelColumn}': ${what} ${JSON.stringify(value)} is not in the task's ` +
        `label set (${known})`,
      { file: file.name },
    );
  };
  for (const row of file.rows) {
    if (spec.problemType === "multi_label_classification") {
      const labels: number[] = [];
      let dropped = false;
      for (const code of splitCodes(row.label)) {
        const i = index.get(code);
        if (i !== undefined) labels.push(i);
        else if (spec.declared) throw outside(row, code);
        else {
          unseen.set(code, (unseen.get(code) ?? 0) + 1);
          dropped = true;
        }
      }
      if (dropped) rowsWithUnseen++;
      examples.push({ id: row.id, text: row.text, labels: labels.sort((a, b) => a - b) });
    } else {
      const value = parseClass(row.label, file.name, row.line, file.labelColumn);
      const i = index.get(value);
      if (i !== undefined) examples.push({ id: row.id, text: row.text, labels: [i] });
      else if (spec.declared) throw outside(row, value);
      else {
        unseen.set(value, (unseen.get(value) ?? 0) + 1);
        rowsWithUnseen++;
      }
    }
  }
  const skipped: DatasetSkip[] = [];
  if (unseen.size > 0) {
    skipped.push({
      split,
      file: file.name,
      reason:
        spec.problemType === "multi_label_classification"
          ? "labels not in the training set: dropped from these rows' targets"
          : "class not in the training set: rows dropped",
      rows: rowsWithUnseen,
      labels: Object.fromEntries([...unseen].sort(([a], [b]) => compareCodePoints(a, b))),
    });
  }
  return { examples, skipped };
}
