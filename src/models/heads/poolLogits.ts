import { PrognosError } from "../../util/errors.ts";
import { poolClinicalBert, poolClinicalBertNotes } from "./clinicalBertPooling.ts";
import { logitsToScores } from "./logitsToScores.ts";
import type { ModelHead } from "./ModelHead.ts";

/**
 * A note's logits from its windows' rows `first … first + count − 1` of `logits` [rows, L]: its one window's, or
 * its windows' pooled by the head's long-note policy, max or mean (docs/long-notes.md). Used by `prognos predict`
 * and `serve` (NotePredictor), the page's in-browser mode, `prognos evaluate` and training's dev evaluation alike
 * (in the training graph: poolWindowLogits.ts). Pool `clinicalbert` pools probabilities, never logits: it is
 * refused here (noteProbabilities / poolNoteProbabilities handle it).
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
  if (pool === "clinicalbert") {
    throw new PrognosError("long_notes.pool clinicalbert pools window probabilities, not logits (docs/long-notes.md)");
  }
  for (let w = 1; w < count; w++) {
    for (let l = 0; l < L; l++) {
      const v = logits[(first + w) * L + l]!;
      out[l] = pool === "max" ? Math.max(out[l]!, v) : out[l]! + v;
    }
  }
  if (pool === "mean") for (let l = 0; l < L; l++) out[l] = out[l]! / count;
  return out;
}

/** poolLogits for consecutive notes with these window counts, their windows' rows in order: [notes, L]. */
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

/**
 * A note's probabilities from its windows' logits (rows `first … first + count − 1`): the pooled logits (max, mean)
 * through sigmoid / softmax, or — pool `clinicalbert` — the windows' probabilities pooled as ClinicalBERT does
 * (docs/readmission-task.md): that rule works on probabilities, never on logits.
 */
export function noteProbabilities(
  logits: Float32Array,
  first: number,
  count: number,
  L: number,
  head: Pick<ModelHead, "longNotes" | "problemType">,
): Float32Array {
  const ln = head.longNotes;
  if (ln.policy === "windows" && ln.pool === "clinicalbert") {
    const rows = logits.subarray(first * L, (first + count) * L);
    return poolClinicalBert(logitsToScores(rows, L, head.problemType), 0, count, L, head.problemType, ln.c);
  }
  return logitsToScores(poolLogits(logits, first, count, L, head), L, head.problemType);
}

/** noteProbabilities for consecutive notes with these window counts, their windows' rows in order: [notes, L]. */
export function poolNoteProbabilities(
  logits: Float32Array,
  counts: readonly number[],
  L: number,
  head: Pick<ModelHead, "longNotes" | "problemType">,
): Float32Array {
  const ln = head.longNotes;
  if (ln.policy === "windows" && ln.pool === "clinicalbert") {
    return poolClinicalBertNotes(logitsToScores(logits, L, head.problemType), counts, L, head.problemType, ln.c);
  }
  return logitsToScores(poolNotes(logits, counts, L, head), L, head.problemType);
}
