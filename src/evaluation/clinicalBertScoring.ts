/**
 * `prognos evaluate --pool clinicalbert`: a split scored as ClinicalBERT scores readmission (docs/readmission-task.md
 * §Scoring). Each row's text — as the task folder holds it; the readmission tasks hold ClinicalBERT's cleaned text —
 * is cut into chunks of 318 words (a last chunk of 10 words or fewer dropped), each chunk read as the model reads a
 * note (its first max_length word pieces, [CLS]/[SEP] included), and the chunks' probabilities pooled:
 * P = (P_max + P_mean·n/c)/(1 + n/c). A row without a chunk is skipped and counted.
 */
import type { BertClassifierModel } from "../models/bert/BertClassifierModel.ts";
import { poolClinicalBertNotes } from "../models/heads/clinicalBertPooling.ts";
import { logitsToScores } from "../models/heads/logitsToScores.ts";
import type { TaskExample } from "../tasks/dataset/TaskDataset.ts";
import type { ProblemType } from "../tasks/ProblemType.ts";
import { CHUNK_WORDS, clinicalBertChunks, MIN_LAST_CHUNK_WORDS } from "../tasks/readmission/clinicalBertText.ts";
import type { BertTokenizer } from "../tokenizer/BertTokenizer.ts";
import { encoderRows } from "../training/Batch.ts";
import { tokenizeExamples } from "../training/tokenizeExamples.ts";

/** What metrics.json records about the pooling (its `input`). */
export interface ClinicalBertInput {
  pool: "clinicalbert";
  c: number;
  chunk_words: number;
  min_last_chunk_words: number;
  /** Chunks scored, over all rows. */
  chunks: number;
  /** Chunks longer than max_length word pieces, cut to it. */
  truncated_chunks: number;
  /** Rows with no chunk (10 words or fewer), left out. */
  no_chunk_skipped: number;
}

export interface ClinicalBertScores {
  /** The rows scored, in split order (rows without a chunk left out). */
  rows: TaskExample[];
  /** [rows, labels] pooled probabilities. */
  scores: Float32Array;
  input: ClinicalBertInput;
}

export async function scoreClinicalBertChunks(
  model: BertClassifierModel,
  tokenizer: BertTokenizer,
  split: readonly TaskExample[],
  options: {
    maxLength: number;
    problemType: ProblemType;
    c: number;
    batchSize: number;
    onProgress?: (done: number, total: number) => void;
  },
): Promise<ClinicalBertScores> {
  const rows: TaskExample[] = [];
  const counts: number[] = [];
  const chunkRows: TaskExample[] = [];
  for (const row of split) {
    const chunks = clinicalBertChunks(row.text);
    if (chunks.length === 0) continue;
    rows.push(row);
    counts.push(chunks.length);
    for (const text of chunks) chunkRows.push({ id: row.id, text, labels: row.labels });
  }
  const { examples, truncated } = tokenizeExamples(tokenizer, chunkRows, options.maxLength);
  const L = model.labels.length;
  const chunkScores = new Float32Array(examples.length * L);
  let rowsDone = 0;
  let chunksOfDone = 0;
  for (let i = 0; i < examples.length; i += options.batchSize) {
    // truncate policy: each chunk is one row (encoderRows gives exactly it)
    const batch = examples.slice(i, i + options.batchSize).flatMap(encoderRows);
    chunkScores.set(logitsToScores(await model.logits(batch), L, options.problemType), i * L);
    // progress in rows: a row is done when all its chunks are
    const scored = Math.min(i + options.batchSize, examples.length);
    while (rowsDone < counts.length && chunksOfDone + counts[rowsDone]! <= scored) chunksOfDone += counts[rowsDone++]!;
    options.onProgress?.(rowsDone, rows.length);
  }
  return {
    rows,
    scores: poolClinicalBertNotes(chunkScores, counts, L, options.problemType, options.c),
    input: {
      pool: "clinicalbert",
      c: options.c,
      chunk_words: CHUNK_WORDS,
      min_last_chunk_words: MIN_LAST_CHUNK_WORDS,
      chunks: examples.length,
      truncated_chunks: truncated,
      no_chunk_skipped: split.length - rows.length,
    },
  };
}
