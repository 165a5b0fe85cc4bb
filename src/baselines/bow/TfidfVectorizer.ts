import { compareCodePoints } from "../../tasks/dataset/index.ts";
import { PrognosError } from "../../util/errors.ts";
import { wordNgrams, wordTokens } from "./wordTerms.ts";

/**
 * scikit-learn's TfidfVectorizer options that Prognos supports, with its defaults except `maxFeatures`.
 */
export interface TfidfOptions {
  /** Lowercase before tokenizing (`str.lower()`). Default true. */
  lowercase?: boolean;
  /** Word n-gram range: [1, 1] unigrams (default) or [1, 2] unigrams and bigrams. */
  ngramRange?: [number, number];
  /** An integer ≥ 1: the fewest documents a term must appear in; a number in (0, 1): the fewest, as a fraction of
   * the documents. Default 1. */
  minDf?: number;
  /** A number in (0, 1]: terms in more than this fraction of the documents are dropped. Default 1 (none). */
  maxDf?: number;
  /** Keep the `maxFeatures` terms with the highest total count in the fitted documents (ties: the
   * alphabetically first, where scikit-learn's unstable sort picks any); null keeps all. Default 20,000. */
  maxFeatures?: number | null;
  /** tf = 1 + ln(count) instead of the count. Default false. */
  sublinearTf?: boolean;
  /** idf = ln((1 + n) / (1 + df)) + 1 (default true); false: ln(n / df) + 1. */
  smoothIdf?: boolean;
}

export type ResolvedTfidfOptions = Required<TfidfOptions>;

export const DEFAULT_MAX_FEATURES = 20_000;

/** One document's tf-idf row: feature indices (ascending) and L2-normalised values. */
export interface SparseRow {
  indices: Int32Array;
  values: Float32Array;
}

/** The fitted vectorizer as vocabulary.json stores it. */
export interface TfidfVocabulary {
  options: ResolvedTfidfOptions;
  /** Documents it was fitted on. */
  documents: number;
  /** Terms in feature order (sorted by code point, as scikit-learn's vocabulary_ indices are). */
  terms: string[];
  /** Document frequency and idf of each term, in feature order. */
  df: number[];
  idf: number[];
}

export function resolveTfidfOptions(o: TfidfOptions = {}): ResolvedTfidfOptions {
  const r: ResolvedTfidfOptions = {
    lowercase: o.lowercase ?? true,
    ngramRange: o.ngramRange ?? [1, 1],
    minDf: o.minDf ?? 1,
    maxDf: o.maxDf ?? 1,
    maxFeatures: o.maxFeatures === undefined ? DEFAULT_MAX_FEATURES : o.maxFeatures,
    sublinearTf: o.sublinearTf ?? false,
    smoothIdf: o.smoothIdf ?? true,
  };
  const [lo, hi] = r.ngramRange;
  if (!Number.isInteger(lo) || !Number.isInteger(hi) || lo < 1 || hi < lo) {
    throw new PrognosError(`\`ngramRange\` must be [min, max] with 1 ≤ min ≤ max, received [${lo}, ${hi}]`);
  }
  if (!(r.minDf > 0 && (r.minDf < 1 || Number.isInteger(r.minDf)))) {
    throw new PrognosError(`\`minDf\` must be an integer ≥ 1 or a fraction in (0, 1), received ${r.minDf}`);
  }
  if (!(r.maxDf > 0 && r.maxDf <= 1)) throw new PrognosError(`\`maxDf\` must be in (0, 1], received ${r.maxDf}`);
  if (r.maxFeatures !== null && !(Number.isInteger(r.maxFeatures) && r.maxFeatures >= 1)) {
    throw new PrognosError(`\`maxFeatures\` must be a positive integer or null, received ${r.maxFeatures}`);
  }
  return r;
}

/**
 * TF-IDF as scikit-learn's TfidfVectorizer computes it (norm "l2", use_idf): term counts (or 1 + ln count), times
 * idf, each row scaled to unit L2 norm (an empty row stays zero). The vocabulary is fitted on the documents given
 * to `fit` (the training split only): min_df/max_df filter first, then max_features by total count.
 */
export class TfidfVectorizer {
  private readonly index: Map<string, number>;

