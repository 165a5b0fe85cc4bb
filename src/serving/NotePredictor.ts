import { existsSync } from "node:fs";
import { join } from "node:path";
import { type Checkpoint, loadCheckpoint } from "../checkpoint/Checkpoint.ts";
import type { Engine } from "../engine/Engine.ts";
import { BertClassifierModel } from "../models/bert/BertClassifierModel.ts";
import { BertMultiHeadModel } from "../models/bert/BertMultiHeadModel.ts";
import type { ModelHead } from "../models/heads/ModelHead.ts";
import { noteProbabilities } from "../models/heads/poolLogits.ts";
import { readModelHead } from "../models/heads/readModelHead.ts";
import { BertTokenizer } from "../tokenizer/BertTokenizer.ts";
import { type NoteWindows, noteWindows } from "../tokenizer/noteWindows.ts";
import { PrognosError } from "../util/errors.ts";
import { encoderKey, readingKey } from "./encoderKeys.ts";
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

/** A note as every group of models reads it (NotePredictor.read): its windows per group. */
export type NoteReading = readonly NoteWindows[];

export interface LoadedModel {
  dir: string;
  checkpoint: Checkpoint;
  head: ModelHead;
  tokenizer: BertTokenizer;
}

/** One ONNX Runtime call per batch: the logits of every model it serves (`members`, indices into `models`). */
interface EncoderPass {
  members: number[];
  logits(rows: readonly (readonly number[])[]): Promise<Float32Array[]>;
}

/** Models that read a note into the same windows (same tokenizer, length, long-note policy): tokenized once. */
interface ReadingGroup {
  tokenizer: BertTokenizer;
  head: ModelHead;
  passes: EncoderPass[];
}

/**
 * Scores notes with one or more trained models (run or model folders; each with its head in config.json, or a
 * plain Hugging Face folder read as before with a warning). Notes are batched by length (similar lengths together,
 * so little work goes to padding) and results come back in input order. Long notes follow each head's long-note
 * policy: the first `max_length` word pieces, or overlapping windows whose logits are pooled (docs/model-head.md).
 * Models whose encoders are identical by content (encoderKeys.ts; e.g. heads trained on one frozen encoder) share
 * one encoder pass per batch, and models that read notes alike share one tokenization (docs/predict.md).
 */
export class NotePredictor {
  private constructor(
    readonly models: readonly LoadedModel[],
    readonly warnings: string[],
    private readonly groups: readonly ReadingGroup[],
  ) {}

  /** The encoder passes per batch, each as the indices of the models it serves: [[0, 2], [1]] runs two. */
  get encoderPasses(): number[][] {
    return this.groups.flatMap((g) => g.passes.map((p) => [...p.members]));
  }

  /** One line per encoder pass that serves several models, naming them (for stderr). */
  sharingNotes(): string[] {
    return this.encoderPasses
      .filter((p) => p.length > 1)
      .map((p) => `one encoder pass serves ${p.map((k) => this.models[k]!.dir).join(", ")} (identical encoders)`);
  }

  /** `int8`: run fp32 folders' encoders in int8, quantized on the fly (docs/quantization.md). */
  static async load(dirs: readonly string[], engine: Engine, options: { int8?: boolean } = {}): Promise<NotePredictor> {
    if (dirs.length === 0) throw new PrognosError("--model: give at least one model folder");
    const models: LoadedModel[] = [];
    const warnings: string[] = [];
    for (const given of dirs) {
      const dir = modelFolderOf(given);
      const checkpoint = await loadCheckpoint(dir);
      const { tokenizer, warnings: w } = await BertTokenizer.fromFolder(dir);
      const { head, warnings: hw } = readModelHead(checkpoint);
      // The checkpoint's own load report (classifier weights "not used by BertModel") is for encoders; a classifier
      // folder's warnings are the tokenizer's and the head's.
      warnings.push(...w, ...hw);
      models.push({ dir, checkpoint, head, tokenizer });
    }
    const byReading = groupBy(
      models.map((_, k) => k),
      (k) => (models.length > 1 ? readingKey(models[k]!.tokenizer, models[k]!.head) : ""),
    );
    const groups: ReadingGroup[] = [];
    for (const members of byReading) {
      const first = models[members[0]!]!;
      // Weights are hashed only where a pass could be shared: two or more models reading notes alike.
      const byEncoder = groupBy(members, (k) => (members.length > 1 ? encoderKey(models[k]!.checkpoint) : ""));
      const passes: EncoderPass[] = [];
      for (const shared of byEncoder) {
        if (shared.length === 1) {
          const m = models[shared[0]!]!;
          const model = await BertClassifierModel.create(m.checkpoint, engine, m.head, options);
          passes.push({ members: shared, logits: async (rows) => [await model.logits(rows)] });
        } else {
          const model = await BertMultiHeadModel.create(
            shared.map((k) => models[k]!),
            engine,
            options,
          );
          passes.push({ members: shared, logits: (rows) => model.logits(rows) });
        }
      }
      groups.push({ tokenizer: first.tokenizer, head: first.head, passes });
    }
    return new NotePredictor(models, warnings, groups);
  }

