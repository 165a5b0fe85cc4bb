import type { BertTokenizer } from "../../tokenizer/BertTokenizer.ts";

/** The loss ignores this label (Hugging Face's -100): [CLS]/[SEP], padding and a word's later pieces. */
export const IGNORED_LABEL = -100;

/**
 * One encoder row of token classification (docs/ner.md#model): `[CLS] pieces… [SEP]` holding the words
 * [firstWord, firstWord + firstPiece.length) of sentence `sentence`. `labels` (training) gives each position's label
 * index: the word's label on its first piece, IGNORED_LABEL elsewhere. `firstPiece[k]` is the row position of word
 * firstWord+k's first piece, -1 for a word with no piece (nothing but characters BERT's normalizer drops).
 */
export interface NerWindow {
  inputIds: number[];
  labels?: number[];
  firstPiece: number[];
  sentence: number;
  firstWord: number;
}

/** Word pieces of whitespace words, cached per word (sentences repeat their words). */
export class WordPieces {
  private readonly cache = new Map<string, number[]>();
  constructor(readonly tokenizer: BertTokenizer) {}
  of(word: string): number[] {
    let ids = this.cache.get(word);
    if (!ids) {
      ids = this.tokenizer.textToIds(word);
      this.cache.set(word, ids);
    }
    return ids;
  }
}

/**
 * A sentence's words as encoder rows of at most `maxLength` positions: words are packed whole, left to right, into
 * consecutive windows without overlap (a sentence longer than one row is cut between words, never inside one; a
 * single word longer than a row keeps its first maxLength − 2 pieces). Every word is seen exactly once, so the
 * windows' predictions put together tag the whole sentence.
 */
export function sentenceWindows(
  pieces: WordPieces,
  words: readonly string[],
  maxLength: number,
  sentence: number,
  labels?: readonly number[],
): NerWindow[] {
  const { cls, sep } = pieces.tokenizer.ids;
  const budget = maxLength - 2;
  if (budget < 1) throw new Error(`maxLength must be at least 3, got ${maxLength}`);
  const out: NerWindow[] = [];
  let cur: NerWindow | undefined;
  const close = () => {
    if (!cur) return;
    cur.inputIds.push(sep);
    cur.labels?.push(IGNORED_LABEL);
    out.push(cur);
    cur = undefined;
  };
  words.forEach((word, w) => {
    const ids = pieces.of(word).slice(0, budget);
    if (cur && cur.inputIds.length - 1 + ids.length > budget) close();
    if (!cur) {
      cur = { inputIds: [cls], firstPiece: [], sentence, firstWord: w };
      if (labels) cur.labels = [IGNORED_LABEL];
    }
    cur.firstPiece.push(ids.length > 0 ? cur.inputIds.length : -1);
    ids.forEach((id, k) => {
      cur!.inputIds.push(id);
      cur!.labels?.push(k === 0 ? labels![w]! : IGNORED_LABEL);
    });
  });
  close();
  return out;
}

/** Labelled positions of a window (those the loss counts). */
export const labelledPositions = (w: NerWindow): number =>
  w.labels ? w.labels.reduce((n, l) => n + (l === IGNORED_LABEL ? 0 : 1), 0) : 0;
