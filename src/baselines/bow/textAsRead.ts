import type { BertTokenizer } from "../../tokenizer/BertTokenizer.ts";
import { specialTokenCount } from "../../tokenizer/SpecialTokensTemplate.ts";

/**
 * A note as a transformer reads it under `prognos train --max-length N` with truncation (src/baselines/bow/README.md,
 * "Reading what the transformer reads"): its first N − (special tokens) word pieces, `##` continuations joined back onto
 * their word, the words joined by single spaces. The text is the tokenizer's normalised form (lower-cased for an
 * uncased vocabulary; punctuation split off); an out-of-vocabulary word stays `[UNK]`. The bag-of-words baseline
 * fitted on these texts tells how much of its lead over a transformer comes from the part of the note the
 * transformer never sees.
 */
export function textAsRead(tokenizer: BertTokenizer, text: string, maxLength: number): string {
  const budget = Math.max(0, maxLength - specialTokenCount(tokenizer.spec.template.single));
  const pieces = tokenizer.convertIdsToTokens(tokenizer.textToIds(text).slice(0, budget));
  const prefix = tokenizer.spec.continuingSubwordPrefix;
  const words: string[] = [];
  for (const p of pieces) {
    if (prefix && p.startsWith(prefix) && words.length > 0) words[words.length - 1] += p.slice(prefix.length);
    else words.push(p);
  }
  return words.join(" ");
}
