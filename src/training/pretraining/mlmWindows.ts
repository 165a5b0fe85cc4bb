import type { PieceRange } from "./evenChunks.ts";

/** Windows shorter than this (the tail of a note) are left out, unless a note has no other: mostly [CLS]/[SEP]. */
export const MIN_WINDOW_TOKENS = 16;

/**
 * Masked-LM windows over a text's `length` word pieces: consecutive ranges of `seqLength − 2` pieces (room for
 * [CLS] and [SEP]); a last window shorter than MIN_WINDOW_TOKENS is dropped when it is not the first.
 */
export function mlmWindows(length: number, seqLength: number): PieceRange[] {
  const width = seqLength - 2;
  if (width < 1) throw new RangeError(`masked-LM windows of ${seqLength} tokens hold no word piece`);
  const out: PieceRange[] = [];
  for (let start = 0; start < length; start += width) {
    const end = Math.min(length, start + width);
    if (end - start < MIN_WINDOW_TOKENS && start > 0) break;
    out.push({ start, end });
  }
  return out;
}
