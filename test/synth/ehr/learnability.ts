/**
 * Does the synthetic EHR reward a model that sees order and timing? Builds the DHF cohort from generated patients
 * (DhfTally's rule; input = diagnoses strictly before the index: the first HF code for cases, the last encounter
 * for controls), then fits the same L2 logistic regression (full-batch gradient descent) on two feature sets and
 * compares test AUROC on a seeded 70/30 split:
 *   - bag of codes: one binary feature per diagnosis code (condition key) present in the input;
 *   - order-aware: the bag, plus per code "coded in the last year before the index" and "years since first coded"
 *     (capped at 15), plus for each pair of the most frequent codes "X first coded before Y".
 * Used by test/synth/ehr/learnability.test.ts (small sample) and bench/ehr/learnability.ts (20k patients).
 */

import { dhfRole } from "../../../src/synth/ehr/DhfTally.ts";
import { DAY_MS, YEAR_MS } from "../../../src/synth/ehr/time.ts";
import type { SyntheticPatient } from "../../../src/synth/ehr/types.ts";
import { SeededRandom } from "../../../src/util/SeededRandom.ts";

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

export type FeatureSet = "bag" | "order";

/** Feature matrix (rows × columns, row-major) for a feature set; the vocabulary comes from all members. */
export function features(members: readonly CohortMember[], set: FeatureSet, pairCodes = 12): Float64Array[] {
  const counts = new Map<string, number>();
  for (const m of members) for (const k of m.first.keys()) counts.set(k, (counts.get(k) ?? 0) + 1);
  const vocab = [...counts.keys()].sort();
  const frequent = [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, pairCodes)
    .map(([k]) => k);
  const width = set === "bag" ? vocab.length : vocab.length * 3 + frequent.length * (frequent.length - 1);
  return members.map((m) => {
    const x = new Float64Array(width);
    vocab.forEach((k, j) => {
      const f = m.first.get(k);
      if (f === undefined) return;
      x[j] = 1;
      if (set === "order") {
        x[vocab.length + j] = m.index - m.last.get(k)! <= 365 * DAY_MS ? 1 : 0;
        x[2 * vocab.length + j] = Math.min(15, (m.index - f) / YEAR_MS) / 5;
      }
    });
    if (set === "order") {
      let j = 3 * vocab.length;
      for (const a of frequent) {
        for (const b of frequent) {
          if (a === b) continue;
          const fa = m.first.get(a);
          const fb = m.first.get(b);
          x[j++] = fa !== undefined && fb !== undefined && fa < fb ? 1 : 0;
        }
      }
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

/** Bag-of-codes vs order-aware test AUROC on a seeded 70/30 split of the cohort. */
export function compareFeatureSets(members: readonly CohortMember[], seed = 1, epochs = 300): Learnability {
  const idx = SeededRandom.from(seed, "learnability-split").shuffle(members.map((_, i) => i));
  const cut = Math.floor(idx.length * 0.7);
  const y = members.map((m) => m.label);
  const run = (set: FeatureSet) => {
    const x = features(members, set);
    const w = fitLogistic(
      idx.slice(0, cut).map((i) => x[i]!),
      idx.slice(0, cut).map((i) => y[i]!),
      epochs,
    );
    const test = idx.slice(cut);
    return auroc(
      test.map((i) => score(w, x[i]!)),
      test.map((i) => y[i]!),
    );
  };
  return {
    members: members.length,
    cases: y.filter((v) => v === 1).length,
    bagAuroc: run("bag"),
    orderAuroc: run("order"),
  };
}
