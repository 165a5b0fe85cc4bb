import type { ModelHead } from "../models/heads/ModelHead.ts";
import type { BertTokenizer } from "./BertTokenizer.ts";

/** A note as a model reads it: one or more token-id windows, each with [CLS] and [SEP]. */
export interface NoteWindows {
  windows: number[][];
  /** Word pieces of the whole note ([CLS]/[SEP] excluded). */
  wordPieces: number;
  /** Some word pieces were not read: the end of a truncated note, or the gaps between a capped note's windows. */
  cut: boolean;
  /** Windows policy: the note needed more than `max_windows` windows and is read by that many, spread evenly. */
  capped: boolean;
}

/**
 * Splits a note's word pieces as the head's long-note policy says (docs/long-notes.md): `truncate` keeps the first
 * max_length − 2; `windows` takes window − 2 pieces every `stride` pieces until the end is covered (the last window
 * ends at the note's end), so every piece is read at least once. With `max_windows` M, a note that needs N > M
 * windows is read by M of them at evenly spaced positions among the N (the first and the last always), so its
 * start and end are read and the cost per note stays bounded; the pieces between them may not be (`cut`).
 */
export function pieceWindows(
  pieces: readonly number[],
  head: Pick<ModelHead, "maxLength" | "longNotes">,
  ids: { cls: number; sep: number },
): NoteWindows {
  const wrap = (p: readonly number[]) => [ids.cls, ...p, ids.sep];
  const policy = head.longNotes;
  if (policy.policy === "truncate") {
    const keep = head.maxLength - 2;
    const cut = pieces.length > keep;
    return { windows: [wrap(pieces.slice(0, keep))], wordPieces: pieces.length, cut, capped: false };
  }
  const size = policy.window - 2;
  if (pieces.length <= size) return { windows: [wrap(pieces)], wordPieces: pieces.length, cut: false, capped: false };
  const ends: number[] = [];
  for (let start = 0; ; start += policy.stride) {
    const end = Math.min(start + size, pieces.length);
    ends.push(end);
    if (end === pieces.length) break;
  }
  const max = policy.maxWindows ?? Number.POSITIVE_INFINITY;
  const kept = ends.length <= max ? ends : evenlySpaced(ends.length, max).map((i) => ends[i]!);
  // A gap: a window that starts after the previous one's end.
  const cut = kept.some((end, i) => i > 0 && end - size > kept[i - 1]!);
  return {
    windows: kept.map((end) => wrap(pieces.slice(end - size, end))),
    wordPieces: pieces.length,
    cut,
    capped: kept.length < ends.length,
  };
}

/** `m` of the indices 0…n−1 (m < n), evenly spaced, the first and (for m ≥ 2) the last included. */
export function evenlySpaced(n: number, m: number): number[] {
  if (m === 1) return [0];
  return Array.from({ length: m }, (_, i) => Math.round((i * (n - 1)) / (m - 1)));
}

/** pieceWindows of a note's text. */
export function noteWindows(tokenizer: BertTokenizer, text: string, head: ModelHead): NoteWindows {
  return pieceWindows(tokenizer.textToIds(text), head, tokenizer.ids);
}
