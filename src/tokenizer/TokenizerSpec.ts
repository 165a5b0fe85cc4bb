import type { AddedToken } from "./AddedToken.ts";
import type { BertNormalizerOptions } from "./BertNormalizer.ts";
import type { SpecialTokensTemplate } from "./SpecialTokensTemplate.ts";

/** Names of the special tokens (as the folder's config names them; BERT's defaults otherwise). */
export interface SpecialTokenNames {
  cls: string;
  sep: string;
  unk: string;
  pad: string | null;
  mask: string | null;
}

/**
 * Everything a BERT WordPiece tokenizer needs, read from a Hugging Face folder (tokenizer.json, or vocab.txt +
 * tokenizer_config.json). Plain data: `BertTokenizer` builds its matchers from it.
 */
export interface TokenizerSpec {
  /** The file the vocabulary came from ("tokenizer.json" or "vocab.txt") and every file read, as paths. */
  format: "tokenizer.json" | "vocab.txt";
  files: string[];
  /** The WordPiece model vocabulary, token → id. */
  vocab: Map<string, number>;
  /** id → token for every id (model vocabulary, then added tokens, which win); holes where no token has an id. */
  idToToken: string[];
  unkToken: string;
  continuingSubwordPrefix: string;
  maxInputCharsPerWord: number;
  /** null when the tokenizer has no normalizer (tokenizer.json `"normalizer": null`). */
  normalizer: BertNormalizerOptions | null;
  addedTokens: AddedToken[];
  template: SpecialTokensTemplate;
  specialTokens: SpecialTokenNames;
  /** Things the user should know (ambiguous settings, defaults taken); never fatal. */
  warnings: string[];
}

/** The id of a token: added tokens first, then the model vocabulary (as tokenizers' `token_to_id`). */
export function tokenId(spec: Pick<TokenizerSpec, "vocab" | "addedTokens">, token: string): number | undefined {
  for (const t of spec.addedTokens) if (t.content === token) return t.id;
  return spec.vocab.get(token);
}

const SPECIAL_LOOKING = /^\[[^\]]*\]$|^<[^>]*>$/;
const UPPER = /\p{Lu}/u;

/**
 * Counts vocabulary entries with an upper-case letter (special-looking `[X]` / `<x>` entries aside). An uncased
 * BERT vocabulary has almost none (bert-base-uncased: 2); cased ones (bert-base-cased, BioBERT, CORe) have
 * thousands. "Cased" means at least 1% of the vocabulary and at least 20 entries.
 */
export function casedTokenCount(vocab: Map<string, number>): { count: number; cased: boolean } {
  let count = 0;
  for (const token of vocab.keys()) if (UPPER.test(token) && !SPECIAL_LOOKING.test(token)) count++;
  return { count, cased: count >= 20 && count >= vocab.size * 0.01 };
}
