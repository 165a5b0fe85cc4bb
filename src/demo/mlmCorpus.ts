import type { BertTokenizer } from "../tokenizer/BertTokenizer.ts";
import { MIN_WINDOW_TOKENS, mlmWindows } from "../training/pretraining/mlmWindows.ts";
import { PrognosError } from "../util/errors.ts";
import { SeededRandom } from "../util/SeededRandom.ts";

export interface CorpusPart {
  notes: number;
  windows: number;
  tokens: number;
}

export interface MlmCorpus {
  /** Token-id windows, each `[CLS] … [SEP]`, at most `seqLength` long. */
  sequences: number[][];
  synthetic: CorpusPart;
  mtsamples: CorpusPart;
}

/** Cuts one note's tokens into windows of at most seqLength (with [CLS] and [SEP]); appends them to `out`. */
function windows(tokenizer: BertTokenizer, text: string, seqLength: number, out: number[][]): CorpusPart {
  const content = tokenizer.textToIds(text);
  const part = { notes: 1, windows: 0, tokens: 0 };
  for (const w of mlmWindows(content.length, seqLength)) {
    out.push([tokenizer.ids.cls, ...content.slice(w.start, w.end), tokenizer.ids.sep]);
    part.windows += 1;
    part.tokens += w.end - w.start + 2;
  }
  return part;
}

const add = (a: CorpusPart, b: CorpusPart): CorpusPart => ({
  notes: a.notes + b.notes,
  windows: a.windows + b.windows,
  tokens: a.tokens + b.tokens,
});

/**
 * The masked-LM corpus: every synthetic note cut into windows, then MTSamples notes in a seeded order until their
 * windows number `mtsamplesRatio` × the synthetic ones (so the two corpora are mixed in a fixed proportion).
 * Texts are tokenized here and never logged; `onProgress` gets counts only.
 */
export function buildMlmCorpus(
  tokenizer: BertTokenizer,
  syntheticNotes: readonly string[],
  mtsamples: readonly string[],
  args: { seqLength: number; mtsamplesRatio: number; seed: number },
  onProgress?: (done: number, total: number) => void,
): MlmCorpus {
  if (args.seqLength < MIN_WINDOW_TOKENS + 2) throw new PrognosError(`MLM windows of ${args.seqLength} are too short`);
  const sequences: number[][] = [];
  let synthetic: CorpusPart = { notes: 0, windows: 0, tokens: 0 };
  const total = syntheticNotes.length + mtsamples.length;
  syntheticNotes.forEach((text, i) => {
    synthetic = add(synthetic, windows(tokenizer, text, args.seqLength, sequences));
    if (i % 200 === 199) onProgress?.(i + 1, total);
  });
  const wanted = Math.round(synthetic.windows * args.mtsamplesRatio);
  const order = SeededRandom.from(args.seed, "demo-mtsamples").shuffle(mtsamples.map((_, i) => i));
  let mt: CorpusPart = { notes: 0, windows: 0, tokens: 0 };
  const mtSequences: number[][] = [];
  for (const i of order) {
    if (mt.windows >= wanted) break;
    mt = add(mt, windows(tokenizer, mtsamples[i]!, args.seqLength, mtSequences));
    if (mt.notes % 200 === 0) onProgress?.(syntheticNotes.length + mt.notes, total);
  }
  // The last note may overshoot: keep exactly `wanted` MTSamples windows.
  for (const seq of mtSequences.splice(wanted)) {
    mt.windows -= 1;
    mt.tokens -= seq.length;
  }
  sequences.push(...mtSequences);
  onProgress?.(total, total);
  return { sequences, synthetic, mtsamples: mt };
}
