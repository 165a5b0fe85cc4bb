/**
 * Trains a WordPiece vocabulary from word counts the way Hugging Face tokenizers' WordPieceTrainer does
 * (docs/wordpiece-training.md): byte-pair merges over characters, every character after a word's first carrying the
 * `##` prefix, each merge of the most frequent adjacent pair adding `a + b` (b without its prefix) until the
 * vocabulary has `vocabSize` entries or no pair occurs `minFrequency` times. Unlike the Rust trainer, whose ids for
 * `##` characters (and so its ties) follow a hash map's order, every order here is fixed: the same counts give the
 * same vocab.txt, byte for byte.
 */
import { PrognosError } from "../util/errors.ts";

export const DEFAULT_SPECIAL_TOKENS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] as const;

export interface WordPieceTrainerOptions {
  /** Entries of the vocabulary at most, special tokens and characters included. */
  vocabSize: number;
  /** A pair seen fewer times than this (counting each word by its frequency) is never merged (default 2). */
  minFrequency?: number;
  /** First in the vocabulary, in this order (default [PAD] [UNK] [CLS] [SEP] [MASK]; [PAD] gets id 0). */
  specialTokens?: readonly string[];
}

export interface TrainedWordPiece {
  /** The vocabulary, index = id (vocab.txt's lines). */
  vocab: string[];
  /** Character entries: every character of the corpus, and the `##` form of each seen inside a word. */
  characters: number;
  /** Merges made (a merge whose result was already an entry adds none). */
  merges: number;
  /** Why training stopped: the size was reached, the next pair was below minFrequency, or no pair was left. */
  stoppedBy: "vocab-size" | "min-frequency" | "no-pairs";
}

const PREFIX = "##";
/** Pair keys: a * ID_SPAN + b (ids stay below 2^21, so keys below 2^42, exact in a double). */
const ID_SPAN = 2 ** 21;

