/**
 * Does the synthetic EHR reward a model that sees order and timing? Builds the DHF cohort from generated patients
 * (DhfTally's rule; input = diagnoses strictly before the index: the first HF code for cases, the last encounter
 * for controls), then fits the same L2 logistic regression (full-batch gradient descent) on two feature sets and
 * compares test AUROC on a seeded 70/30 split:
 *   - bag of codes: one binary feature per diagnosis code (condition key) present in the input;
 *   - order-aware: the bag, plus per code "coded in the last year before the index", plus four features written
 *     for the model's order/timing effects (CKD first coded after diabetes, years since diabetes, recent MI, new
 *     atrial fibrillation). The bench also tries per-code "years since first coded" and "X before Y" for pairs of
 *     frequent codes, one group at a time.
 * Used by bench/ehr/learnability.ts (20k patients, with the feature groups one at a time, and scikit-learn's
 * LogisticRegression on the same matrices as a cross-check) and test/synth/ehr/learnability.test.ts (small sample).
 */

import { DAY_MS, YEAR_MS } from "../../src/synth/common/time.ts";
import { dhfRole } from "../../src/synth/ehr/DhfTally.ts";
import type { SyntheticPatient } from "../../src/synth/ehr/types.ts";
import { SeededRandom } from "../../src/util/SeededRandom.ts";

/** One cohort member: label, and first / last time (before the index) of each diagnosis key in the input. */
export interface CohortMember {
  label: 0 | 1;
  first: Map<string, number>;
  last: Map<string, number>;
  index: number;
}

/** The DHF cohort (cases and controls; near-cases and excluded types left out) as the OMOP output would give it. */
export function dhfCohort(patients: Iterable<SyntheticPatient>): CohortMember[] {
  const out: CohortMember[] = [];
  for (const p of patients) {
    const { role, index } = dhfRole(p, false);
    if ((role !== "case" && role !== "control") || index === null) continue;
    const first = new Map<string, number>();
    const last = new Map<string, number>();
    for (const e of p.encounters) {
      if (e.start >= index) continue;
      for (const c of e.conditions) {
        if (!first.has(c.key) || e.start < first.get(c.key)!) first.set(c.key, e.start);
        if (!last.has(c.key) || e.start > last.get(c.key)!) last.set(c.key, e.start);
      }
    }
    out.push({ label: role === "case" ? 1 : 0, first, last, index });
  }
  return out;
}

/** Which order/timing feature groups to add to the bag of codes (all false: the bag alone). */
export interface FeatureParts {
  /** Per code: coded in the last year before the index. */
  recency: boolean;
  /** Per code: years since first coded (capped at 15, divided by 5). */
  duration: boolean;
  /** Per pair of the most frequent codes: X first coded before Y. */
  pairs: boolean;
  /**
   * A few features written for this model: CKD (any stage) first coded more than 30 days after diabetes, years
   * since diabetes was first coded, an MI coded in the last two years, atrial fibrillation first coded in the last
   * year.
   */
  targeted: boolean;
}
export const BAG: FeatureParts = { recency: false, duration: false, pairs: false, targeted: false };
/** The headline order-aware set: the bag, per-code recency and the targeted order/timing features. */
export const ORDER: FeatureParts = { recency: true, duration: false, pairs: false, targeted: true };
const CKD = ["ckd1", "ckd2", "ckd3", "ckd4", "esrd"];

