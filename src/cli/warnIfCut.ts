import type { Encoding } from "../tokenizer/BertTokenizer.ts";

/** Says on stderr when a text was cut to --max-length (counts only: the text itself is never printed). */
export function warnIfCut(encoding: Encoding, maxLength: number): void {
  const { total, kept } = encoding.pieces;
  if (total > kept) {
    process.stderr.write(
      `prognos: warning: the text has ${total} word pieces; only the first ${kept} were kept ` +
        `(--max-length ${maxLength}, special tokens included)\n`,
    );
  }
}
