import { PrognosError } from "../util/errors.ts";
import type { AddedToken } from "./AddedToken.ts";
import { AddedTokenMatcher } from "./AddedTokenMatcher.ts";
import { BertNormalizer } from "./BertNormalizer.ts";
import { bertPreTokenize } from "./BertPreTokenizer.ts";
import { loadTokenizerFolder } from "./loadTokenizerFolder.ts";
import { specialTokenCount, type TemplatePiece } from "./SpecialTokensTemplate.ts";
import { type TokenizerSpec, tokenId } from "./TokenizerSpec.ts";
import { truncatedLengths } from "./truncatedLengths.ts";
import { WordPiece } from "./WordPiece.ts";

export interface EncodeOptions {
  /** A second text, encoded as `[CLS] text [SEP] textPair [SEP]` with token type ids 0 then 1. */
  textPair?: string;
  /** Longest result, special tokens included. Default: no limit. */
  maxLength?: number;
  /** Cut to `maxLength` (Hugging Face's `longest_first` for pairs). Default true when `maxLength` is set. */
  truncation?: boolean;
  /** Add [CLS]/[SEP]. Default true. */
  addSpecialTokens?: boolean;
}

export interface Encoding {
  tokens: string[];
  inputIds: number[];
  tokenTypeIds: number[];
  attentionMask: number[];
  /** Word pieces of the text (and pair), special tokens excluded: all of them, and those kept after truncation. */
  pieces: { total: number; kept: number };
}

/** Ids of BERT's special tokens; pad and mask are undefined when the vocabulary has none. */
export interface SpecialTokenIds {
  cls: number;
  sep: number;
  unk: number;
  pad: number | undefined;
  mask: number | undefined;
}

/**
 * BERT's WordPiece tokenizer, giving the same tokens and ids as Hugging Face's BertTokenizer /
 * BertTokenizerFast for the same folder: added/special tokens kept whole, BertNormalizer (cleaning, CJK
 * spacing, lower-casing, accent stripping), BertPreTokenizer (whitespace and punctuation), greedy
 * longest-match WordPiece, then the special-token template and `longest_first` truncation.
 */
export class BertTokenizer {
  readonly spec: TokenizerSpec;
  readonly ids: SpecialTokenIds;
  /** Number of ids (largest id + 1), added tokens included, like `len(tokenizer)` in transformers. */
  readonly vocabSize: number;
  private readonly normalizer: BertNormalizer | null;
  private readonly wordPiece: WordPiece;
  private readonly rawMatcher: AddedTokenMatcher;
  private readonly normalizedMatcher: AddedTokenMatcher;

  /** Reads a Hugging Face folder (tokenizer.json, or vocab.txt + tokenizer_config.json). */
  static async fromFolder(dir: string): Promise<{ tokenizer: BertTokenizer; warnings: string[] }> {
    const spec = await loadTokenizerFolder(dir);
    return { tokenizer: new BertTokenizer(spec), warnings: [...spec.warnings] };
  }

  constructor(spec: TokenizerSpec) {
    this.spec = spec;
    this.normalizer = spec.normalizer ? new BertNormalizer(spec.normalizer) : null;
    const unkId = spec.vocab.get(spec.unkToken);
    if (unkId === undefined) throw new PrognosError(`the vocabulary has no ${JSON.stringify(spec.unkToken)} token`);
    this.wordPiece = new WordPiece(spec.vocab, {
      unkId,
      continuingSubwordPrefix: spec.continuingSubwordPrefix,
      maxInputCharsPerWord: spec.maxInputCharsPerWord,
    });
    const raw: Array<{ text: string; token: AddedToken }> = [];
    const normalized: Array<{ text: string; token: AddedToken }> = [];
    for (const token of spec.addedTokens) {
      if (token.normalized && this.normalizer)
        normalized.push({ text: this.normalizer.normalize(token.content), token });
      else raw.push({ text: token.content, token });
    }
    this.rawMatcher = new AddedTokenMatcher(raw);
    this.normalizedMatcher = new AddedTokenMatcher(normalized);
    const id = (token: string | null) => (token === null ? undefined : tokenId(spec, token));
    const { cls, sep, unk, pad, mask } = spec.specialTokens;
    const need = (token: string) => {
      const v = id(token);
      if (v === undefined) throw new PrognosError(`the vocabulary has no ${JSON.stringify(token)} token`);
      return v;
    };
    this.ids = { cls: need(cls), sep: need(sep), unk: need(unk), pad: id(pad), mask: id(mask) };
    this.vocabSize = spec.idToToken.length;
  }

