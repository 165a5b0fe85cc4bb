import { availableParallelism } from "node:os";
import { PrognosError } from "../util/errors.ts";

/** Options of `prognos demo` (runDemo); every field but `out` has a default. */
export interface DemoOptions {
  /** Output folder: hospital/, tasks/, models/, runs/, summary.json, summary.md. */
  out: string;
  /** Admissions of the synthetic hospital (newborns included). Default 2,000 (quick: 600). */
  admissions?: number;
  /** Seeds the hospital, the model's initialisation, pre-training, fine-tuning and the bootstrap. Default 7. */
  seed?: number;
  /**
   * ONNX Runtime threads. Default 2 (1 on a single core): 1 and 2 threads write byte-identical weights and
   * predictions (checked), so the README's numbers come out either way; other counts are not checked.
   */
  threads?: number;
  /** Tiny sizes everywhere (for tests): about a minute. */
  quick?: boolean;
  /** Replace the demo's own files and folders in `out` when they exist (otherwise refused). */
  overwrite?: boolean;
}

/**
 * Every size and hyperparameter the demo uses. They are fixed in advance (chosen for the time budget, ~15 minutes
 * on 2 cores, never by looking at test results) and written to summary.json. The same values serve every task.
 */
export interface DemoConfig {
  out: string;
  seed: number;
  threads: number;
  quick: boolean;
  hospital: { admissions: number; otherNotes: number };
  /** The encoder trained from scratch (BERT-base-uncased vocabulary, 30,522 tokens). */
  model: {
    hidden_size: number;
    num_hidden_layers: number;
    num_attention_heads: number;
    intermediate_size: number;
    max_position_embeddings: number;
  };
  /** Masked-LM pre-training: windows of `seqLength` tokens, `steps` steps of `batchSize` windows. */
  mlm: {
    seqLength: number;
    batchSize: number;
    steps: number;
    lr: number;
    warmupSteps: number;
    weightDecay: number;
    maskRate: number;
    dropout: number;
    /** MTSamples windows kept, as a multiple of the synthetic notes' windows (the two corpora mixed 1:1). */
    mtsamplesRatio: number;
  };
  /** Fine-tuning, the same for the four tasks (the CLI's `prognos train` options). */
  fineTune: {
    maxLength: number;
    epochs: number;
    batchSize: number;
    lr: number;
    warmupSteps: number;
    weightDecay: number;
    dropout: number;
    patience: number;
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
  };
  if (quick) {
    return {
      ...common,
      model: {
        hidden_size: 32,
        num_hidden_layers: 1,
        num_attention_heads: 2,
        intermediate_size: 64,
        max_position_embeddings: 64,
      },
      mlm: {
        seqLength: 64,
        batchSize: 8,
        steps: 8,
        lr: 1e-3,
        warmupSteps: 2,
        weightDecay: 0.01,
        maskRate: 0.15,
        dropout: 0,
        mtsamplesRatio: 1,
      },
      fineTune: {
        maxLength: 64,
        epochs: 1,
        batchSize: 16,
        lr: 1e-3,
        warmupSteps: 2,
        weightDecay: 0.01,
        dropout: 0,
        patience: 1,
      },
      bow: { epochs: 2 },
      bootstrap: 100,
    };
  }
  return {
    ...common,
    model: {
      hidden_size: 128,
      num_hidden_layers: 2,
      num_attention_heads: 4,
      intermediate_size: 512,
      max_position_embeddings: 256,
    },
    mlm: {
      seqLength: 256,
      batchSize: 16,
      steps: 100,
      lr: 1e-3,
      warmupSteps: 10,
      weightDecay: 0.01,
      maskRate: 0.15,
      dropout: 0,
      mtsamplesRatio: 1,
    },
    fineTune: {
      maxLength: 256,
      epochs: 2,
      batchSize: 16,
      lr: 5e-4,
      warmupSteps: 15,
      weightDecay: 0.01,
      dropout: 0,
      patience: 2,
    },
    bow: {},
    bootstrap: 1000,
  };
}
