import { truncatedLengths } from "../../tokenizer/truncatedLengths.ts";
import { SeededRandom } from "../../util/SeededRandom.ts";
import type { PieceRange } from "./evenChunks.ts";
import { mlmWindows } from "./mlmWindows.ts";
import { encodeOutcomePair, type OutcomeSample, type OutcomeSampleOptions, outcomeSamples } from "./outcomeSamples.ts";
import type { CorpusDocument } from "./PretrainCorpus.ts";

/** One example before masking: ids with [CLS]/[SEP], token types, and the next-sentence label if any. */
export interface PretrainExample {
  inputIds: number[];
  tokenTypeIds: number[];
  nspLabel?: 0 | 1;
}

/**
 * The examples of each epoch, in training order: what the step plan counts and batches. `epoch` is a number, or
 * "val" for the fixed validation examples. Implementations build an epoch on demand and keep the last one.
 */
export interface PretrainExamples {
  count(epoch: number | "val"): number;
  /** Tokens of example i (special tokens included, no padding): what budgets count. */
  tokens(epoch: number | "val", i: number): number;
  example(epoch: number | "val", i: number): PretrainExample;
}

const SPECIALS = { pair: 3, single: 2 };

/** CORe's outcome samples (outcomeSamples.ts), rebuilt every epoch with new chunk sizes, pairs and negatives. */
export class OutcomeExamples implements PretrainExamples {
  private cached: { epoch: number | "val"; samples: OutcomeSample[] } | undefined;

  constructor(
    private readonly docs: readonly CorpusDocument[],
    private readonly options: OutcomeSampleOptions,
    private readonly seed: number,
    private readonly ids: { cls: number; sep: number },
    private readonly maxLength: number,
  ) {}

  private samples(epoch: number | "val"): OutcomeSample[] {
    if (this.cached?.epoch !== epoch) {
      this.cached = { epoch, samples: outcomeSamples(this.docs, this.options, this.seed, epoch).samples };
    }
    return this.cached.samples;
  }

  count(epoch: number | "val"): number {
    return this.samples(epoch).length;
  }

  tokens(epoch: number | "val", i: number): number {
    const s = this.samples(epoch)[i]!;
    const [a, b] = truncatedLengths(s.adm.end - s.adm.start, s.out.end - s.out.start, this.maxLength - SPECIALS.pair);
    return a + b + SPECIALS.pair;
  }

  example(epoch: number | "val", i: number): PretrainExample {
    const s = this.samples(epoch)[i]!;
    const adm = this.docs[s.admDoc]!.admission.subarray(s.adm.start, s.adm.end);
    const out = this.docs[s.outDoc]!.outcome.subarray(s.out.start, s.out.end);
    return { ...encodeOutcomePair(adm, out, this.ids, this.maxLength), nspLabel: s.label };
  }
}

/**
 * Masked-LM windows (mlmWindows.ts) over each document's admission and outcome parts taken as one text: the same
 * windows every epoch, in a new seeded order ("mlm-order", epoch); validation keeps document order.
 */
export class MlmExamples implements PretrainExamples {
  private readonly windows: { doc: number; range: PieceRange }[] = [];
  private cached: { epoch: number | "val"; order: number[] } | undefined;

  constructor(
    private readonly docs: readonly CorpusDocument[],
    private readonly seed: number,
    private readonly ids: { cls: number; sep: number },
    maxLength: number,
  ) {
    docs.forEach((d, doc) => {
      for (const range of mlmWindows(d.admission.length + d.outcome.length, maxLength))
        this.windows.push({ doc, range });
    });
  }

  private index(epoch: number | "val", i: number): number {
    if (epoch === "val") return i;
    if (this.cached?.epoch !== epoch) {
      const order = SeededRandom.from(this.seed, "mlm-order", epoch).shuffle(this.windows.map((_, k) => k));
      this.cached = { epoch, order };
    }
    return this.cached.order[i]!;
  }

  count(): number {
    return this.windows.length;
  }

  tokens(epoch: number | "val", i: number): number {
    const w = this.windows[this.index(epoch, i)]!;
    return w.range.end - w.range.start + SPECIALS.single;
  }

  example(epoch: number | "val", i: number): PretrainExample {
    const w = this.windows[this.index(epoch, i)]!;
    const d = this.docs[w.doc]!;
    const split = d.admission.length;
    const inputIds = [this.ids.cls];
    for (let t = w.range.start; t < w.range.end; t++)
      inputIds.push(t < split ? d.admission[t]! : d.outcome[t - split]!);
    inputIds.push(this.ids.sep);
    return { inputIds, tokenTypeIds: new Array(inputIds.length).fill(0) };
  }
}
