import type { TaskDataset } from "../tasks/dataset/TaskDataset.ts";
import type { ProblemType } from "../tasks/ProblemType.ts";
import type { Example } from "./Batch.ts";

/** A task's labels and tokenized train/val rows as the fine-tuning loop takes them. */
export function fineTuneData(
  dataset: Pick<TaskDataset, "name" | "titles" | "problemType" | "labels">,
  train: readonly Example[],
  val: readonly Example[],
): FineTuneData {
  const { name: task, titles, problemType, labels } = dataset;
  return { task, titles, problemType, labels, train, val };
}

export interface FineTuneData {
  /** The task's name, recorded in the saved head (default: the --task path). */
  task?: string;
  problemType: ProblemType;
  labels: readonly string[];
  /** Label titles in label order (ICD-9 group names, LOS buckets), recorded in the saved head when known. */
  titles?: readonly string[];
  train: readonly Example[];
  val: readonly Example[];
}

export interface StepEvent {
  step: number;
  totalSteps: number;
  epoch: number;
  loss: number;
  lr: number;
  gradNorm: number;
  tokensPerSecond: number;
}
