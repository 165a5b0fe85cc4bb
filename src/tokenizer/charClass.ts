/**
 * Character classes of BERT's basic tokenizer, by code point, as Hugging Face defines them (tokenizers'
 * BertNormalizer / BertPreTokenizer, transformers' BasicTokenizer):
 *
 * - whitespace: Unicode White_Space (Rust `char::is_whitespace`); \t \n \r count as whitespace, not control;
 * - control (removed by clean_text): categories Cc, Cf, Co, Cs, plus NUL and U+FFFD;
 * - punctuation: ASCII 33–47, 58–64, 91–96, 123–126 (so `$`, `+`, `<`, `^`, `` ` ``, `|`, `~` count) or any P*;
 * - CJK: the CJK Unified Ideographs blocks BERT treats as one word per character (not Hangul, Hiragana, Katakana).
 *
 * Flags are computed once per code point (a regex test on first sight) and kept in a table, so the hot loops
 * do one array read per character and allocate nothing.
 */

export const WHITESPACE = 1;
export const CONTROL = 2;
export const PUNCTUATION = 4;
export const CJK = 8;
const KNOWN = 128;

const WHITESPACE_RE = /^\p{White_Space}$/u;
const CONTROL_RE = /^[\p{Cc}\p{Cf}\p{Co}\p{Cs}]$/u;
const PUNCTUATION_RE = /^\p{P}$/u;

/** The CJK ranges of BERT's `_is_chinese_char` (tokenizers' `is_chinese_char`). */
export function isCjk(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x20000 && cp <= 0x2a6df) ||
    (cp >= 0x2a700 && cp <= 0x2b73f) ||
    (cp >= 0x2b740 && cp <= 0x2b81f) ||
    (cp >= 0x2b820 && cp <= 0x2ceaf) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x2f800 && cp <= 0x2fa1f)
  );
}

function isAsciiPunctuation(cp: number): boolean {
  return (cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126);
}

function classify(cp: number): number {
  const ch = String.fromCodePoint(cp);
  let flags = KNOWN;
  if (cp === 0x09 || cp === 0x0a || cp === 0x0d) return flags | WHITESPACE;
  if (cp === 0 || cp === 0xfffd || CONTROL_RE.test(ch)) flags |= CONTROL;
  if (WHITESPACE_RE.test(ch)) flags |= WHITESPACE;
  if (isAsciiPunctuation(cp) || PUNCTUATION_RE.test(ch)) flags |= PUNCTUATION;
  if (isCjk(cp)) flags |= CJK;
  return flags;
}

// One byte per code point: 1.1 MB, filled lazily except for ASCII.
const table = new Uint8Array(0x110000);
for (let cp = 0; cp < 128; cp++) table[cp] = classify(cp);

/** The WHITESPACE | CONTROL | PUNCTUATION | CJK flags of a code point. */
export function charFlags(cp: number): number {
  let f = table[cp];
  if (f === 0) {
    f = classify(cp);
    table[cp] = f;
  }
  return f;
}
