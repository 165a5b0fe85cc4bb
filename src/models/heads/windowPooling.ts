import * as T from "../../graph/tensorOps.ts";
import type { Value } from "../../graph/Value.ts";
import type { ModelHead } from "./ModelHead.ts";

/**
 * A note's logits from its windows' (docs/long-notes.md), in the training graph: `logits` [rows, labels] holds
 * every window of the batch; `slots` [notes, maxWindows] (int64) names each note's rows and `used` [notes,
 * maxWindows] (bool) the slots in use. The windows are gathered to [notes, maxWindows, labels] and reduced over
 * the windows: `max` with the empty slots at −inf (the gradient goes to the window holding each label's maximum;
 * ties split it evenly, as torch.amax), `mean` with them at 0 and divided by the note's window count. Returns
 * [notes, labels]; gradients flow through the pooling to every window that counts.
 */
export function poolWindowLogits(logits: Value, slots: Value, used: Value, pool: "max" | "mean"): Value {
  const g = logits.graph;
  const perNote = T.gather(logits, slots);
  const mask = T.unsqueeze(used, [2]);
  if (pool === "max")
    return T.reduceMax(T.where(mask, perNote, g.scalar(Number.NEGATIVE_INFINITY, logits.dtype)), [1], false);
  const sum = T.reduceSum(T.where(mask, perNote, g.scalar(0, logits.dtype)), [1], false);
  return T.div(sum, T.reduceSum(T.cast(mask, logits.dtype), [1], false));
}

/**
 * The same outside a graph (evaluation, prediction): the note whose `count` windows start at row `first` of
 * `logits` [rows, L] gets its one window's logits, or its windows' maximum or mean as the head's policy says.
 */
export function poolLogits(
  logits: Float32Array,
  first: number,
  count: number,
  L: number,
  head: Pick<ModelHead, "longNotes">,
): Float32Array {
  const out = Float32Array.from(logits.subarray(first * L, (first + 1) * L));
  if (count === 1) return out;
  const pool = head.longNotes.policy === "windows" ? head.longNotes.pool : "max";
  for (let w = 1; w < count; w++) {
    for (let l = 0; l < L; l++) {
      const v = logits[(first + w) * L + l]!;
      out[l] = pool === "max" ? Math.max(out[l]!, v) : out[l]! + v;
    }
  }
  if (pool === "mean") for (let l = 0; l < L; l++) out[l] = out[l]! / count;
  return out;
}

/** poolLogits for consecutive notes with these window counts: [notes, L]. */
export function poolNotes(
  logits: Float32Array,
  counts: readonly number[],
  L: number,
  head: Pick<ModelHead, "longNotes">,
): Float32Array {
  const out = new Float32Array(counts.length * L);
  let row = 0;
  counts.forEach((c, n) => {
    out.set(poolLogits(logits, row, c, L, head), n * L);
    row += c;
  });
  return out;
}
