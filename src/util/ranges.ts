import type { NumberRange } from "./NumberRange.ts";

/**
 * The accepted range of every numeric option and run-config field, in one table: the commands check their flags
 * against it before any work, RunConfig checks config files against it, and --help and docs/ state it. Maxima are
 * there to catch typos (99999999999) before hours of work or gigabytes of output, set well above what is useful.
 */
export const RANGES = {
  /** Seeds go into string hashes, so any integer JavaScript holds exactly. */
  seed: { integer: true, min: 0, max: Number.MAX_SAFE_INTEGER },
  /** ONNX Runtime intra-op threads. */
  threads: { integer: true, min: 1, max: 1024 },
  /** train --steps-per-call: optimizer steps per ONNX Runtime call. */
  stepsPerCall: { integer: true, min: 1, max: 1024 },
  /** Rows per step or per ONNX Runtime call. */
  batchSize: { integer: true, min: 1, max: 65_536 },
  /** `serve --port` (0: any free port). */
  port: { integer: true, min: 0, max: 65_535 },
  /** `serve --max-body`: request body bytes. */
  maxBody: { integer: true, min: 1024, max: 1_073_741_824 },
  /** `serve --max-queue`: notes waiting. */
  maxQueue: { integer: true, min: 1, max: 10_000_000 },
  /** `predict --explain --steps`: integrated-gradients interpolation steps. */
  igSteps: { integer: true, min: 1, max: 4096 },
  /** `predict --top`: labels shown per note beside the predicted ones. */
  top: { integer: true, min: 1, max: 100_000 },
  /** Bootstrap resamples for 95% intervals; 0 = none. */
  bootstrap: { integer: true, min: 0, max: 100_000 },
  epochs: { integer: true, min: 1, max: 10_000 },
  /** Evaluations (train) or epochs (baseline) without improvement before stopping. */
  patience: { integer: true, min: 1, max: 1_000_000 },
  /** Optimizer steps: --max-steps, --eval-every, --save-every. */
  steps: { integer: true, min: 1, max: 10_000_000 },
  warmupSteps: { integer: true, min: 0, max: 10_000_000 },
  learningRate: { min: 0, exclusiveMin: true },
  weightDecay: { min: 0 },
  /** Gradient clipping by global norm; 0 = off. */
  maxGradNorm: { min: 0 },
  dropout: { min: 0, max: 0.99 },
  /** Tokens per text, [CLS]/[SEP] included, for a model (train, embed): the model's own limit is checked too. */
  maxLength: { integer: true, min: 2, max: 8192 },
  /** train --window: word pieces per window, [CLS]/[SEP] included (at most the run's max length, checked too). */
  window: { integer: true, min: 3, max: 8192 },
  /** train --stride: word pieces between the starts of consecutive windows (at most window − 2, checked too). */
  stride: { integer: true, min: 1, max: 8192 },
  /** train --max-windows: windows read per note at most. */
  maxWindows: { integer: true, min: 1, max: 4096 },
  /** vocab train --vocab-size: entries of a trained WordPiece vocabulary (BERT-base has 30,522). */
  vocabSize: { integer: true, min: 8, max: 1_000_000 },
  /** vocab train --min-frequency: occurrences a pair needs to be merged. */
  minFrequency: { integer: true, min: 1, max: 1_000_000_000 },
  /** `tokenize` runs no model: long enough for any note. */
  tokenizeMaxLength: { integer: true, min: 2, max: 1_000_000 },
  /** synth mimic3: 58,000 admissions take about 2 minutes and 1.1 GB on 2 cores (docs/synthetic-hospital.md). */
  admissions: { integer: true, min: 1, max: 10_000_000 },
  /** synth mimic3 (at most the admissions) and synth ehr: 1M EHR patients take 9 minutes and 13 GB (OMOP). */
  patients: { integer: true, min: 1, max: 10_000_000 },
  /** synth mimic3 --other-notes: MIMIC-III's ratio (34.3 per admission) at 10M admissions is 343M. */
  otherNotes: { integer: true, min: 0, max: 400_000_000 },
  /** synth ehr: each kind of bad row needs 72 patients to host it. */
  badInputEvery: { integer: true, min: 72, max: 10_000_000 },
  /** demo: 2,000 admissions take 4–5 minutes on 2 cores (9½ on a slower machine; docs/benchmarks.md "Demo"). */
  demoAdmissions: { integer: true, min: 50, max: 100_000 },
  /** ehr build: the most recent N codes per patient (Med-BERT's 512-position limit). */
  maxCodes: { integer: true, min: 1, max: 512 },
  /** ehr build: vocabulary minimum count on the train split. */
  minCount: { integer: true, min: 1, max: 1_000_000_000 },
  /** baseline bow: drop terms in fewer training documents than this count (or a fraction of them in (0, 1)). */
  minDf: { integer: true, min: 1, max: 1_000_000_000 },
  /** init-model, ehr pretrain, ehr train: hidden size, layers, heads, feed-forward size, positions of a new BERT or
   * Med-BERT (BERT-large is 1024/24/16/4096/512). */
  hiddenSize: { integer: true, min: 2, max: 8192 },
  layers: { integer: true, min: 1, max: 128 },
  heads: { integer: true, min: 1, max: 256 },
  intermediateSize: { integer: true, min: 1, max: 65_536 },
  maxPositions: { integer: true, min: 2, max: 8192 },
  /** ehr pretrain --mask rate: the share of codes chosen for prediction. */
  maskRate: { min: 0, exclusiveMin: true, max: 0.99 },
  /** baseline bow: vocabulary size. */
  maxFeatures: { integer: true, min: 1, max: 10_000_000 },
  /** score submit --chunk: notes per queued job. */
  chunk: { integer: true, min: 1, max: 1_000_000 },
  /** score submit --attempts: tries of a job before it is reported failed. */
  attempts: { integer: true, min: 1, max: 100 },
  /** worker --concurrency: jobs at once in one worker process. */
  concurrency: { integer: true, min: 1, max: 256 },
  /** worker --lock-duration: milliseconds a job's lock lasts between renewals. */
  lockDuration: { integer: true, min: 1000, max: 3_600_000 },
  /** score wait --timeout: seconds (0: no limit). */
  waitTimeout: { integer: true, min: 0, max: 30 * 86_400 },
} as const satisfies Record<string, NumberRange>;