/** A max-heap of pairs by count, ties to the smaller (a, b) ids (Hugging Face's order of merges). */
class PairHeap {
  private readonly counts: number[] = [];
  private readonly keys: number[] = [];
  get size(): number {
    return this.keys.length;
  }
  private before(i: number, j: number): boolean {
    return this.counts[i] > this.counts[j] || (this.counts[i] === this.counts[j] && this.keys[i] < this.keys[j]);
  }
  private swap(i: number, j: number): void {
    [this.counts[i], this.counts[j]] = [this.counts[j], this.counts[i]];
    [this.keys[i], this.keys[j]] = [this.keys[j], this.keys[i]];
  }
  push(count: number, key: number): void {
    this.counts.push(count);
    this.keys.push(key);
    for (let i = this.keys.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!this.before(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }
  pop(): { count: number; key: number } {
    const top = { count: this.counts[0], key: this.keys[0] };
    const last = this.keys.length - 1;
    this.swap(0, last);
    this.counts.pop();
    this.keys.pop();
    for (let i = 0; ; ) {
      const l = 2 * i + 1;
      const r = l + 1;
      let best = i;
      if (l < last && this.before(l, best)) best = l;
      if (r < last && this.before(r, best)) best = r;
      if (best === i) break;
      this.swap(i, best);
      i = best;
    }
    return top;
  }
}

function checkOptions(o: WordPieceTrainerOptions, specials: readonly string[]): void {
  if (!Number.isSafeInteger(o.vocabSize) || o.vocabSize < 1 || o.vocabSize >= ID_SPAN)
    throw new PrognosError(`vocabulary size: expected an integer from 1 to ${ID_SPAN - 1}, got ${o.vocabSize}`);
  const min = o.minFrequency ?? 2;
  if (!Number.isSafeInteger(min) || min < 1)
    throw new PrognosError(`minimum frequency: expected an integer ≥ 1, got ${min}`);
  if (new Set(specials).size !== specials.length) throw new PrognosError("special tokens: one is listed twice");
  if (specials.length > o.vocabSize)
    throw new PrognosError(`vocabulary size ${o.vocabSize} is smaller than the ${specials.length} special tokens`);
}

/**
 * `words`: each distinct pre-tokenized word (normalized as the tokenizer will see it) and how often it occurs.
 * Characters come after the special tokens (every character as a word-initial piece, sorted by code point, then the
 * `##` forms of those seen inside words); merges follow in the order they were made.
 */
export function trainWordPiece(words: ReadonlyMap<string, number>, options: WordPieceTrainerOptions): TrainedWordPiece {
  const specials = options.specialTokens ?? DEFAULT_SPECIAL_TOKENS;
  checkOptions(options, specials);
  const minFrequency = options.minFrequency ?? 2;
  const vocab: string[] = [...specials];
  const ids = new Map<string, number>(vocab.map((t, i) => [t, i]));
  const add = (token: string): number => {
    let id = ids.get(token);
    if (id === undefined) {
      id = vocab.length;
      vocab.push(token);
      ids.set(token, id);
    }
    return id;
  };

  // The characters: every character of the corpus as a word-initial piece (as Hugging Face's alphabet), then the `##`
  // forms of those seen inside a word, each sorted by code point.
  const initial = new Set<string>();
  const continuing = new Set<string>();
  const entries = [...words].filter(([w, c]) => w.length > 0 && c > 0);
  for (const [word] of entries) {
    const chars = Array.from(word);
    for (const c of chars) initial.add(c);
    for (let i = 1; i < chars.length; i++) continuing.add(chars[i]);
  }
  const byCodePoint = (a: string, b: string) => a.codePointAt(0)! - b.codePointAt(0)!;
  const characters = initial.size + continuing.size;
  for (const c of [...initial].sort(byCodePoint)) add(c);
  for (const c of [...continuing].sort(byCodePoint)) add(PREFIX + c);
  if (vocab.length > options.vocabSize) {
    throw new PrognosError(
      `vocabulary size ${options.vocabSize} is below the ${vocab.length} entries that special tokens and the corpus's ${characters} characters need`,
    );
  }

  // Each word as a list of symbol ids; pair counts weighted by the word's frequency; which words hold each pair.
  const symbols = entries.map(([word]) => Array.from(word, (c, i) => ids.get(i === 0 ? c : PREFIX + c)!));
  const freq = entries.map(([, c]) => c);
  const pairCounts = new Map<number, number>();
  const where = new Map<number, Set<number>>();
  const countPairs = (w: number, sign: 1 | -1, changed?: Set<number>) => {
    const s = symbols[w];
    for (let i = 0; i + 1 < s.length; i++) {
      const key = s[i] * ID_SPAN + s[i + 1];
      pairCounts.set(key, (pairCounts.get(key) ?? 0) + sign * freq[w]);
      if (sign > 0) {
        const set = where.get(key);
        if (set) set.add(w);
        else where.set(key, new Set([w]));
        changed?.add(key);
      }
    }
  };
  for (let w = 0; w < symbols.length; w++) countPairs(w, 1);
  const heap = new PairHeap();
  for (const [key, count] of pairCounts) heap.push(count, key);

  let merges = 0;
  let stoppedBy: TrainedWordPiece["stoppedBy"] = "no-pairs";
  while (heap.size > 0) {
    if (vocab.length >= options.vocabSize) {
      stoppedBy = "vocab-size";
      break;
    }
    const top = heap.pop();
    const current = pairCounts.get(top.key) ?? 0;
    if (current !== top.count) {
      if (current > 0) heap.push(current, top.key); // stale entry: re-queued at its true count
      continue;
    }
    if (current < minFrequency) {
      stoppedBy = "min-frequency";
      break;
    }
    const a = Math.floor(top.key / ID_SPAN);
    const b = top.key % ID_SPAN;
    const right = vocab[b];
    const merged = add(vocab[a] + (right.startsWith(PREFIX) ? right.slice(PREFIX.length) : right));
    merges++;
    const changed = new Set<number>();
    for (const w of where.get(top.key) ?? []) {
      const s = symbols[w];
      let holds = false;
      for (let i = 0; i + 1 < s.length && !holds; i++) holds = s[i] === a && s[i + 1] === b;
      if (!holds) continue;
      countPairs(w, -1);
      const next: number[] = [];
      for (let i = 0; i < s.length; i++) {
        if (i + 1 < s.length && s[i] === a && s[i + 1] === b) {
          next.push(merged);
          i++;
        } else next.push(s[i]);
      }
      symbols[w] = next;
      countPairs(w, 1, changed);
    }
    where.delete(top.key);
    for (const key of changed) heap.push(pairCounts.get(key)!, key);
  }
  return { vocab, characters, merges, stoppedBy };
}
