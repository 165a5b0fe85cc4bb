import { existsSync } from "node:fs";
import { join } from "node:path";
import { type Checkpoint, loadCheckpoint } from "../checkpoint/Checkpoint.ts";
import type { Engine } from "../engine/Engine.ts";
import { BertClassifierModel } from "../models/bert/BertClassifierModel.ts";
import type { ModelHead } from "../models/heads/ModelHead.ts";
import { BertTokenizer } from "../tokenizer/BertTokenizer.ts";
import { PrognosError } from "../util/errors.ts";
import { noteWindows } from "./noteWindows.ts";
import { noteProbabilities } from "./poolLogits.ts";
import type { NoteInput } from "./readNotes.ts";

/** One model's probabilities for one note, with how the note was read. */
export interface ScoredNote {
  /** Probabilities in the head's label order (sigmoid per label, or softmax over classes). */
  probabilities: Float32Array;
  /** Word pieces of the note ([CLS]/[SEP] excluded). */
  wordPieces: number;
  /** Windows scored (1 when the note fits, or with the truncate policy). */
  windows: number;
  /** Truncate policy: the note was longer than the model reads, and its end was not seen. */
  cut: boolean;
}

export interface LoadedModel {
  dir: string;
  checkpoint: Checkpoint;
  head: ModelHead;
  tokenizer: BertTokenizer;
  model: BertClassifierModel;
}

/**
 * Scores notes with one or more trained models (run or model folders; each with its head in config.json, or a
 * plain Hugging Face folder read as before with a warning). Notes are batched by length (similar lengths together,
 * so little work goes to padding) and results come back in input order. Long notes follow each head's long-note
 * policy: the first `max_length` word pieces, or overlapping windows whose logits are pooled (docs/model-head.md).
 */
export class NotePredictor {
  private constructor(
    readonly models: readonly LoadedModel[],
    readonly warnings: string[],
  ) {}

  static async load(dirs: readonly string[], engine: Engine): Promise<NotePredictor> {
    if (dirs.length === 0) throw new PrognosError("--model: give at least one model folder");
    const models: LoadedModel[] = [];
    const warnings: string[] = [];
    for (const given of dirs) {
      const dir = modelFolderOf(given);
      const checkpoint = await loadCheckpoint(dir);
      const { tokenizer, warnings: w } = await BertTokenizer.fromFolder(dir);
      const model = await BertClassifierModel.create(checkpoint, engine);
      // The checkpoint's own load report (classifier weights "not used by BertModel") is for encoders; a classifier
      // folder's warnings are the tokenizer's and the head's.
      warnings.push(...w, ...model.warnings);
      models.push({ dir, checkpoint, head: model.head, tokenizer, model });
    }
    return new NotePredictor(models, warnings);
  }

  /** Every model's scores for every note: result[note][model]. Empty notes are refused by `checkNotes` first. */
  async score(
    notes: readonly NoteInput[],
    options: { batchSize?: number; onProgress?: (done: number, total: number) => void } = {},
  ): Promise<ScoredNote[][]> {
    const batch = options.batchSize ?? 16;
    const out: ScoredNote[][] = notes.map(() => []);
    const total = notes.length * this.models.length;
    let done = 0;
    for (const m of this.models) {
      const L = m.head.labels.length;
      const windowsOf = notes.map((n) => noteWindows(m.tokenizer, n.text, m.head));
      // Length-sorted order: windows of similar length share a batch (input order is restored by index).
      const order = notes
        .map((_, i) => i)
        .sort((a, b) => longest(windowsOf[a]!.windows) - longest(windowsOf[b]!.windows));
      for (let k = 0; k < order.length; k += batch) {
        const idx = order.slice(k, k + batch);
        const rows = idx.flatMap((i) => windowsOf[i]!.windows);
        const logits = await m.model.logits(rows);
        let r = 0;
        for (const i of idx) {
          const w = windowsOf[i]!;
          const probabilities = noteProbabilities(logits, r, w.windows.length, L, m.head);
          r += w.windows.length;
          out[i]!.push({
            probabilities,
            wordPieces: w.wordPieces,
            windows: w.windows.length,
            cut: w.cut,
          });
        }
        done += idx.length;
        options.onProgress?.(done, total);
      }
    }
    return out;
  }
}

const longest = (windows: readonly (readonly number[])[]) => Math.max(...windows.map((w) => w.length));

/** A run folder holds its best model in best/; a model folder is taken as it is. */
export function modelFolderOf(dir: string): string {
  if (existsSync(join(dir, "config.json"))) return dir;
  if (existsSync(join(dir, "best", "config.json"))) return join(dir, "best");
  throw new PrognosError(`${dir}: not a model folder (no config.json) nor a run folder (no best/config.json)`);
}
