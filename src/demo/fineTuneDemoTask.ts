import { rmSync } from "node:fs";
import { join } from "node:path";
import { loadCheckpoint } from "../checkpoint/Checkpoint.ts";
import type { Engine } from "../engine/Engine.ts";
import { evaluateRun } from "../evaluation/evaluateRun.ts";
import type { MetricsReport } from "../evaluation/MetricsReport.ts";
import type { IdentifiedPredictions } from "../evaluation/predictionsCsv.ts";
import { macroAuroc } from "../evaluation/taskScoring.ts";
import type { TaskDataset } from "../tasks/dataset/TaskDataset.ts";
import { BertTokenizer } from "../tokenizer/BertTokenizer.ts";
import { fineTuneData } from "../training/FineTuneData.ts";
import { FineTuner } from "../training/FineTuner.ts";
import { longNotePolicy, withLongNoteDefaults } from "../training/longNotePolicy.ts";
import { parseRunConfig } from "../training/RunConfig.ts";
import { describeTokenized, tokenizeExamples } from "../training/tokenizeExamples.ts";
import { type DemoConfig, taskRunFields } from "./DemoConfig.ts";
import type { DemoReporter } from "./DemoReporter.ts";

/** What the demo keeps of one model's run on one task. */
export interface DemoModelResult {
  /** Run folder (checkpoints or model files). */
  dir: string;
  /** Test split: the metrics, the scored rows, and the files holding them. */
  metrics: MetricsReport;
  set: IdentifiedPredictions;
  files: { metrics: string; predictions: string; report: string };
  /** Best val macro AUROC (the early-stopping metric) and where it was reached. */
  valMacroAuroc: number | null;
  detail: Record<string, unknown>;
  seconds: number;
}

const fmt = (x: number | null | undefined) => (x === null || x === undefined ? "n/a" : x.toFixed(4));

/**
 * Fine-tunes the demo's encoder (or, per the task's recipe, another task's fine-tuned encoder) on one task, as
 * `prognos train` does (a new classifier on the pooled tokens
 * (DemoConfig's pooling), class weights, AdamW, linear warm-up and decay, val macro AUROC early stopping, best/ kept;
 * what DemoConfig's fineTune.tasks lists for the task replaces the shared recipe: epochs, the classifier's rate,
 * class weights, whole notes), then evaluates the best
 * checkpoint on the test split as `prognos evaluate` does (`<run>/eval-test/`, reading notes as the head says). The resumable state/ folder
 * is removed once the run has finished: the demo does not resume.
 */
export async function fineTuneDemoTask(
  cfg: DemoConfig,
  dataset: TaskDataset,
  start: { dir: string; reinitHead: boolean },
  engine: Engine,
  reporter: DemoReporter,
): Promise<DemoModelResult> {
  const t0 = Date.now();
  const dir = join(cfg.out, "runs", dataset.name);
  const f = cfg.fineTune;
  const modelDir = start.dir;
  const parsed = parseRunConfig(
    {
      model: modelDir,
      reinitHead: start.reinitHead,
      task: dataset.folder,
      out: dir,
      seed: cfg.seed,
      lr: f.lr,
      warmupSteps: f.warmupSteps,
      weightDecay: f.weightDecay,
      epochs: f.epochs,
      batchSize: f.batchSize,
      microBatchSize: f.batchSize,
      maxLength: f.maxLength,
      dropout: f.dropout,
      patience: f.patience,
      pooling: f.pooling,
      threads: cfg.threads,
      ...taskRunFields(cfg, dataset.name),
    },
    "prognos demo",
  );
  const checkpoint = await loadCheckpoint(modelDir);
  const { tokenizer } = await BertTokenizer.fromFolder(modelDir);
  const maxLength = Math.min(parsed.maxLength, checkpoint.config.max_position_embeddings);
  // Window, stride, pooling and cap written into run.json and the head as the run uses them (as `prognos train`).
  const config = withLongNoteDefaults({ ...parsed, maxLength });
  const policy = longNotePolicy(config);
  const train = tokenizeExamples(tokenizer, dataset.splits.train, maxLength, policy);
  const val = tokenizeExamples(tokenizer, dataset.splits.val, maxLength, policy);
  const skipped = train.emptySkipped.length + val.emptySkipped.length;
  reporter.note(
    `${dataset.name}: train ${train.examples.length} rows (${describeTokenized(train, maxLength, policy)}), val ${val.examples.length}` +
      (skipped ? `, ${skipped} with empty text skipped` : ""),
  );
  const tuner = new FineTuner(
    config,
    checkpoint,
    fineTuneData(dataset, train.examples, val.examples),
    engine,
    (scores, examples) => macroAuroc(dataset.labelType, dataset.labels, examples, scores),
  );
  const bar = reporter.bar("fine-tune", tuner.plan().totalSteps, "steps");
  let loss = "";
  let dev = "";
  const counters = await tuner.run(
    (e) => {
      loss = `loss ${e.loss.toFixed(4)}, ${e.tokensPerSecond.toFixed(0)} tok/s`;
      bar.update(e.step, `${loss}${dev}`);
    },
    (step, metric) => {
      dev = `, val AUROC ${fmt(metric)}`;
      bar.update(step, `${loss}${dev}`);
    },
    (message) => reporter.note(`warning: ${message}`),
  );
  bar.stop();
  rmSync(join(dir, "state"), { recursive: true, force: true });
  const scoring = reporter.bar("test", dataset.splits.test.length, "rows");
  const evaluation = await evaluateRun(dir, "test", {
    engine,
    bootstrap: cfg.bootstrap,
    seed: cfg.seed,
    onProgress: (done) => scoring.update(done),
  });
  scoring.stop();
  return {
    dir,
    metrics: evaluation.metrics,
    set: evaluation.set,
    files: evaluation.files,
    valMacroAuroc: counters.bestMetric,
    detail: { steps: counters.step, bestStep: counters.bestStep, trainRows: train.examples.length },
    seconds: (Date.now() - t0) / 1000,
  };
}
