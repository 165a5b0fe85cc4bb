import type { Engine } from "../engine/Engine.ts";
import { evaluatePredictions } from "../evaluation/evaluatePredictions.ts";
import { toPredictionSet } from "../evaluation/taskScoring.ts";
import { NotePredictor } from "../serving/NotePredictor.ts";
import { readMtSamplesTranscriptions } from "../sources/mtsamples/readMtSamples.ts";
import { loadTaskDataset } from "../tasks/dataset/loadTaskDataset.ts";
import type { TaskExample } from "../tasks/dataset/TaskDataset.ts";
import type { LabelType } from "../tasks/ProblemType.ts";
import { PrognosError } from "../util/errors.ts";
import type { AccuracyCheck } from "./quantizationInfo.ts";

/** How far int8 may move a task's macro AUROC before `prognos quantize` refuses to ship it (docs/quantization.md). */
export const MAX_AUROC_CHANGE = 0.002;
/** Bundled MTSamples notes the check reads when no task is given. */
export const BUNDLED_CHECK_NOTES = 64;

/**
 * Scores the same notes with the fp32 folder and its quantized copy, both read as `prognos predict` reads them:
 * the max absolute change of any probability and, with a task, the macro AUROC of each on the task's val split.
 */
export async function checkQuantizedAccuracy(
  fp32Dir: string,
  int8Dir: string,
  engine: Engine,
  options: { task?: string; batchSize?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<AccuracyCheck> {
  const fp32 = await NotePredictor.load([fp32Dir], engine);
  const int8 = await NotePredictor.load([int8Dir], engine);
  const head = fp32.models[0]!.head;
  let examples: TaskExample[];
  let on: string;
  let labelType: LabelType | undefined;
  if (options.task !== undefined) {
    const dataset = await loadTaskDataset(options.task, { problemType: head.problemType });
    const names = head.labels.map((l) => l.name);
    if (names.join("\u0000") !== dataset.labels.join("\u0000")) {
      throw new PrognosError(
        `--task ${options.task}: the model's labels differ from the task's (${names.length} vs ${dataset.labels.length})`,
      );
    }
    examples = dataset.splits.val;
    if (examples.length === 0) throw new PrognosError(`--task ${options.task}: the val split is empty`);
    on = `${options.task} (val split)`;
    labelType = dataset.labelType;
  } else {
    const notes = readMtSamplesTranscriptions().slice(0, BUNDLED_CHECK_NOTES);
    examples = notes.map((text, i) => ({ id: String(i), text, labels: [] }));
    on = `${notes.length} bundled MTSamples notes`;
  }
  const total = examples.length * 2;
  const progress = (offset: number) => (done: number) => options.onProgress?.(offset + done, total);
  const notes = examples.map((e) => ({ id: e.id, text: e.text }));
  const a = await fp32.score(notes, { batchSize: options.batchSize, onProgress: progress(0) });
  const b = await int8.score(notes, { batchSize: options.batchSize, onProgress: progress(examples.length) });
  const L = head.labels.length;
  const pa = new Float32Array(examples.length * L);
  const pb = new Float32Array(examples.length * L);
  let maxChange = 0;
  examples.forEach((_, i) => {
    pa.set(a[i]![0]!.probabilities, i * L);
    pb.set(b[i]![0]!.probabilities, i * L);
  });
  for (let k = 0; k < pa.length; k++) maxChange = Math.max(maxChange, Math.abs(pa[k]! - pb[k]!));
  const check: AccuracyCheck = { on, notes: examples.length, maxProbabilityChange: maxChange };
  if (labelType) {
    const names = head.labels.map((l) => l.name);
    const evaluate = (scores: Float32Array) =>
      evaluatePredictions({ ...toPredictionSet(labelType!, names, examples, scores), bootstrap: false });
    const before = evaluate(pa);
    check.aurocFp32 = before.headline.value ?? Number.NaN;
    check.aurocInt8 = evaluate(pb).headline.value ?? Number.NaN;
    check.aurocChange = check.aurocInt8 - check.aurocFp32;
    // A collapsed model's AUROC ranks float noise (docs/learning-checks.md): any change of its scores moves it.
    if (before.spread.collapsed)
      check.fp32Collapsed = { spread: before.spread.value, threshold: before.spread.threshold };
  }
  return check;
}
