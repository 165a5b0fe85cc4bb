/**
 * ClinicalBERT's way of turning the probabilities of a note's chunks into one probability (Huang et al.;
 * docs/readmission-task.md §Scoring): with n chunks, P_max their highest probability and P_mean their mean,
 *
 *     P = (P_max + P_mean · n/c) / (1 + n/c)
 *
 * c is a constant (the reference: 2): a note of few chunks leans on its most alarming chunk, a note of many on the
 * average. One chunk gives its own probability. Works in probability space, never on logits.
 */
import type { ProblemType } from "../../tasks/ProblemType.ts";
import { CLINICALBERT_C } from "../../tasks/readmission/clinicalBertConstants.ts";
import { PrognosError } from "../../util/errors.ts";

export { CLINICALBERT_C };

/** P = (P_max + P_mean·n/c) / (1 + n/c) of `probs` (at least one); c > 0. */
export function clinicalBertProbability(probs: ArrayLike<number>, c: number = CLINICALBERT_C): number {
  const n = probs.length;
  if (n === 0) throw new PrognosError("ClinicalBERT pooling: a note without chunks has no probability");
  if (!(c > 0) || !Number.isFinite(c)) throw new PrognosError(`ClinicalBERT pooling: c must be > 0, got ${c}`);
  let max = Number.NEGATIVE_INFINITY;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const p = probs[i]!;
    if (p > max) max = p;
    sum += p;
  }
  // P_mean·n/c = sum/c: the reference's own arithmetic (max + sum/c) / (1 + n/c).
  return (max + sum / c) / (1 + n / c);
}

/**
 * One note's probabilities from its chunks' (rows `first` … `first + count − 1` of `scores`, [rows, L], each row
 * what logitsToScores gives). Multi-label: every label pooled on its own. Binary single-label: the risk (index 1)
 * pooled, index 0 = 1 − it. Multi-class has no single risk to pool: refused.
 */
export function poolClinicalBert(
  scores: Float32Array,
  first: number,
  count: number,
  L: number,
  problemType: ProblemType,
  c: number = CLINICALBERT_C,
): Float32Array {
  if (problemType === "single_label_classification" && L !== 2) {
    throw new PrognosError(
      `ClinicalBERT pooling is for binary or multi-label outputs; this head has ${L} classes (use max or mean)`,
    );
  }
  const column = (l: number) => {
    const p = new Float64Array(count);
    for (let w = 0; w < count; w++) p[w] = scores[(first + w) * L + l]!;
    return clinicalBertProbability(p, c);
  };
  const out = new Float32Array(L);
  if (problemType === "single_label_classification") {
    const risk = column(1);
    out[0] = 1 - risk;
    out[1] = risk;
  } else for (let l = 0; l < L; l++) out[l] = column(l);
  return out;
}

/** poolClinicalBert for consecutive notes with these chunk counts: [notes, L]. */
export function poolClinicalBertNotes(
  scores: Float32Array,
  counts: readonly number[],
  L: number,
  problemType: ProblemType,
  c: number = CLINICALBERT_C,
): Float32Array {
  const out = new Float32Array(counts.length * L);
  let row = 0;
  counts.forEach((count, n) => {
    out.set(poolClinicalBert(scores, row, count, L, problemType, c), n * L);
    row += count;
  });
  return out;
}
