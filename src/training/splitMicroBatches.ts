import { type Example, encoderRows } from "./Batch.ts";

/**
 * A batch split into micro-batches (one ONNX Runtime call each) of at most `micro` encoder rows, in order. A note
 * is never split: with the windows policy a micro-batch takes whole notes while their windows fit (a note with
 * more windows than `micro` goes alone), so the accumulated loss is the loss over the batch's notes
 * (microBatchShares) and the memory per call is bounded by max(micro, max_windows) rows. With one row per note this
 * is plain chunks of `micro` notes.
 */
export function splitMicroBatches<E extends Example>(batch: readonly E[], micro: number): E[][] {
  const out: E[][] = [];
  let current: E[] = [];
  let rows = 0;
  for (const e of batch) {
    const n = encoderRows(e).length;
    if (current.length > 0 && rows + n > micro) {
      out.push(current);
      current = [];
      rows = 0;
    }
    current.push(e);
    rows += n;
  }
  if (current.length > 0) out.push(current);
  return out;
}