  /** The WordPiece tokens of a text, without special tokens (transformers' `tokenize`). */
  tokenize(text: string): string[] {
    return this.convertIdsToTokens(this.textToIds(text));
  }

  /** The ids of a text, without special tokens. */
  textToIds(text: string): number[] {
    if (typeof text !== "string") throw new PrognosError(`text must be a string, got ${typeof text}`);
    const out: number[] = [];
    this.rawMatcher.split(
      text,
      (piece) => this.encodeSegment(piece, out),
      (token) => out.push(token.id),
    );
    return out;
  }

  /** Encodes a text (or a pair) for the model: special tokens, truncation, token type ids, attention mask. */
  encode(text: string, options: EncodeOptions = {}): Encoding {
    const { textPair, maxLength, addSpecialTokens = true } = options;
    const truncation = options.truncation ?? maxLength !== undefined;
    const a = this.textToIds(text);
    if (a.length === 0)
      throw new PrognosError("empty text: nothing to tokenize after removing whitespace and control characters");
    let b: number[] | null = null;
    if (textPair !== undefined) {
      b = this.textToIds(textPair);
      if (b.length === 0)
        throw new PrognosError("empty text pair: nothing to tokenize after removing whitespace and control characters");
    }
    const template = b ? this.spec.template.pair : this.spec.template.single;
    const untruncatedPieces = a.length + (b?.length ?? 0);
    if (truncation && maxLength !== undefined) {
      const specials = addSpecialTokens ? specialTokenCount(template) : 0;
      if (!Number.isInteger(maxLength) || maxLength < specials)
        throw new PrognosError(
          `maxLength must be an integer of at least ${specials} (the special tokens), got ${maxLength}`,
        );
      const budget = maxLength - specials;
      if (b) {
        const [n1, n2] = truncatedLengths(a.length, b.length, budget);
        a.length = n1;
        b.length = n2;
      } else if (a.length > budget) a.length = budget;
    }
    const inputIds: number[] = [];
    const tokenTypeIds: number[] = [];
    for (const piece of template) this.appendPiece(piece, a, b, addSpecialTokens, inputIds, tokenTypeIds);
    return {
      tokens: this.convertIdsToTokens(inputIds),
      inputIds,
      tokenTypeIds,
      attentionMask: new Array(inputIds.length).fill(1),
      pieces: { total: untruncatedPieces, kept: a.length + (b?.length ?? 0) },
    };
  }

  /** Tokens of ids (transformers' `convert_ids_to_tokens`); an id outside the vocabulary is an error. */
  convertIdsToTokens(ids: readonly number[]): string[] {
    const table = this.spec.idToToken;
    return ids.map((id) => {
      const token = table[id];
      if (token === undefined)
        throw new PrognosError(`token id ${id} is not in the vocabulary (0–${table.length - 1})`);
      return token;
    });
  }

  /** Ids of tokens; a token outside the vocabulary gets the [UNK] id, as in transformers. */
  convertTokensToIds(tokens: readonly string[]): number[] {
    return tokens.map((t) => tokenId(this.spec, t) ?? this.ids.unk);
  }

  private appendPiece(
    piece: TemplatePiece,
    a: number[],
    b: number[] | null,
    addSpecialTokens: boolean,
    ids: number[],
    types: number[],
  ): void {
    if (piece.kind === "special") {
      if (!addSpecialTokens) return;
      for (const id of piece.ids) {
        ids.push(id);
        types.push(piece.typeId);
      }
      return;
    }
    const seq = piece.sequence === "A" ? a : (b ?? []);
    for (const id of seq) {
      ids.push(id);
      types.push(piece.typeId);
    }
  }

  /** Text between raw added tokens: normalize, split out normalized added tokens, pre-tokenize, WordPiece. */
  private encodeSegment(segment: string, out: number[]): void {
    const normalized = this.normalizer ? this.normalizer.normalize(segment) : segment;
    const words: string[] = [];
    this.normalizedMatcher.split(
      normalized,
      (piece) => bertPreTokenize(piece, words),
      (token) => {
        for (const w of words) this.wordPiece.encodeWord(w, out);
        words.length = 0;
        out.push(token.id);
      },
    );
    for (const w of words) this.wordPiece.encodeWord(w, out);
  }
}
