import type { SeededRandom } from "../../util/SeededRandom.ts";

/** A half-open range [start, end) of word pieces in one part of a document. */
export interface PieceRange {
  start: number;
  end: number;
}

/**
 * numpy's `array_split(pieces, n)` as ranges: n chunks whose lengths differ by at most one, the longer ones
 * first (the first `length % n` chunks get one piece more). `n` must be at least 1.
 */
export function arraySplitRanges(length: number, n: number): PieceRange[] {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`arraySplitRanges: ${n} sections`);
  const base = Math.floor(length / n);
  const extra = length % n;
  const out: PieceRange[] = [];
  let start = 0;
  for (let i = 0; i < n; i++) {
    const end = start + base + (i < extra ? 1 : 0);
    out.push({ start, end });
    start = end;
  }
  return out;
}

/**
 * CORe's even chunks (docs/core-pretraining.md, "Samples"): one chunk size drawn uniformly from the integers
 * [minSize, maxSize] (both included, like Python's random.randint), n = ceil(length / size) chunks, the pieces
 * split evenly into n (numpy array_split). Every chunk is therefore at most `size` ≤ maxSize pieces long. A part
 * without pieces has no chunk (the reference would fail on it; such documents are skipped before this).
 */
export function evenChunks(
  length: number,
  minSize: number,
  maxSize: number,
  rng: SeededRandom,
): { size: number; chunks: PieceRange[] } {
  if (!(Number.isInteger(minSize) && Number.isInteger(maxSize) && minSize >= 1 && maxSize >= minSize)) {
    throw new RangeError(`evenChunks: chunk sizes must be integers with 1 ≤ ${minSize} ≤ ${maxSize}`);
  }
  const size = rng.int(minSize, maxSize + 1);
  if (length === 0) return { size, chunks: [] };
  return { size, chunks: arraySplitRanges(length, Math.ceil(length / size)) };
}
