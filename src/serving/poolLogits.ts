import { poolClinicalBert } from "../models/heads/clinicalBertPooling.ts";
import { logitsToScores } from "../models/heads/logitsToScores.ts";
import type { ModelHead } from "../models/heads/ModelHead.ts";

/**
 * A note's logits from its windows' rows `first … first + count − 1` of `logits` [rows, L]: its one window's, or
 * its windows' pooled by the head's long-note policy, max or mean (docs/model-head.md). Used by `prognos predict`
 * and `serve` (NotePredictor) and by the page's in-browser mode alike, through noteProbabilities.
 */
export function poolLogits(
  logits: Float32Array,
  first: number,
  count: number,
  L: number,
  head: ModelHead,
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
  head: ModelHead,
): Float32Array {
  const ln = head.longNotes;
  if (ln.policy === "windows" && ln.pool === "clinicalbert") {
    const rows = logits.subarray(first * L, (first + count) * L);
    return poolClinicalBert(logitsToScores(rows, L, head.problemType), 0, count, L, head.problemType, ln.c);
  }
  return logitsToScores(poolLogits(logits, first, count, L, head), L, head.problemType);
}
