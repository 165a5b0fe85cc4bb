export { compareCodePoints } from "./compareCodePoints.ts";
export { findTaskFiles, type TaskFiles } from "./findTaskFiles.ts";
export { loadTaskDataset } from "./loadTaskDataset.ts";
export type {
  DatasetLabelType,
  DatasetProblemType,
  DatasetSkip,
  LoadTaskOptions,
  TaskDataset,
  TaskExample,
  TaskLayout,
} from "./TaskDataset.ts";
