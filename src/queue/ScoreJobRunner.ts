import { existsSync, statSync } from "node:fs";
import { UnrecoverableError } from "bullmq";
import type { Engine } from "../engine/Engine.ts";
import { NotePredictor } from "../serving/NotePredictor.ts";
import { notePredictions } from "../serving/notePredictions.ts";
import { type NoteInput, readNotes } from "../serving/readNotes.ts";
import { partPath, readScoreRun, writePart } from "./ScoreRun.ts";
import type { ScoreJobData } from "./scoreQueue.ts";

/** What a job returns to BullMQ (kept in Redis with the job): counts only. */
export interface ScoreJobResult {
  notes: number;
  /** Why nothing was scored: the part was already written, or the folder now holds another run. */
  skipped?: "already written" | "another run";
}

/**
 * Runs scoring jobs in one worker process: one NotePredictor (one ONNX Runtime session per model) for as long as
 * the jobs name the same models, and the last input file read kept in memory, so a worker reads each input once
 * (docs/scoring-queue.md). The same reader (readNotes) and the same predictor as `prognos predict`.
 */
export class ScoreJobRunner {
  private predictor: { key: string; value: Promise<NotePredictor> } | null = null;
  private notes: { key: string; value: Promise<NoteInput[]> } | null = null;

  constructor(private readonly engine: Engine) {}

  async run(d: ScoreJobData, onStarted?: () => void): Promise<ScoreJobResult> {
    const count = d.end - d.start;
    // The folder now holds another run (submitted again with --overwrite): this job's rows belong to nothing.
    if (readScoreRun(d.out).run !== d.run) return { notes: 0, skipped: "another run" };
    if (existsSync(partPath(d.out, d.start))) return { notes: count, skipped: "already written" };
    const st = statSync(d.input, { throwIfNoEntry: false });
    if (!st) throw new Error(`${d.input}: the input file is not there (is it on storage this worker sees?)`);
    if (st.size !== d.inputSize || st.mtimeMs !== d.inputMtimeMs)
      throw new UnrecoverableError(`${d.input}: the input file changed since it was submitted; submit it again`);
    const notes = (await this.notesOf(d)).slice(d.start, d.end);
    if (notes.length !== count)
      throw new UnrecoverableError(`${d.input}: rows ${d.start + 1}–${d.end} are not all there`);
    onStarted?.();
    injectedFaults(notes);
    const predictor = await this.predictorOf(d.models);
    const scored = await predictor.score(notes, { batchSize: d.batchSize });
    const predictions = notePredictions(predictor.models, scored, d.top, d.modelNames);
    const lines = notes.map((n, i) => JSON.stringify({ id: n.id, predictions: predictions[i] }));
    await injectedDelay("PROGNOS_FAULT_JOB_DELAY_MS");
    writePart(d.out, d.start, lines);
    await injectedDelay("PROGNOS_FAULT_AFTER_WRITE_DELAY_MS");
    return { notes: count };
  }

  private notesOf(d: ScoreJobData): Promise<NoteInput[]> {
    const key = JSON.stringify([d.input, d.inputSize, d.inputMtimeMs]);
    if (this.notes?.key !== key) {
      const value = readNotes(d.input);
      value.catch(() => {
        if (this.notes?.value === value) this.notes = null;
      });
      this.notes = { key, value };
    }
    return this.notes.value;
  }

  private predictorOf(models: readonly string[]): Promise<NotePredictor> {
    const key = JSON.stringify(models);
    if (this.predictor?.key !== key) {
      // One model set at a time: jobs of a run with other models load theirs (the old sessions stay with the
      // engine until the worker stops).
      const value = NotePredictor.load(models, this.engine);
      value.catch(() => {
        if (this.predictor?.value === value) this.predictor = null;
      });
      this.predictor = { key, value };
    }
    return this.predictor.value;
  }
}

/**
 * Faults injected for the tests (docs/scoring-queue.md, "Testing"): PROGNOS_FAULT_FAIL_IDS (comma-separated note
 * ids) makes any job holding one of those notes fail, every attempt — a poison note.
 */
function injectedFaults(notes: readonly NoteInput[]): void {
  const ids = process.env.PROGNOS_FAULT_FAIL_IDS;
  if (!ids) return;
  const poison = new Set(ids.split(","));
  const hit = notes.find((n) => poison.has(n.id));
  if (hit) throw new Error(`note ${hit.id}: failed (a fault injected by PROGNOS_FAULT_FAIL_IDS)`);
}

/**
 * PROGNOS_FAULT_JOB_DELAY_MS: a pause after scoring, before the part is written; PROGNOS_FAULT_AFTER_WRITE_DELAY_MS:
 * after it is written, before the job is marked done. A test kills the worker there.
 */
async function injectedDelay(name: string): Promise<void> {
  const ms = Number(process.env[name] ?? 0);
  if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
}
