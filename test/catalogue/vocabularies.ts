// Synthetic vocabularies for the catalogue tests (nothing copied from a real vocabulary).

/** `n` distinct tokens after BERT's special layout; cased ones have capitals in ≥ 1% of tokens. */
export function fillerVocab(n: number, cased: boolean): string[] {
  const out = ["[PAD]", ...Array.from({ length: 99 }, (_, i) => `[unused${cased ? i + 1 : i}]`)];
  out.push("[UNK]", "[CLS]", "[SEP]", "[MASK]");
  for (let i = out.length; i < n; i++) out.push(cased && i % 10 === 0 ? `Tok${i}` : `tok${i}`);
  return out.slice(0, n);
}

/** A vocabulary with BERT-base-cased's size and special-token layout (not its tokens). */
export const cased28996 = (): string[] => fillerVocab(28996, true);
