import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import type { BertTokenizer } from "../tokenizer/BertTokenizer.ts";
import { PrognosError } from "../util/errors.ts";
import { SeededRandom } from "../util/SeededRandom.ts";

/** The bundled MTSamples notes (CC0 as declared; see data/mtsamples/SOURCE.txt). */
export const MTSAMPLES_FILE = fileURLToPath(new URL("../../data/mtsamples/mtsamples.jsonl.gz", import.meta.url));

/** Windows shorter than this (the tail of a note) are left out: they would be mostly [CLS]/[SEP]. */
const MIN_WINDOW_TOKENS = 16;

/** The transcriptions of the bundled MTSamples notes that have text, in file order. */
export function readMtSamplesTranscriptions(file = MTSAMPLES_FILE): string[] {
  let text: string;
  try {
    text = gunzipSync(readFileSync(file)).toString("utf8");
  } catch (e) {
    throw new PrognosError(`${file}: cannot read the MTSamples notes: ${(e as Error).message}`);
  }
  const out: string[] = [];
  text.split("\n").forEach((line, i) => {
    if (line.length === 0) return;
    let row: { transcription?: unknown };
    try {
      row = JSON.parse(line);
    } catch {
      throw new PrognosError(`${file}: line ${i + 1} is not JSON`);
    }
    if (typeof row.transcription === "string" && row.transcription.trim() !== "") out.push(row.transcription);
  });
  return out;
}

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
  const ids = tokenizer.encode(text).inputIds;
  const content = ids.slice(1, -1);
  const width = seqLength - 2;
  const part = { notes: 1, windows: 0, tokens: 0 };
  for (let k = 0; k < content.length; k += width) {
    const chunk = content.slice(k, k + width);
    if (chunk.length < MIN_WINDOW_TOKENS && k > 0) break;
    out.push([tokenizer.ids.cls, ...chunk, tokenizer.ids.sep]);
    part.windows += 1;
    part.tokens += chunk.length + 2;
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
