/** Longest header field shown in a message; longer ones are text, not column names (docs/faults.md). */
const MAX_SHOWN_CHARS = 32;
/** Most header fields listed in a message. */
const MAX_SHOWN_FIELDS = 24;

/**
 * A CSV header for an error message, without patient text: a file with no header line, or a damaged one, has a
 * row of data (a note's text) where the header should be. Fields up to 32 characters are shown (quoted unless `quote` is false), longer ones
 * as their length only, and at most 24 of them.
 */
export function headerForMessage(fields: readonly string[], quote = true): string {
  const shown = fields
    .slice(0, MAX_SHOWN_FIELDS)
    .map((f) => (f.length <= MAX_SHOWN_CHARS ? (quote ? JSON.stringify(f) : f) : `(a ${f.length}-character field)`));
  if (fields.length > MAX_SHOWN_FIELDS) shown.push(`… (${fields.length} fields)`);
  return shown.join(", ");
}
