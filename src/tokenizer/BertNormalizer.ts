import { CJK, CONTROL, charFlags, WHITESPACE } from "./charClass.ts";

/** The settings of Hugging Face's `BertNormalizer` (tokenizer.json) / `BasicTokenizer` (vocab.txt folders). */
export interface BertNormalizerOptions {
  /** Drop NUL, U+FFFD and control characters; turn every whitespace character into a space. Default true. */
  cleanText: boolean;
  /** Put spaces around CJK ideographs so each becomes its own word. Default true. */
  handleChineseChars: boolean;
  /** Lower-case the text (`do_lower_case` / `lowercase`). Default true. */
  lowercase: boolean;
  /** NFD-decompose and drop non-spacing marks (Mn). Hugging Face's `null` means "same as lowercase". */
  stripAccents: boolean;
}

const NON_ASCII = /[^\x00-\x7f]/;
const NONSPACING_MARKS = /\p{Mn}/gu;

/**
 * Normalizes text exactly as Hugging Face's BertNormalizer: clean_text, then CJK spacing, then lower-casing,
 * then accent stripping. (tokenizers strips before it lower-cases, transformers.js and the Python
 * BasicTokenizer lower-case first; no character is known to tell the two orders apart.) Lower-casing runs on
 * the whole string so that Greek final sigma becomes "ς" as in Python's `str.lower()`.
 */
export class BertNormalizer {
  readonly options: Readonly<BertNormalizerOptions>;

  constructor(options: BertNormalizerOptions) {
    this.options = { ...options };
  }

  normalize(text: string): string {
    const { cleanText, handleChineseChars, lowercase, stripAccents } = this.options;
    let s = cleanText || handleChineseChars ? this.cleanAndSpace(text, cleanText, handleChineseChars) : text;
    if (lowercase) s = s.toLowerCase();
    if (stripAccents && NON_ASCII.test(s)) s = s.normalize("NFD").replace(NONSPACING_MARKS, "");
    return s;
  }

  /** One pass over the code points; builds a new string only from the first character that changes. */
  private cleanAndSpace(text: string, clean: boolean, cjk: boolean): string {
    let parts: string[] | null = null;
    let kept = 0; // text[kept, i) is still to be copied
    const n = text.length;
    for (let i = 0; i < n; ) {
      let cp = text.charCodeAt(i);
      if (cp >= 0x20 && cp < 0x7f) {
        i++;
        continue;
      }
      let width = 1;
      if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < n) {
        const lo = text.charCodeAt(i + 1);
        if (lo >= 0xdc00 && lo <= 0xdfff) {
          cp = ((cp - 0xd800) << 10) + (lo - 0xdc00) + 0x10000;
          width = 2;
        }
      }
      const f = charFlags(cp);
      let replacement: string | null = null;
      if (clean && f & CONTROL) replacement = "";
      else if (clean && f & WHITESPACE) replacement = cp === 0x20 ? null : " ";
      else if (cjk && f & CJK) replacement = ` ${text.slice(i, i + width)} `;
      if (replacement !== null) {
        parts ??= [];
        if (kept < i) parts.push(text.slice(kept, i));
        if (replacement) parts.push(replacement);
        kept = i + width;
      }
      i += width;
    }
    if (parts === null) return text;
    if (kept < n) parts.push(text.slice(kept));
    return parts.join("");
  }
}
