/**
 * Row order within a split: a seeded shuffle, as the sort order of a keyed hash of each row's id (SHA-256 of
 * `prognos-shuffle:<seed>:<id>`, hex). The permutation depends only on the seed and the ids, not on the order the
 * rows were produced in; ties (never seen with 64-bit keys) fall back to the id.
 */
import { createHash } from "node:crypto";

export function seededShuffleKey(seed: number, id: string): string {
  return createHash("sha256").update(`prognos-shuffle:${seed}:${id}`).digest("hex").slice(0, 16);
}
