/**
 * The patient split of sources without fixed lists (docs/core-method.md §2): a seeded hash of the patient id, 70/10/20.
 * SHA-256 of `prognos-split:<seed>:<patient id>` → its first 8 bytes as a fraction in [0, 1) → train below 0.7,
 * val below 0.8, test above. It depends on nothing but the seed and the id, so a patient is in the same split in
 * every task and every run, whatever else is in the data.
 */
import { createHash } from "node:crypto";
import type { PatientSplitter, Split } from "./Split.ts";

export interface SplitFractions {
  train: number;
  val: number;
  test: number;
}

export const DEFAULT_SPLIT_FRACTIONS: SplitFractions = { train: 0.7, val: 0.1, test: 0.2 };

/** A fraction in [0, 1) from SHA-256 of `<namespace>:<seed>:<id>` (53 bits, uniform). */
export function seededUnitHash(namespace: string, seed: number, id: string): number {
  const digest = createHash("sha256").update(`${namespace}:${seed}:${id}`).digest();
  return Number(digest.readBigUInt64BE(0) >> 11n) / 2 ** 53;
}

export function seededHashSplit(
  patientId: string,
  seed: number,
  fractions: SplitFractions = DEFAULT_SPLIT_FRACTIONS,
): Split {
  const total = fractions.train + fractions.val + fractions.test;
  const u = seededUnitHash("prognos-split", seed, patientId) * total;
  if (u < fractions.train) return "train";
  if (u < fractions.train + fractions.val) return "val";
  return "test";
}

export function seededHashSplitter(seed: number, fractions: SplitFractions = DEFAULT_SPLIT_FRACTIONS): PatientSplitter {
  const pct = (x: number) => Math.round((x / (fractions.train + fractions.val + fractions.test)) * 100);
  return {
    description:
      `seeded hash of the patient id (SHA-256, seed ${seed}): ` +
      `${pct(fractions.train)}/${pct(fractions.val)}/${pct(fractions.test)} train/val/test`,
    splitOf: (patientId) => seededHashSplit(patientId, seed, fractions),
  };
}
