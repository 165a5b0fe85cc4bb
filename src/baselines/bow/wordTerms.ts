/**
 * The terms of a document as scikit-learn's default word analyzer makes them: lowercased (`str.lower()`; no accent
 * stripping), tokens matching `(?u)\b\w\w+\b` — runs of two or more word characters, where a word character is, as
 * in Python's `re` for str patterns, a letter (L*), a number (N*) or `_` (combining marks are not) — then n-grams
 * of consecutive tokens joined by one space, unigrams first.
 */
const TOKEN = /[\p{L}\p{N}_]{2,}/gu;

export function wordTokens(text: string, lowercase = true): string[] {
  return (lowercase ? text.toLowerCase() : text).match(TOKEN) ?? [];
}

/** Word n-grams for n in [minN, maxN], in scikit-learn's order (all of n = minN first, then minN + 1, …). */
export function wordNgrams(tokens: readonly string[], minN: number, maxN: number): string[] {
  if (minN === 1 && maxN === 1) return [...tokens];
  const out: string[] = [];
  for (let n = minN; n <= Math.min(maxN, tokens.length); n++) {
    for (let i = 0; i + n <= tokens.length; i++) out.push(n === 1 ? tokens[i]! : tokens.slice(i, i + n).join(" "));
  }
  return out;
}
