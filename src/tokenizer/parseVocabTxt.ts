/**
 * Parses vocab.txt as Hugging Face's `load_vocab` does: one token a line (Python's universal newlines: \n,
 * \r\n or \r), the id is the line number from 0; a final newline does not start another token. When a token
 * appears twice, the later line's id wins for lookups (a Python dict), and both lines keep their id → token.
 */
export function parseVocabTxt(text: string): {
  vocab: Map<string, number>;
  idToToken: string[];
  duplicates: Array<{ token: string; lines: [number, number] }>;
} {
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  const vocab = new Map<string, number>();
  const duplicates: Array<{ token: string; lines: [number, number] }> = [];
  for (let id = 0; id < lines.length; id++) {
    const token = lines[id];
    const before = vocab.get(token);
    if (before !== undefined) duplicates.push({ token, lines: [before + 1, id + 1] });
    vocab.set(token, id);
  }
  return { vocab, idToToken: lines, duplicates };
}
