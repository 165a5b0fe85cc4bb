import { truncatedLengths } from "../../tokenizer/truncatedLengths.ts";
import { PrognosError } from "../../util/errors.ts";
import { SeededRandom } from "../../util/SeededRandom.ts";
import { evenChunks, type PieceRange } from "./evenChunks.ts";

/** A document's two parts as word-piece ids (no special tokens). */
export interface TokenizedParts {
  admission: ArrayLike<number>;
  outcome: ArrayLike<number>;
}

/** How samples are made (docs/core-pretraining.md, "Samples"); the defaults are the reference's. */
export interface OutcomeSampleOptions {
  /** Smallest chunk size drawn (30). */
  minChunk: number;
  /** Largest chunk size drawn for the admission part (384) and the outcome part (128). */
  admissionChunk: number;
  outcomeChunk: number;
  /** "one-to-one" (the reference's default, fewer_samples=True) or "all" (every admission × outcome chunk). */
  pairing: "one-to-one" | "all";
}

/** One sample: an admission chunk, an outcome chunk, and whether they come from the same document. */
export interface OutcomeSample {
  admDoc: number;
  adm: PieceRange;
  outDoc: number;
  out: PieceRange;
  /** BERT's next-sentence label: 0 = same document ("is next"), 1 = another document's outcome. */
  label: 0 | 1;
}

export interface EpochChunks {
  /** Per document: the chunk sizes drawn, and the chunks. */
  admissionSize: number[];
  outcomeSize: number[];
  admission: PieceRange[][];
  outcome: PieceRange[][];
}

/**
 * The samples of one epoch, as CORe's OutcomePretrainingProcessor builds them, every draw from SeededRandom streams
 * of (seed, epoch, document) so an epoch is the same whatever came before it:
 *  1. chunks ("core-chunks", epoch, d): the admission part, then the outcome part, each cut into even chunks with
 *     its own size drawn from [minChunk, max] (evenChunks.ts);
 *  2. pairs ("core-pairs", epoch, d): the outcome chunks are shuffled; "one-to-one" pairs admission chunk i with
 *     outcome chunk i (an admission chunk beyond the last outcome chunk gets a random one of the same document),
 *     "all" pairs every admission chunk with every outcome chunk; each positive pair (label 0) is followed by one
 *     negative (label 1): the same admission chunk with a random outcome chunk of a random OTHER document (the
 *     reference compares the wrong objects there and can pick the same document; Prognos never does);
 *  3. order ("core-order", epoch): all samples of the epoch shuffled together.
 * At least two documents are needed (a negative must come from another document).
 */
export function outcomeSamples(
  docs: readonly TokenizedParts[],
  options: OutcomeSampleOptions,
  seed: number,
  epoch: number | string,
): { samples: OutcomeSample[]; chunks: EpochChunks } {
  if (docs.length < 2) {
    throw new PrognosError(
      `the outcome objective needs at least 2 documents (a negative pairs an admission with another document's outcome), got ${docs.length}`,
    );
  }
  const chunks: EpochChunks = { admissionSize: [], outcomeSize: [], admission: [], outcome: [] };
  docs.forEach((doc, d) => {
    if (doc.admission.length === 0 || doc.outcome.length === 0) throw new Error(`document ${d} has an empty part`);
    const rng = SeededRandom.from(seed, "core-chunks", epoch, d);
    const adm = evenChunks(doc.admission.length, options.minChunk, options.admissionChunk, rng);
    const out = evenChunks(doc.outcome.length, options.minChunk, options.outcomeChunk, rng);
    chunks.admissionSize.push(adm.size);
    chunks.outcomeSize.push(out.size);
    chunks.admission.push(adm.chunks);
    chunks.outcome.push(out.chunks);
  });
  const samples: OutcomeSample[] = [];
  docs.forEach((_, d) => {
    const rng = SeededRandom.from(seed, "core-pairs", epoch, d);
    const own = rng.shuffle(chunks.outcome[d]!.slice());
    const negative = (adm: PieceRange): OutcomeSample => {
      let other = rng.int(0, docs.length - 1);
      if (other >= d) other += 1;
      return { admDoc: d, adm, outDoc: other, out: rng.pick(chunks.outcome[other]!), label: 1 };
    };
    chunks.admission[d]!.forEach((adm, i) => {
      const partners = options.pairing === "all" ? own : [i < own.length ? own[i]! : rng.pick(own)];
      for (const out of partners) {
        samples.push({ admDoc: d, adm, outDoc: d, out, label: 0 });
        samples.push(negative(adm));
      }
    });
  });
  SeededRandom.from(seed, "core-order", epoch).shuffle(samples);
  return { samples, chunks };
}

/**
 * `[CLS] admission [SEP] outcome [SEP]` with token type ids 0 (through the first [SEP]) and 1, cut to `maxLength`
 * by Hugging Face's `longest_first` rule (tokenizer/truncatedLengths.ts). The chunks themselves are not changed
 * (the reference truncates the shared chunk in place, so a later sample with the same chunk sees it shortened).
 */
export function encodeOutcomePair(
  admission: ArrayLike<number>,
  outcome: ArrayLike<number>,
  ids: { cls: number; sep: number },
  maxLength: number,
): { inputIds: number[]; tokenTypeIds: number[] } {
  const [na, nb] = truncatedLengths(admission.length, outcome.length, maxLength - 3);
  const inputIds = [ids.cls];
  for (let i = 0; i < na; i++) inputIds.push(admission[i]!);
  inputIds.push(ids.sep);
  for (let i = 0; i < nb; i++) inputIds.push(outcome[i]!);
  inputIds.push(ids.sep);
  const tokenTypeIds = inputIds.map((_, t) => (t < na + 2 ? 0 : 1));
  return { inputIds, tokenTypeIds };
}
