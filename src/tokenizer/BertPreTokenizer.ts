import { charFlags, PUNCTUATION, WHITESPACE } from "./charClass.ts";

/**
 * Hugging Face's BertPreTokenizer: split on whitespace (dropped) and around every punctuation character (kept
 * as a word of its own). `"re-do, (x)"` → `["re", "-", "do", ",", "(", "x", ")"]`. Appends to `out`.
 */
export function bertPreTokenize(text: string, out: string[]): void {
  const n = text.length;
  let start = -1; // start of the current word, -1 when between words
  for (let i = 0; i < n; ) {
    let cp = text.charCodeAt(i);
    let width = 1;
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < n) {
      const lo = text.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        cp = ((cp - 0xd800) << 10) + (lo - 0xdc00) + 0x10000;
        width = 2;
      }
    }
    const f = charFlags(cp);
    if (f & WHITESPACE) {
      if (start >= 0) out.push(text.slice(start, i));
      start = -1;
    } else if (f & PUNCTUATION) {
      if (start >= 0) out.push(text.slice(start, i));
      out.push(text.slice(i, i + width));
      start = -1;
    } else if (start < 0) {
      start = i;
    }
    i += width;
  }
  if (start >= 0) out.push(text.slice(start));
}