  /**
   * How the models read a note: its windows for each group of models that read notes alike (one tokenization per
   * group). The server reads each note as its request arrives, off the batch's critical path.
   */
  read(note: NoteInput): NoteReading {
    return this.groups.map((g) => noteWindows(g.tokenizer, note.text, g.head));
  }

  /** Every model's scores for every note: result[note][model]. Empty notes are refused by `checkNotes` first. */
  score(
    notes: readonly NoteInput[],
    options: { batchSize?: number; onProgress?: (done: number, total: number) => void } = {},
  ): Promise<ScoredNote[][]> {
    return this.scoreRead(
      notes.map((n) => this.read(n)),
      options,
    );
  }

  /** `score` for notes already read (`read`). */
  async scoreRead(
    notes: readonly NoteReading[],
    options: { batchSize?: number; onProgress?: (done: number, total: number) => void } = {},
  ): Promise<ScoredNote[][]> {
    const batch = options.batchSize ?? 16;
    const out: ScoredNote[][] = notes.map(() => new Array<ScoredNote>(this.models.length));
    const total = notes.length * this.models.length;
    let done = 0;
    for (const [g, group] of this.groups.entries()) {
      const windowsOf = notes.map((n) => n[g]!);
      // Length-sorted order: windows of similar length share a batch (input order is restored by index).
      const order = notes
        .map((_, i) => i)
        .sort((a, b) => longest(windowsOf[a]!.windows) - longest(windowsOf[b]!.windows));
      for (const pass of group.passes) {
        for (let k = 0; k < order.length; k += batch) {
          const idx = order.slice(k, k + batch);
          const logits = await pass.logits(idx.flatMap((i) => windowsOf[i]!.windows));
          pass.members.forEach((m, j) => {
            const head = this.models[m]!.head;
            const L = head.labels.length;
            let r = 0;
            for (const i of idx) {
              const w = windowsOf[i]!;
              const probabilities = noteProbabilities(logits[j]!, r, w.windows.length, L, head);
              r += w.windows.length;
              out[i]![m] = {
                probabilities,
                wordPieces: w.wordPieces,
                windows: w.windows.length,
                cut: w.cut,
              };
            }
          });
          done += idx.length * pass.members.length;
          options.onProgress?.(done, total);
        }
      }
    }
    return out;
  }
}

/** Indices grouped by key, each group in the order given, groups in the order of their first member. */
function groupBy(indices: readonly number[], key: (k: number) => string): number[][] {
  const groups = new Map<string, number[]>();
  for (const k of indices) {
    const g = groups.get(key(k));
    if (g) g.push(k);
    else groups.set(key(k), [k]);
  }
  return [...groups.values()];
}

const longest = (windows: readonly (readonly number[])[]) => Math.max(...windows.map((w) => w.length));

/** A run folder holds its best model in best/; a model folder is taken as it is. */
export function modelFolderOf(dir: string): string {
  if (existsSync(join(dir, "config.json"))) return dir;
  if (existsSync(join(dir, "best", "config.json"))) return join(dir, "best");
  throw new PrognosError(`${dir}: not a model folder (no config.json) nor a run folder (no best/config.json)`);
}
