import { BertNormalizer } from "./BertNormalizer.ts";
import { bertPreTokenize } from "./BertPreTokenizer.ts";

/**
 * Counts the words a BERT tokenizer would hand to WordPiece: each text normalized (BertNormalizer: clean text, CJK
 * spacing, then lower-casing and accent stripping unless `cased`) and split on whitespace and punctuation
 * (bertPreTokenize). Adds to `counts` and returns it, so a corpus can be counted one text at a time.
 */
export function countWords(
  texts: Iterable<string>,
  options: { cased: boolean },
  counts: Map<string, number> = new Map(),
): Map<string, number> {
  const normalizer = new BertNormalizer({
    cleanText: true,
    handleChineseChars: true,
    lowercase: !options.cased,
    stripAccents: !options.cased,
  });
  const words: string[] = [];
  for (const text of texts) {
    words.length = 0;
    bertPreTokenize(normalizer.normalize(text), words);
    for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1);
  }
  return counts;
}
