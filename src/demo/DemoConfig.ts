import { availableParallelism } from "node:os";
import { join, resolve } from "node:path";
import type { Pooling } from "../models/heads/ModelHead.ts";
import type { WINDOW_POOLS } from "../training/RunConfig.ts";
import { PrognosError } from "../util/errors.ts";
import { DEMO_ENCODER_DIR } from "./demoEncoder.ts";

/** Options of `prognos demo` (runDemo); every field but `out` has a default. */
export interface DemoOptions {
  /** Output folder: hospital/, tasks/, runs/, summary.json, summary.md. */
  out: string;
  /** The encoder folder fine-tuned on each task. Default: the shipped one (demoEncoder.ts, DEMO_ENCODER_DIR). */
  encoder?: string;
  /** Admissions of the synthetic hospital (newborns included). Default 2,000 (quick: 600). */
  admissions?: number;
  /** Seeds the hospital, fine-tuning (the classifier's initialisation, batches, dropout) and the bootstrap. Default 7. */
  seed?: number;
  /**
   * ONNX Runtime threads. Default 2 (1 on a single core): 1 and 2 threads write byte-identical weights and
   * predictions (checked), so the README's numbers come out either way; other counts are not checked.
   */
  threads?: number;
  /** Small sizes everywhere (for tests): about a minute. */
  quick?: boolean;
  /** Replace the demo's own files and folders in `out` when they exist (otherwise refused). */
  overwrite?: boolean;
}

/**
 * What one task changes of the demo's shared fine-tuning recipe (each choice made on val: docs/benchmarks.md, "Demo").
 */
export interface DemoTaskRecipe {
  /**
   * Start from the encoder another task fine-tuned in this demo (its best/; a task run before this one), with a new
   * classifier: that task is an intermediate training task (Phang et al. 2018, "Sentence Encoders on STILTs").
   * Default: the demo's encoder.
   */
  from?: string;
  epochs?: number;
  /** The classifier's peak learning rate (prognos train --classifier-lr; docs/training.md). */
  classifierLr?: number;
  /** Class weights (pos_weight / balanced) in the loss; default on. */
  classWeights?: boolean;
  /**
   * Whole notes (prognos train --long-notes windows; docs/long-notes.md): windows of maxLength word pieces `stride`
   * apart, their logits pooled by `pool`, at most `maxWindows` per note. Without it the task truncates to maxLength.
   */
  windows?: { stride: number; pool: (typeof WINDOW_POOLS)[number]; maxWindows?: number };
}

/**
 * Every size and hyperparameter the demo uses. They are fixed in advance (chosen for the time budget, ≤ 5 minutes
 * on 2 cores, and on val, never by looking at test results) and written to summary.json. The same values serve
 * every task, except what fineTune.tasks changes for a task.
 */
export interface DemoConfig {
  out: string;
  seed: number;
  threads: number;
  quick: boolean;
  hospital: { admissions: number; otherNotes: number };
  /** The encoder folder fine-tuned on each task (a Hugging Face BERT folder). */
  encoder: string;
  /** Fine-tuning, the same for the four tasks but for fineTune.tasks (the CLI's `prognos train` options). */
  fineTune: {
    maxLength: number;
    epochs: number;
    batchSize: number;
    lr: number;
    warmupSteps: number;
    weightDecay: number;
    dropout: number;
    patience: number;
    /** What the classifier reads (prognos train --pooling). */
    pooling: Pooling;
    /** Per task (by task name), what it changes of the recipe above. */
    tasks: Record<string, DemoTaskRecipe>;
  };
  /** The bag-of-words baseline: its library defaults unless listed here. */
  bow: { epochs?: number };
  /** Bootstrap resamples for the 95% intervals (test split). */
  bootstrap: number;
}

function positiveInt(name: string, value: number | undefined, fallback: number, min = 1): number {
  const v = value ?? fallback;
  if (!Number.isSafeInteger(v) || v < min) throw new PrognosError(`${name}: expected an integer ≥ ${min}, got ${v}`);
  return v;
}

