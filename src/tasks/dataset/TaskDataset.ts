import type { LabelType, ProblemType } from "../ProblemType.ts";
import type { Split } from "../splits/Split.ts";

export type { LabelType, ProblemType };

/** Which of the three accepted layouts the task was read from. */
export type TaskLayout = "prognos" | "core" | "plain";

/** One row of a split: its id, the note, and its targets as label indices in model order. */
export interface TaskExample {
  id: string;
  text: string;
  /** Multi-label: the indices of the row's labels (possibly none); single-label: one class index. */
  labels: number[];
}

/** Something read but not used as it was, counted: never silent. */
export interface DatasetSkip {
  split: Split;
  file: string;
  /** e.g. "label not in the training set: dropped from the row's targets". */
  reason: string;
  /** Rows affected. */
  rows: number;
  /** Label → occurrences, for label-level skips. */
  labels?: Record<string, number>;
}

/** A task's three splits, read and checked (see loadTaskDataset). */
export interface TaskDataset {
  /** Task name: labels.json's `task`, the CORe file prefix, or the folder's name. */
  name: string;
  layout: TaskLayout;
  /** The folder the split files are in. */
  folder: string;
  /** The split files read. */
  files: Record<Split, string>;
  problemType: ProblemType;
  labelType: LabelType;
  labelColumn: string;
  /** Label names in model order (output index i is labels[i]). */
  labels: string[];
  /** Titles in model order (Prognos task folders: labels.json), when known. */
  titles?: string[];
  splits: Record<Split, TaskExample[]>;
  /** Per split and label index: rows with the label (multi-label) or of the class (single-label). */
  labelCounts: Record<Split, number[]>;
  /** Rows or labels not used as they were, and why. */
  skipped: DatasetSkip[];
  /** Things worth knowing that change nothing (e.g. labels with rows in val/test but none in train). */
  warnings: string[];
}

/** Options of loadTaskDataset; every field is optional. */
export interface LoadTaskOptions {
  /**
   * The problem type, for folders without a manifest whose label column is not one of CORe's
   * (`short_codes`, `hospital_expire_flag`, `los_label`). When given for a known column it must agree with it.
   */
  problemType?: ProblemType;
  /** The label column, when a split file has more than one column besides `id` and `text`. */
  labelColumn?: string;
}