/** Feature rows for the members; the vocabulary comes from all members (sorted, so the columns are stable). */
export function features(members: readonly CohortMember[], parts: FeatureParts, pairCodes = 12): Float64Array[] {
  const counts = new Map<string, number>();
  for (const m of members) for (const k of m.first.keys()) counts.set(k, (counts.get(k) ?? 0) + 1);
  const vocab = [...counts.keys()].sort();
  const frequent = parts.pairs
    ? [...counts.entries()]
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
        .slice(0, pairCodes)
        .map(([k]) => k)
    : [];
  const v = vocab.length;
  const width = v * 3 + frequent.length * (frequent.length - 1) + (parts.targeted ? 4 : 0);
  return members.map((m) => {
    const x = new Float64Array(width);
    vocab.forEach((k, j) => {
      const f = m.first.get(k);
      if (f === undefined) return;
      x[j] = 1;
      if (parts.recency) x[v + j] = m.index - m.last.get(k)! <= 365 * DAY_MS ? 1 : 0;
      if (parts.duration) x[2 * v + j] = Math.min(15, (m.index - f) / YEAR_MS) / 5;
    });
    let j = 3 * v;
    for (const a of frequent) {
      for (const b of frequent) {
        if (a === b) continue;
        const fa = m.first.get(a);
        const fb = m.first.get(b);
        x[j++] = fa !== undefined && fb !== undefined && fa < fb ? 1 : 0;
      }
    }
    if (parts.targeted) {
      const t2d = m.first.get("t2d") ?? m.index;
      const ckd = Math.min(...CKD.map((k) => m.first.get(k) ?? Number.POSITIVE_INFINITY));
      x[j++] = ckd < m.index && ckd > t2d + 30 * DAY_MS ? 1 : 0;
      x[j++] = Math.min(15, (m.index - t2d) / YEAR_MS) / 5;
      x[j++] = m.index - (m.last.get("mi") ?? Number.NEGATIVE_INFINITY) <= 2 * YEAR_MS ? 1 : 0;
      x[j++] = m.index - (m.first.get("afib") ?? Number.NEGATIVE_INFINITY) <= YEAR_MS ? 1 : 0;
    }
    return x;
  });
}

/** L2-regularized logistic regression by full-batch gradient descent; returns weights (bias last). */
export function fitLogistic(
  x: readonly Float64Array[],
  y: readonly number[],
  epochs = 300,
  rate = 0.5,
  l2 = 1e-3,
): Float64Array {
  const d = x[0]!.length;
  const w = new Float64Array(d + 1);
  const grad = new Float64Array(d + 1);
  for (let epoch = 0; epoch < epochs; epoch++) {
    grad.fill(0);
    for (let i = 0; i < x.length; i++) {
      const xi = x[i]!;
      let z = w[d]!;
      for (let j = 0; j < d; j++) z += w[j]! * xi[j]!;
      const err = 1 / (1 + Math.exp(-z)) - y[i]!;
      for (let j = 0; j < d; j++) grad[j]! += err * xi[j]!;
      grad[d]! += err;
    }
    for (let j = 0; j <= d; j++) w[j]! -= rate * (grad[j]! / x.length + (j < d ? l2 * w[j]! : 0));
  }
  return w;
}

export function score(w: Float64Array, x: Float64Array): number {
  let z = w[w.length - 1]!;
  for (let j = 0; j < x.length; j++) z += w[j]! * x[j]!;
  return z;
}

/** Area under the ROC curve (ties count half). */
export function auroc(scores: readonly number[], labels: readonly number[]): number {
  const order = scores.map((s, i) => [s, labels[i]!] as const).sort((a, b) => a[0] - b[0]);
  let rankSum = 0;
  let positives = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j < order.length && order[j]![0] === order[i]![0]) j++;
    const rank = (i + j + 1) / 2;
    for (let k = i; k < j; k++) {
      if (order[k]![1] === 1) {
        rankSum += rank;
        positives++;
      }
    }
    i = j;
  }
  const negatives = order.length - positives;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

export interface Learnability {
  members: number;
  cases: number;
  bagAuroc: number;
  orderAuroc: number;
}

/** The seeded 70/30 split of a cohort: [train indices, test indices]. */
export function split(n: number, seed = 1): [number[], number[]] {
  const idx = SeededRandom.from(seed, "learnability-split").shuffle(Array.from({ length: n }, (_, i) => i));
  const cut = Math.floor(n * 0.7);
  return [idx.slice(0, cut), idx.slice(cut)];
}

/** Test AUROC of the logistic regression on one feature set (all-zero columns are harmless: their weight stays 0). */
export function testAuroc(members: readonly CohortMember[], parts: FeatureParts, seed = 1, epochs = 300): number {
  const [train, test] = split(members.length, seed);
  const y = members.map((m) => m.label);
  const x = features(members, parts);
  const w = fitLogistic(
    train.map((i) => x[i]!),
    train.map((i) => y[i]!),
    epochs,
  );
  return auroc(
    test.map((i) => score(w, x[i]!)),
    test.map((i) => y[i]!),
  );
}

/** Bag-of-codes vs order-aware test AUROC on a seeded 70/30 split of the cohort. */
export function compareFeatureSets(members: readonly CohortMember[], seed = 1, epochs = 300): Learnability {
  return {
    members: members.length,
    cases: members.filter((m) => m.label === 1).length,
    bagAuroc: testAuroc(members, BAG, seed, epochs),
    orderAuroc: testAuroc(members, ORDER, seed, epochs),
  };
}
