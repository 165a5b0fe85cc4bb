/**
 * A token matched in the text before WordPiece runs and never split: the special tokens ([CLS], [SEP], [PAD],
 * [UNK], [MASK]) and any token added to the vocabulary later. Fields as in tokenizer.json's `added_tokens`.
 */
export interface AddedToken {
  id: number;
  content: string;
  /** Match only when not preceded or followed by a word character. */
  singleWord: boolean;
  /** Swallow whitespace on the left / right (no effect on ids after BERT's whitespace split). */
  lstrip: boolean;
  rstrip: boolean;
  /** Match against the normalized text (true) or the raw text (false; the default for special tokens). */
  normalized: boolean;
  special: boolean;
}
