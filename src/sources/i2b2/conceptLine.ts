import { PrognosError } from "../../util/errors.ts";

/** The three concept types of the i2b2/VA 2010 concept task (docs/ner.md). */
export const CONCEPT_TYPES = ["problem", "test", "treatment"] as const;
export type ConceptType = (typeof CONCEPT_TYPES)[number];

/**
 * One concept of a `.con` file: `c="chest pain" 5:3 5:4||t="problem"`. `line` is 1-based (the `.txt` line), `start`
 * and `end` are 0-based whitespace-token indices on that line, both inclusive. `text` is the concept's words as the
 * file writes them (i2b2 writes them lower-cased).
 */
export interface I2b2Concept {
  text: string;
  line: number;
  start: number;
  end: number;
  type: ConceptType;
}

const CON_LINE = /^c="(.*)" (\d+):(\d+) (\d+):(\d+)\|\|t="([^"]*)"$/;

/**
 * Parses one `.con` line; `where` is "file:line" for the error. Throws a PrognosError for a malformed line, an
 * unknown type, a concept spanning two lines or ending before it starts.
 */
export function parseConLine(text: string, where: string): I2b2Concept {
  const m = CON_LINE.exec(text.trim());
  if (!m)
    throw new PrognosError(
      // The line is not quoted: its words are note text (docs/faults.md).
      `${where}: not an i2b2 concept line (expected c="words" L:T L:T||t="type"; got ${text.length} characters that do not match)`,
    );
  const [, words, l1, t1, l2, t2, type] = m;
  if (!(CONCEPT_TYPES as readonly string[]).includes(type!))
    throw new PrognosError(`${where}: unknown concept type "${type}" (expected ${CONCEPT_TYPES.join(", ")})`);
  const line = Number(l1);
  if (Number(l2) !== line)
    throw new PrognosError(
      `${where}: the concept starts on line ${l1} and ends on line ${l2}; i2b2 concepts stay on one line`,
    );
  if (line < 1) throw new PrognosError(`${where}: line numbers start at 1, got ${line}`);
  const start = Number(t1);
  const end = Number(t2);
  if (end < start)
    throw new PrognosError(`${where}: the concept ends (token ${end}) before it starts (token ${start})`);
  return { text: words!, line, start, end, type: type as ConceptType };
}

/** The `.con` line of a concept. */
export function formatConLine(c: I2b2Concept): string {
  return `c="${c.text}" ${c.line}:${c.start} ${c.line}:${c.end}||t="${c.type}"`;
}
