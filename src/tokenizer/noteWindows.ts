import type { ModelHead } from "../models/heads/ModelHead.ts";
import type { BertTokenizer } from "../tokenizer/BertTokenizer.ts";

/** A note as a model reads it: one or more token-id windows, each with [CLS] and [SEP]. */
export interface NoteWindows {
  windows: number[][];
  /** Word pieces of the whole note ([CLS]/[SEP] excluded). */
  wordPieces: number;
  /** Truncate policy only: the note had more word pieces than fit, and the rest was not read. */
  cut: boolean;
}

/**
 * Splits a note's word pieces as the head's long-note policy says (docs/model-head.md): `truncate` keeps the first
 * max_length − 2; `windows` takes window − 2 pieces every `stride` pieces until the end is covered (the last window
 * ends at the note's end), so every piece is read at least once.
 */
export function noteWindows(tokenizer: BertTokenizer, text: string, head: ModelHead): NoteWindows {
  const pieces = tokenizer.textToIds(text);
  const { cls, sep } = tokenizer.ids;
  const wrap = (p: number[]) => [cls, ...p, sep];
  if (head.longNotes.policy === "truncate") {
    const keep = head.maxLength - 2;
    return { windows: [wrap(pieces.slice(0, keep))], wordPieces: pieces.length, cut: pieces.length > keep };
  }
  const size = head.longNotes.window - 2;
  const stride = head.longNotes.stride;
  if (pieces.length <= size) return { windows: [wrap(pieces)], wordPieces: pieces.length, cut: false };
  const windows: number[][] = [];
  for (let start = 0; ; start += stride) {
    const end = Math.min(start + size, pieces.length);
    windows.push(wrap(pieces.slice(end - size, end)));
    if (end === pieces.length) break;
  }
  return { windows, wordPieces: pieces.length, cut: false };
}
