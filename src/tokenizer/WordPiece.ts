/** Settings of the WordPiece model (tokenizer.json `model`, or BERT's defaults for vocab.txt folders). */
export interface WordPieceOptions {
  /** Id of the unknown token, used for words that cannot be matched or are too long. */
  unkId: number;
  /** Prefix of word-continuing pieces. Default "##". */
  continuingSubwordPrefix: string;
  /** Words with more characters (code points) than this become the unknown token. Default 100. */
  maxInputCharsPerWord: number;
}

const CACHE_LIMIT = 50_000;
// V8 keeps slices of 13+ characters as views into their parent string; caching those would keep whole notes
// alive, so only shorter words (most of them) are cached.
const CACHEABLE_LENGTH = 12;

/**
 * Greedy longest-match-first WordPiece, as BERT's `WordpieceTokenizer` and tokenizers' `WordPiece` model: the
 * longest vocabulary entry that starts the word, then the longest `##` entry that continues it, and so on; if
 * some position matches nothing, the whole word becomes [UNK].
 *
 * Speed: continuation pieces live in their own map keyed without the prefix (no string concatenation per
 * attempt), attempts never start longer than the longest vocabulary entry, and short words are cached.
 */
export class WordPiece {
  private readonly starts: Map<string, number>;
  private readonly continuations: Map<string, number>;
  private readonly maxStartLength: number;
  private readonly maxContinuationLength: number;
  private readonly cache = new Map<string, number[]>();
  readonly options: Readonly<WordPieceOptions>;

  /** `vocab` maps each model token to its id; it is used as is, not copied. */
  constructor(vocab: Map<string, number>, options: WordPieceOptions) {
    this.options = { ...options };
    this.starts = vocab;
    const prefix = options.continuingSubwordPrefix;
    // With an empty prefix, continuing pieces are looked up in the vocabulary itself, as tokenizers does.
    this.continuations = prefix.length > 0 ? new Map() : vocab;
    let maxStart = 0;
    let maxCont = 0;
    for (const [token, id] of vocab) {
      maxStart = Math.max(maxStart, token.length);
      if (prefix.length === 0) maxCont = maxStart;
      else if (token.startsWith(prefix)) {
        const rest = token.slice(prefix.length);
        this.continuations.set(rest, id);
        maxCont = Math.max(maxCont, rest.length);
      }
    }
    this.maxStartLength = maxStart;
    this.maxContinuationLength = maxCont;
  }

  /** Appends the ids of one pre-tokenized word to `out`. */
  encodeWord(word: string, out: number[]): void {
    // Most words are one vocabulary entry: one lookup, no cache needed.
    if (word.length <= this.options.maxInputCharsPerWord) {
      const whole = this.starts.get(word);
      if (whole !== undefined) {
        out.push(whole);
        return;
      }
    }
    const cacheable = word.length <= CACHEABLE_LENGTH;
    if (cacheable) {
      const hit = this.cache.get(word);
      if (hit !== undefined) {
        for (const id of hit) out.push(id);
        return;
      }
    }
    const ids = this.match(word);
    if (cacheable) {
      if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
      this.cache.set(word, ids);
    }
    for (const id of ids) out.push(id);
  }

  private match(word: string): number[] {
    const n = word.length;
    const unk = [this.options.unkId];
    // Characters are code points, as in Python and Rust: count surrogate pairs once.
    let chars = n;
    let hasPairs = false;
    if (n > this.options.maxInputCharsPerWord) {
      for (let i = 0; i < n - 1; i++) {
        const c = word.charCodeAt(i);
        if (c >= 0xd800 && c <= 0xdbff) {
          const lo = word.charCodeAt(i + 1);
          if (lo >= 0xdc00 && lo <= 0xdfff) {
            chars--;
            i++;
          }
        }
      }
      if (chars > this.options.maxInputCharsPerWord) return unk;
    }
    for (let i = 0; i < n && !hasPairs; i++) {
      const c = word.charCodeAt(i);
      hasPairs = c >= 0xd800 && c <= 0xdfff;
    }
    const ids: number[] = [];
    let start = 0;
    while (start < n) {
      const map = start === 0 ? this.starts : this.continuations;
      let end = Math.min(n, start + (start === 0 ? this.maxStartLength : this.maxContinuationLength));
      let id: number | undefined;
      for (; end > start; end--) {
        // Never cut a surrogate pair in two: such a piece cannot be a vocabulary entry.
        if (hasPairs && end < n && isLowSurrogate(word.charCodeAt(end)) && isHighSurrogate(word.charCodeAt(end - 1)))
          continue;
        id = map.get(word.slice(start, end));
        if (id !== undefined) break;
      }
      if (id === undefined) return unk;
      ids.push(id);
      start = end;
    }
    return ids;
  }
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}