/** Resolves the options into the fixed configuration (full demo, or tiny sizes with `quick`). */
export function resolveDemoConfig(o: DemoOptions): DemoConfig {
  const quick = o.quick ?? false;
  const admissions = positiveInt("--admissions", o.admissions, quick ? 600 : 2000, 50);
  const common = {
    out: o.out,
    seed: positiveInt("--seed", o.seed, 7, 0),
    threads: positiveInt("--threads", o.threads, Math.min(2, availableParallelism())),
    quick,
    // The other notes (nursing, radiology, …) are not read by the tasks: a few, so NOTEEVENTS looks like MIMIC's.
    hospital: { admissions, otherNotes: Math.round(admissions / 10) },
    encoder: resolve(o.encoder ?? DEMO_ENCODER_DIR),
  };
  if (quick) {
    return {
      ...common,
      fineTune: {
        maxLength: 64,
        epochs: 1,
        batchSize: 16,
        lr: 1e-3,
        warmupSteps: 2,
        weightDecay: 0.01,
        dropout: 0,
        patience: 1,
        pooling: "mean",
        tasks: {
          DIA_GROUPS_3_DIGITS_adm: { classifierLr: 0.1, classWeights: false },
          PRO_GROUPS_3_DIGITS_adm: { from: "DIA_GROUPS_3_DIGITS_adm", classifierLr: 0.1, classWeights: false },
          MP_IN_adm: { from: "DIA_GROUPS_3_DIGITS_adm", windows: { stride: 62, pool: "mean", maxWindows: 2 } },
        },
      },
      bow: { epochs: 2 },
      bootstrap: 100,
    };
  }
  // The recipe the CORe ablation fine-tuned every arm with (bench/core-ablation/ablationConfig.ts), chosen on val.
  return {
    ...common,
    fineTune: {
      maxLength: 256,
      epochs: 3,
      batchSize: 16,
      lr: 1e-3,
      warmupSteps: 15,
      weightDecay: 0.01,
      dropout: 0.1,
      patience: 3,
      pooling: "mean",
      tasks: {
        // The multi-label tasks: a classifier of hundreds of outputs barely moves in 3 epochs at lr 1e-3 (diagnoses val
        // 0.49, chance). At 0.1 without class weights: diagnoses val 0.61 in 8 epochs, procedures 0.59–0.63 in 3
        // (docs/benchmarks.md "Demo", "The classifier's learning rate").
        DIA_GROUPS_3_DIGITS_adm: { epochs: 8, classifierLr: 0.1, classWeights: false },
        // Procedures and mortality start from the encoder the diagnoses task fine-tuned: val 0.587 → 0.617 (seed 7)
        // and 0.702 → 0.730 (mean of seeds 7–9) (docs/benchmarks.md "Demo", "Diagnoses as an intermediate task").
        PRO_GROUPS_3_DIGITS_adm: { from: "DIA_GROUPS_3_DIGITS_adm", classifierLr: 0.1, classWeights: false },
        // Mortality reads whole notes: val AUROC 0.674 → 0.721 in windows that do not overlap (254 word pieces apart;
        // [CLS] and [SEP] take two of 256), the largest gain per second of the four tasks (docs/benchmarks.md "Demo").
        MP_IN_adm: { from: "DIA_GROUPS_3_DIGITS_adm", windows: { stride: 254, pool: "mean" } },
      },
    },
    bow: {},
    bootstrap: 1000,
  };
}

/**
 * The folder a task fine-tunes: the demo's encoder, or (recipe `from`) the best/ of a task fine-tuned before it in
 * `order`, whose classifier is replaced by a new one (`reinitHead`).
 */
export function taskStartModel(
  c: DemoConfig,
  task: string,
  order: readonly string[],
): { dir: string; reinitHead: boolean } {
  const from = c.fineTune.tasks[task]?.from;
  if (from === undefined) return { dir: c.encoder, reinitHead: false };
  if (!order.slice(0, order.indexOf(task)).includes(from))
    throw new PrognosError(`demo recipe: ${task} starts from ${from}, which is not fine-tuned before it`);
  return { dir: join(c.out, "runs", from, "best"), reinitHead: true };
}

/** The `prognos train` options (RunConfig fields) a task's recipe sets beyond the shared ones. */
export function taskRunFields(c: DemoConfig, task: string): Record<string, unknown> {
  const r = c.fineTune.tasks[task] ?? {};
  return {
    ...(r.epochs !== undefined ? { epochs: r.epochs } : {}),
    ...(r.classifierLr !== undefined ? { classifierLr: r.classifierLr } : {}),
    ...(r.classWeights !== undefined ? { classWeights: r.classWeights } : {}),
    ...(r.windows
      ? {
          longNotes: "windows",
          stride: r.windows.stride,
          windowPool: r.windows.pool,
          ...(r.windows.maxWindows ? { maxWindows: r.windows.maxWindows } : {}),
        }
      : {}),
  };
}

/** A task's recipe in words, for summary.md ("" when it changes nothing). */
export function describeTaskRecipe(c: DemoConfig, task: string): string {
  const r = c.fineTune.tasks[task];
  if (!r) return "";
  const parts = [
    ...(r.from !== undefined ? [`starts from ${r.from}'s fine-tuned encoder (new classifier)`] : []),
    ...(r.epochs !== undefined ? [`${r.epochs} epochs`] : []),
    ...(r.classifierLr !== undefined ? [`classifier lr ${r.classifierLr}`] : []),
    ...(r.classWeights === false ? ["no class weights"] : []),
    ...(r.windows
      ? [`whole notes in windows ${r.windows.stride} word pieces apart, the ${r.windows.pool} of their logits`]
      : []),
  ];
  return parts.length ? `${task}: ${parts.join(", ")}.` : "";
}
