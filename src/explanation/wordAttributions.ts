import type { BertTokenizer } from "../tokenizer/BertTokenizer.ts";
import { wordSpans } from "./wordSpans.ts";

/** A word of the note and its share of a label's logit (positive: pushes the label up). */
export interface WordAttribution {
  word: string;
  /** Character offsets [start, end) in the note; null when the word pieces could not be mapped back to words. */
  start: number | null;
  end: number | null;
  score: number;
}

/**
 * Word-piece attributions summed to the note's words (wordSpans), in note order. `scores` has one value per
 * position of `[CLS] pieces… [SEP]`; only the first `scores.length − 2` pieces were read (a long note's first
 * window), so later words are left out. When pieces do not map back to words, one entry per word piece.
 */
export function wordAttributions(tokenizer: BertTokenizer, text: string, scores: ArrayLike<number>): WordAttribution[] {
  const pieces = tokenizer.textToIds(text);
  const read = scores.length - 2;
  const spans = wordSpans(tokenizer, text, pieces);
  if (!spans) {
    const tokens = tokenizer.convertIdsToTokens(pieces.slice(0, read));
    return tokens.map((word, k) => ({ word, start: null, end: null, score: scores[k + 1]! }));
  }
  const out: WordAttribution[] = [];
  let k = 0;
  for (const s of spans) {
    if (k >= read) break;
    let score = 0;
    for (let j = 0; j < s.pieces && k + j < read; j++) score += scores[k + j + 1]!;
    out.push({ word: text.slice(s.start, s.end), start: s.start, end: s.end, score });
    k += s.pieces;
  }
  return out;
}
