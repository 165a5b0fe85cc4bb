import { PrognosError } from "../../util/errors.ts";
import type { I2b2Concept } from "./conceptLine.ts";

/**
 * One i2b2 2010 document: its `.txt` lines split into whitespace tokens (one sentence per line, as the corpus ships)
 * and its concepts sorted by position. `id` is the file name without `.txt`.
 */
export interface I2b2Document {
  id: string;
  lines: string[][];
  concepts: I2b2Concept[];
}

/** Whitespace tokens of a `.txt` line (i2b2 counts tokens split on spaces; runs of spaces count once). */
export function lineTokens(line: string): string[] {
  return line.split(/\s+/).filter((t) => t.length > 0);
}

/**
 * Checks each concept against the text (offsets inside the line, the words equal case-insensitively after collapsing
 * whitespace, as the i2b2 scorer compares them) and that no two concepts overlap. `where(i)` names concept i's
 * `.con` line ("file:line"). Throws a PrognosError naming the line at fault.
 */
export function checkConcepts(
  lines: readonly string[][],
  concepts: readonly I2b2Concept[],
  where: (i: number) => string,
): void {
  concepts.forEach((c, i) => {
    const tokens = lines[c.line - 1];
    if (!tokens) throw new PrognosError(`${where(i)}: line ${c.line} is past the text's ${lines.length} lines`);
    if (c.end >= tokens.length)
      throw new PrognosError(`${where(i)}: token ${c.end} is past line ${c.line}'s ${tokens.length} tokens`);
    const actual = tokens.slice(c.start, c.end + 1).join(" ");
    const claimed = lineTokens(c.text).join(" ");
    if (actual.toLowerCase() !== claimed.toLowerCase())
      throw new PrognosError(
        // Counts only: the words are note text, which no message carries (docs/faults.md).
        `${where(i)}: offsets ${c.line}:${c.start} ${c.line}:${c.end} hold other words in the text than the concept's (${claimed.split(" ").length} word(s) named, compared case-insensitively)`,
      );
  });
  const order = concepts
    .map((_, i) => i)
    .sort((a, b) => {
      const x = concepts[a]!;
      const y = concepts[b]!;
      return x.line - y.line || x.start - y.start || x.end - y.end;
    });
  for (let k = 1; k < order.length; k++) {
    const a = concepts[order[k - 1]!]!;
    const b = concepts[order[k]!]!;
    if (a.line === b.line && b.start <= a.end)
      throw new PrognosError(
        `${where(order[k]!)}: the concept overlaps the one at ${where(order[k - 1]!)} (tokens ${b.start}-${b.end} and ${a.start}-${a.end} of line ${a.line}); overlapping concepts cannot be BIO-tagged`,
      );
  }
}

/** Concepts sorted by line, then start token. */
export function sortConcepts(concepts: readonly I2b2Concept[]): I2b2Concept[] {
  return [...concepts].sort((a, b) => a.line - b.line || a.start - b.start);
}
