export { compareCodePoints } from "./compareCodePoints.ts";
export { findTaskFiles, type TaskFiles } from "./findTaskFiles.ts";
export { loadTaskDataset } from "./loadTaskDataset.ts";
export type {
  DatasetSkip,
  LabelType,
  LoadTaskOptions,
  ProblemType,
  TaskDataset,
  TaskExample,
  TaskLayout,
} from "./TaskDataset.ts";
