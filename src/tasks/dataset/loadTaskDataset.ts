import { PrognosError } from "../../util/errors.ts";
import { SPLITS, type Split } from "../splits/Split.ts";
import { findTaskFiles } from "./findTaskFiles.ts";
import { columnProblemType, encodeSplit, type LabelSpec, labelsFromTrain, labelTypeOf } from "./labelEncoding.ts";
import { readSplitFile, type SplitFile } from "./readSplitFile.ts";
import { readTaskLabels } from "./readTaskLabels.ts";
import type { DatasetSkip, LoadTaskOptions, TaskDataset, TaskExample } from "./TaskDataset.ts";

/**
 * Reads a task for training (the `--task` argument): a Prognos task folder, CORe's `{TASK}_{split}.csv` files, or a
 * folder with train.csv, val.csv and test.csv (see findTaskFiles). Columns `id`, `text` and the label column.
 *
 * The label set and problem type: a Prognos folder declares them in labels.json (model order = its order, titles
 * from it; any value outside it is an error). Otherwise the label column says the problem type (`short_codes`
 * multi-label, `hospital_expire_flag` 2 classes, `los_label` 4 classes; these class sets are fixed) or
 * `options.problemType` does, and the labels are those of train.csv, sorted; labels seen only in val/test are
 * dropped from those rows' targets (single-label: the rows) and reported in `skipped`.
 *
 * Errors (PrognosError, naming file, line and column): not a task, a missing column, an empty split, a class
 * label that is not an integer, a class outside a declared set.
 */
export async function loadTaskDataset(path: string, options: LoadTaskOptions = {}): Promise<TaskDataset> {
  const found = findTaskFiles(path);
  const declared = found.layout === "prognos" ? readTaskLabels(found.folder) : undefined;
  const labelColumn = options.labelColumn ?? declared?.labelColumn;
  const files = {} as Record<Split, SplitFile>;
  for (const split of SPLITS) {
    files[split] = await readSplitFile(found.files[split], labelColumn ?? files.train?.labelColumn);
    if (files[split].rows.length === 0) {
      throw new PrognosError(`the ${split} split is empty (a header and no rows)`, { file: found.files[split] });
    }
  }
  const column = files.train.labelColumn;
  let spec: LabelSpec;
  if (declared) {
    if (options.problemType && options.problemType !== declared.problemType) {
      throw new PrognosError(
        `labels.json says ${declared.problemType}, but the problem type given is ${options.problemType}`,
        { file: found.folder },
      );
    }
    spec = { problemType: declared.problemType, labels: declared.labels, declared: true };
  } else {
    const { problemType, fixed } = columnProblemType(column, options.problemType, files.train.name);
    spec = fixed
      ? { problemType, labels: fixed, declared: true }
      : { problemType, labels: labelsFromTrain(files.train, problemType), declared: false };
  }
  if (spec.problemType === "single_label_classification" && spec.labels.length < 2) {
    throw new PrognosError(
      `a single-label task needs at least 2 classes; column '${column}' has ${spec.labels.length} (${spec.labels.join(", ")})`,
      { file: files.train.name },
    );
  }
  const splits = {} as Record<Split, TaskExample[]>;
  const skipped: DatasetSkip[] = [];
  for (const split of SPLITS) {
    const encoded = encodeSplit(split, files[split], spec);
    splits[split] = encoded.examples;
    skipped.push(...encoded.skipped);
    if (encoded.examples.length === 0) {
      throw new PrognosError(`the ${split} split has no row left after dropping classes not seen in train`, {
        file: files[split].name,
      });
    }
  }
  const labelCounts = countLabels(splits, spec.labels.length);
  const dataset: TaskDataset = {
    name: declared?.task ?? found.name,
    layout: found.layout,
    folder: found.folder,
    files: found.files,
    problemType: spec.problemType,
    labelType: labelTypeOf(spec.problemType, spec.labels.length),
    labelColumn: column,
    labels: spec.labels,
    splits,
    labelCounts,
    skipped,
    warnings: warningsOf(files, splits, spec, labelCounts, declared?.manifestRows),
  };
  if (declared) dataset.titles = declared.titles;
  return dataset;
}

function countLabels(splits: Record<Split, TaskExample[]>, n: number): Record<Split, number[]> {
  const out = {} as Record<Split, number[]>;
  for (const split of SPLITS) {
    const counts = new Array<number>(n).fill(0);
    for (const e of splits[split]) for (const l of e.labels) counts[l]!++;
    out[split] = counts;
  }
  return out;
}

function warningsOf(
  files: Record<Split, SplitFile>,
  splits: Record<Split, TaskExample[]>,
  spec: LabelSpec,
  counts: Record<Split, number[]>,
  manifestRows?: Record<Split, number>,
): string[] {
  const warnings: string[] = [];
  for (const split of SPLITS) {
    const name = files[split].name;
    const rows = files[split].rows.length;
    if (manifestRows && manifestRows[split] !== rows) {
      warnings.push(`${name}: ${rows} rows, but manifest.json says ${manifestRows[split]}`);
    }
    const emptyText = splits[split].filter((e) => e.text.trim() === "").length;
    if (emptyText > 0) warnings.push(`${name}: ${emptyText} rows with empty text (kept)`);
    const ids = new Set<string>();
    let duplicates = 0;
    for (const e of splits[split]) {
      if (ids.has(e.id)) duplicates++;
      ids.add(e.id);
    }
    if (duplicates > 0) warnings.push(`${name}: ${duplicates} rows repeat an id seen earlier in the file (kept)`);
    if (spec.problemType === "multi_label_classification") {
      const none = splits[split].filter((e) => e.labels.length === 0).length;
      if (none > 0) warnings.push(`${name}: ${none} rows with no label (kept: every target 0)`);
    }
  }
  const noTrain = spec.labels.filter((_, i) => counts.train[i] === 0);
  const evalOnly = spec.labels.filter((_, i) => counts.train[i] === 0 && counts.val[i]! + counts.test[i]! > 0);
  if (noTrain.length > 0) {
    const what = spec.problemType === "multi_label_classification" ? "labels" : "classes";
    warnings.push(
      `${noTrain.length} of ${spec.labels.length} ${what} have no row in train` +
        (evalOnly.length > 0 ? `, ${evalOnly.length} of them with rows in val or test (kept in the label set)` : ""),
    );
  }
  return warnings;
}
