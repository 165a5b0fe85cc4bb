import { extractEntities } from "../../evaluation/entityScores.ts";

/** A note cut as the tagger reads it: lines (one sentence each, as i2b2), words (WORD) and their character offsets. */
export interface NoteSentence {
  words: string[];
  /** [start, end) character offsets of each word in the note. */
  offsets: [number, number][];
}

/** A concept found in a note: [start, end) character offsets into the note text and its type. */
export interface NoteSpan {
  start: number;
  end: number;
  type: string;
}

/**
 * Words as i2b2's pre-tokenized text has them: runs of letters and digits (joined by inner "-", ".", "'" or "/", so
 * "x-ray", "2.3" and "b/l" stay whole), and every other punctuation mark or symbol alone ("afib." → "afib", ".").
 */
const WORD = /[^\s\p{P}\p{S}]+(?:[-.'/][^\s\p{P}\p{S}]+)*|\S/gu;

/** The note's lines (one sentence each) with their words and offsets (empty lines give no sentence). */
export function noteSentences(text: string): NoteSentence[] {
  const out: NoteSentence[] = [];
  let lineStart = 0;
  for (const line of text.split("\n")) {
    const s: NoteSentence = { words: [], offsets: [] };
    for (const m of line.matchAll(WORD)) {
      s.words.push(m[0]);
      s.offsets.push([lineStart + m.index!, lineStart + m.index! + m[0].length]);
    }
    if (s.words.length > 0) out.push(s);
    lineStart += line.length + 1;
  }
  return out;
}

/**
 * Character spans of the entities in each sentence's tags (seqeval's default rules, entityScores.ts): from the first
 * character of an entity's first word to the last of its last word.
 */
export function noteSpans(sentences: readonly NoteSentence[], tags: readonly (readonly string[])[]): NoteSpan[] {
  return sentences.flatMap((s, i) =>
    extractEntities(tags[i]!).map((e) => ({ start: s.offsets[e.start]![0], end: s.offsets[e.end]![1], type: e.type })),
  );
}
