import * as T from "../../graph/tensorOps.ts";
import type { Value } from "../../graph/Value.ts";

/**
 * A note's logits from its windows' (docs/long-notes.md), in the training graph: `logits` [rows, labels] holds
 * every window of the batch; `slots` [notes, maxWindows] (int64) names each note's rows and `used` [notes,
 * maxWindows] (bool) the slots in use. The windows are gathered to [notes, maxWindows, labels] and reduced over
 * the windows: `max` with the empty slots at −inf (the gradient goes to the window holding each label's maximum;
 * ties split it evenly, as torch.amax), `mean` with them at 0 and divided by the note's window count. Returns
 * [notes, labels]; gradients flow through the pooling to every window that counts. Outside a graph (evaluation,
 * prediction, the dev metric during training) the same pooling is poolLogits.ts.
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
