import type { BertTokenizer } from "../tokenizer/BertTokenizer.ts";
import { charFlags, PUNCTUATION, WHITESPACE } from "../tokenizer/charClass.ts";

/** A word of the note: its characters [start, end) in the original text and how many word pieces it became. */
export interface WordSpan {
  start: number;
  end: number;
  pieces: number;
}

/**
 * The note's words with their character offsets, as BERT's pre-tokenizer splits them (whitespace dropped, each
 * punctuation character a word), and the word pieces of each. Each word is tokenized alone; when the pieces put
 * together differ from the whole note's (a normalizer rule that crosses words), null: the caller then reports
 * attributions per word piece without offsets rather than guess.
 */
export function wordSpans(tokenizer: BertTokenizer, text: string, pieces: readonly number[]): WordSpan[] | null {
  const spans: WordSpan[] = [];
  const all: number[] = [];
  const push = (start: number, end: number) => {
    const ids = tokenizer.textToIds(text.slice(start, end));
    if (ids.length === 0) return;
    all.push(...ids);
    spans.push({ start, end, pieces: ids.length });
  };
  let start = -1;
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    const f = charFlags(cp);
    if (f & (WHITESPACE | PUNCTUATION)) {
      if (start >= 0) push(start, i);
      start = -1;
      if (f & PUNCTUATION) push(i, i + width);
    } else if (start < 0) start = i;
    i += width;
  }
  if (start >= 0) push(start, text.length);
  if (all.length !== pieces.length || all.some((id, k) => id !== pieces[k])) return null;
  return spans;
}