  private constructor(readonly vocabulary: TfidfVocabulary) {
    this.index = new Map(vocabulary.terms.map((t, i) => [t, i]));
  }

  get size(): number {
    return this.vocabulary.terms.length;
  }

  static fromJSON(vocabulary: TfidfVocabulary): TfidfVectorizer {
    return new TfidfVectorizer(vocabulary);
  }

  toJSON(): TfidfVocabulary {
    return this.vocabulary;
  }

  terms(text: string): string[] {
    const [lo, hi] = this.vocabulary.options.ngramRange;
    return wordNgrams(wordTokens(text, this.vocabulary.options.lowercase), lo, hi);
  }

  static fit(documents: Iterable<string>, options: TfidfOptions = {}): TfidfVectorizer {
    const o = resolveTfidfOptions(options);
    const [lo, hi] = o.ngramRange;
    const ids = new Map<string, number>();
    let df = new Int32Array(1 << 16);
    let total = new Float64Array(1 << 16);
    let lastDoc = new Int32Array(1 << 16).fill(-1);
    let n = 0;
    for (const doc of documents) {
      for (const term of wordNgrams(wordTokens(doc, o.lowercase), lo, hi)) {
        let id = ids.get(term);
        if (id === undefined) {
          id = ids.size;
          ids.set(term, id);
          if (id === df.length) {
            df = grow(df, Int32Array);
            total = grow(total, Float64Array);
            const last = grow(lastDoc, Int32Array);
            last.fill(-1, lastDoc.length);
            lastDoc = last;
          }
        }
        total[id]! += 1;
        if (lastDoc[id] !== n) {
          df[id]! += 1;
          lastDoc[id] = n;
        }
      }
      n++;
    }
    if (ids.size === 0) {
      throw new PrognosError(`empty vocabulary: the ${n} training documents have no word of two or more characters`);
    }
    const minCount = o.minDf >= 1 ? o.minDf : o.minDf * n;
    const maxCount = o.maxDf * n;
    if (maxCount < minCount) {
      throw new PrognosError(`maxDf (${o.maxDf}) keeps fewer documents than minDf (${o.minDf}) for ${n} documents`);
    }
    const all = [...ids.keys()];
    let kept = all.map((_, id) => id).filter((id) => df[id]! >= minCount && df[id]! <= maxCount);
    if (kept.length === 0) {
      throw new PrognosError(
        `no term is left after the document-frequency filter (minDf ${o.minDf}, maxDf ${o.maxDf}, ${n} documents)`,
      );
    }
    if (o.maxFeatures !== null && kept.length > o.maxFeatures) {
      kept.sort((a, b) => total[b]! - total[a]! || compareCodePoints(all[a]!, all[b]!));
      kept = kept.slice(0, o.maxFeatures);
    }
    kept.sort((a, b) => compareCodePoints(all[a]!, all[b]!));
    const dfs = kept.map((id) => df[id]!);
    const idf = dfs.map((d) => (o.smoothIdf ? Math.log((1 + n) / (1 + d)) + 1 : Math.log(n / d) + 1));
    return new TfidfVectorizer({ options: o, documents: n, terms: kept.map((id) => all[id]!), df: dfs, idf });
  }

  /** The document's tf-idf row (terms outside the vocabulary are ignored, as scikit-learn does). */
  transform(text: string): SparseRow {
    const counts = new Map<number, number>();
    for (const term of this.terms(text)) {
      const i = this.index.get(term);
      if (i !== undefined) counts.set(i, (counts.get(i) ?? 0) + 1);
    }
    const indices = Int32Array.from(counts.keys()).sort();
    const raw = new Float64Array(indices.length);
    let sq = 0;
    const { idf, options } = this.vocabulary;
    indices.forEach((f, k) => {
      const c = counts.get(f)!;
      const v = (options.sublinearTf ? 1 + Math.log(c) : c) * idf[f]!;
      raw[k] = v;
      sq += v * v;
    });
    const norm = Math.sqrt(sq);
    const values = Float32Array.from(raw, (v) => (norm > 0 ? v / norm : 0));
    return { indices, values };
  }
}

function grow<A extends Int32Array | Float64Array>(a: A, Ctor: { new (n: number): A }): A {
  const b = new Ctor(a.length * 2);
  b.set(a);
  return b;
}
