import type { TensorData } from "../graph/types.ts";
import type { ProblemType } from "../tasks/ProblemType.ts";

/**
 * One training example (one note) and its target (label indices): one row of token ids with [CLS]/[SEP] (`inputIds`,
 * the truncate policy), or the note's windows, each [CLS] … [SEP], scored one by one and pooled (`windows`,
 * docs/long-notes.md).
 */
export type Example = {
  /** Multi-label: the indices of positive labels; single-label: one class index. */
  labels: readonly number[];
} & ({ inputIds: readonly number[]; windows?: never } | { windows: readonly (readonly number[])[]; inputIds?: never });

/** The rows the encoder reads for a note: its windows, or its one row. */
export const encoderRows = (e: Example): readonly (readonly number[])[] => e.windows ?? [e.inputIds];

/**
 * Batch feeds shared by the train, accumulate and predict graphs: the encoder's rows right-padded to the longest,
 * and labels per note. `windowed` (graphs built with a window pool): every note's rows go into the batch one after
 * another, and `window_slots` [notes, slots] names each note's rows (slot k of note n is row window_slots[n, k]),
 * `slot_mask` marking the slots in use (a note with fewer windows than the most in the batch leaves the rest
 * empty; they point at row 0 and are masked out by the pooling, docs/long-notes.md).
 */
export function batchFeeds(
  examples: readonly Example[],
  problemType: ProblemType,
  numLabels: number,
  padTokenId: number,
  windowed = false,
): { feeds: Record<string, TensorData>; batch: number; seq: number } {
  if (!windowed && examples.some((e) => e.windows))
    throw new Error("windowed examples need a graph built with a window pool");
  const rows = examples.flatMap(encoderRows);
  const batch = rows.length;
  const seq = Math.max(...rows.map((r) => r.length));
  const ids = new BigInt64Array(batch * seq).fill(BigInt(padTokenId));
  const mask = new BigInt64Array(batch * seq);
  rows.forEach((row, b) => {
    row.forEach((id, t) => {
      ids[b * seq + t] = BigInt(id);
      mask[b * seq + t] = 1n;
    });
  });
  const labels = new Float32Array(examples.length * numLabels);
  examples.forEach((e, n) => {
    if (problemType === "single_label_classification" && e.labels.length !== 1) {
      throw new Error(`a single-label example has ${e.labels.length} labels`);
    }
    for (const l of e.labels) labels[n * numLabels + l] = 1;
  });
  const feeds: Record<string, TensorData> = {
    input_ids: { dtype: "int64", shape: [batch, seq], data: ids },
    attention_mask: { dtype: "int64", shape: [batch, seq], data: mask },
    token_type_ids: { dtype: "int64", shape: [batch, seq], data: new BigInt64Array(batch * seq) },
    position_ids: { dtype: "int64", shape: [1, seq], data: BigInt64Array.from({ length: seq }, (_, i) => BigInt(i)) },
    labels: { dtype: "float32", shape: [examples.length, numLabels], data: labels },
  };
  if (windowed) Object.assign(feeds, windowSlotFeeds(examples.map((e) => encoderRows(e).length)));
  return { feeds, batch, seq };
}

/** `window_slots` and `slot_mask` for notes with these window counts, their rows in order. */
export function windowSlotFeeds(counts: readonly number[]): Record<string, TensorData> {
  const notes = counts.length;
  const slots = Math.max(...counts);
  const index = new BigInt64Array(notes * slots);
  const used = new Uint8Array(notes * slots);
  let row = 0;
  counts.forEach((c, n) => {
    for (let k = 0; k < c; k++) {
      index[n * slots + k] = BigInt(row++);
      used[n * slots + k] = 1;
    }
  });
  return {
    window_slots: { dtype: "int64", shape: [notes, slots], data: index },
    slot_mask: { dtype: "bool", shape: [notes, slots], data: used },
  };
}
