import { CONCEPT_TYPES, type ConceptType, type I2b2Concept } from "./conceptLine.ts";
import type { I2b2Document } from "./I2b2Document.ts";

/** The BIO labels in the token classifier's order: O, then B- and I- of each concept type. */
export const BIO_LABELS: readonly string[] = ["O", ...CONCEPT_TYPES.flatMap((t) => [`B-${t}`, `I-${t}`])];

/** IOB2 tags of one document, line by line: B-type on a concept's first token, I-type on the rest, O elsewhere. */
export function documentTags(doc: I2b2Document): string[][] {
  const tags = doc.lines.map((l) => l.map(() => "O"));
  for (const c of doc.concepts) {
    const row = tags[c.line - 1]!;
    for (let t = c.start; t <= c.end; t++) row[t] = `${t === c.start ? "B" : "I"}-${c.type}`;
  }
  return tags;
}

/** Concepts of token spans found on line `line` (1-based) of `tokens`. */
export function spansToConcepts(
  tokens: readonly string[],
  line: number,
  spans: readonly { type: string; start: number; end: number }[],
): I2b2Concept[] {
  return spans.map((s) => ({
    text: tokens
      .slice(s.start, s.end + 1)
      .join(" ")
      .toLowerCase(),
    line,
    start: s.start,
    end: s.end,
    type: s.type as ConceptType,
  }));
}
