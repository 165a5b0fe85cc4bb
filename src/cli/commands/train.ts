import { readFileSync } from "node:fs";
import { freemem } from "node:os";
import { join } from "node:path";
import type { Command } from "commander";
import type { RunConfig } from "../../training/RunConfig.ts";
import { checkOutput } from "../../util/checkOutput.ts";
import { PrognosError } from "../../util/errors.ts";
import { ProgressBar } from "../../util/ProgressBar.ts";

/** CLI flag → RunConfig field, and how to read its value. */
const NUMERIC: Record<string, keyof RunConfig> = {
  seed: "seed",
  lr: "lr",
  weightDecay: "weightDecay",
  warmupSteps: "warmupSteps",
  maxSteps: "maxSteps",
  epochs: "epochs",
  batchSize: "batchSize",
  microBatchSize: "microBatchSize",
  maxLength: "maxLength",
  maxGradNorm: "maxGradNorm",
  dropout: "dropout",
  patience: "patience",
  evalEvery: "evalEvery",
  saveEvery: "saveEvery",
  threads: "threads",
};

export function registerTrain(program: Command): void {
  const cmd = program
    .command("train")
    .description(
      "fine-tune a BERT checkpoint on an outcome task (CORe §4 defaults); writes best/, last/, log.jsonl, run.json",
    )
    .option("--model <dir>", "Hugging Face BERT folder to start from")
    .option("--task <path>", "task folder (Prognos), CORe's {TASK}_{train,val,test}.csv, or train/val/test.csv")
    .option("--out <dir>", "run folder")
    .option("--config <file>", "run.json with every option (flags given here override it)")
    .option("--resume", "continue the run saved in --out (after any interruption)")
    .option("--overwrite", "replace the run in --out (its checkpoints, state, log and evaluations)")
    .option("--problem-type <type>", "multi_label_classification | single_label_classification (for plain folders)")
    .option("--optimizer <name>", "adamw (default) | sgd")
    .option("--schedule <name>", "linear (default: warm-up then linear decay) | constant")
    .option("--no-shuffle", "batches in file order")
    .option("--no-class-weights", "no pos_weight / class weights")
    .option("--no-pooler", "classify the raw [CLS] state instead of BERT's pooler output")
    .option("--reinit-head", "start a new classifier when the checkpoint's does not match the task's labels")
    .option("--json", "print the result as one JSON object");
  for (const [flag, help] of [
    ["seed", "random seed (default 42)"],
    ["lr", "peak learning rate (default 1e-5)"],
    ["weight-decay", "AdamW decoupled weight decay (default 0.01; none on biases and LayerNorm weights)"],
    ["warmup-steps", "linear warm-up steps (default 5000, as the reference)"],
    ["max-steps", "optimizer steps (default: epochs × steps per epoch)"],
    ["epochs", "epochs (default 20; early stopping usually ends sooner)"],
    ["batch-size", "rows per optimizer step (default 20, by gradient accumulation)"],
    ["micro-batch-size", "rows per ONNX Runtime call (default min(batch, 8))"],
    ["max-length", "tokens per note, [CLS]/[SEP] included (default 512)"],
    ["max-grad-norm", "clip gradients to this global norm; 0 = off (default 1)"],
    ["dropout", "dropout rate for hidden, attention and classifier (default: the checkpoint's)"],
    ["patience", "evaluations without dev improvement before stopping (default 10)"],
    ["eval-every", "evaluate on val every N steps (default: each epoch)"],
    ["save-every", "save resumable state every N steps (default 50)"],
    ["threads", "ONNX Runtime threads (default: all cores)"],
  ] as const) {
    cmd.option(`--${flag} <n>`, help);
  }
  cmd.action(async (opts: Record<string, unknown>) => {
    const { parseRunConfig } = await import("../../training/RunConfig.ts");
    const config = buildConfig(opts, parseRunConfig);
    if (opts.resume && opts.overwrite) throw new PrognosError("--resume and --overwrite: give one of them");
    // A fresh run in a folder holding another run would silently continue or mix with it: refused, with or
    // without --config, unless --resume or --overwrite says which.
    const { RUN_OUTPUTS, removeRunOutputs } = await import("../../training/runOutputs.ts");
    const out = checkOutput({
      path: config.out,
      kind: "folder",
      holds: RUN_OUTPUTS,
      what: "a run",
      overwrite: opts.overwrite === true,
      resume: opts.resume === true,
    });
    const { loadTaskDataset } = await import("../../tasks/dataset/loadTaskDataset.ts");
    const { loadCheckpoint } = await import("../../checkpoint/Checkpoint.ts");
    const { BertTokenizer } = await import("../../tokenizer/BertTokenizer.ts");
    const { tokenizeExamples } = await import("../../training/tokenizeExamples.ts");
    const { Engine } = await import("../../engine/Engine.ts");
    const { FineTuner } = await import("../../training/FineTuner.ts");
    const { macroAuroc } = await import("../../training/taskScoring.ts");
    const dataset = await loadTaskDataset(config.task, { problemType: config.problemType });
    for (const w of dataset.warnings) process.stderr.write(`prognos: warning: ${w}\n`);
    for (const s of dataset.skipped)
      process.stderr.write(`prognos: skipped: ${s.split}: ${s.rows} row(s): ${s.reason}\n`);
    const checkpoint = await loadCheckpoint(config.model);
    for (const w of checkpoint.report.warnings) process.stderr.write(`prognos: warning: ${w}\n`);
    const { tokenizer, warnings } = await BertTokenizer.fromFolder(config.model);
    for (const w of warnings) process.stderr.write(`prognos: warning: ${w}\n`);
    const maxLength = Math.min(config.maxLength, checkpoint.config.max_position_embeddings);
    const train = tokenizeExamples(tokenizer, dataset.splits.train, maxLength);
    const val = tokenizeExamples(tokenizer, dataset.splits.val, maxLength);
    for (const [name, t] of [
      ["train", train],
      ["val", val],
    ] as const) {
      process.stderr.write(
        `prognos: ${name}: ${t.examples.length} rows, ${t.truncated} truncated to ${maxLength} tokens`,
      );
      process.stderr.write(t.emptySkipped.length ? `, ${t.emptySkipped.length} with empty text skipped\n` : "\n");
    }
    warnIfMemoryTight(config, checkpoint.config.hidden_size, checkpoint.config.num_hidden_layers, maxLength);

    // Only now, with every input loaded, is the old run removed: a mistake above leaves it as it was.
    if (opts.overwrite && out.existing.length > 0) removeRunOutputs(config.out);
    const engine = Engine.create({ threads: config.threads });
    const tuner = new FineTuner(
      config,
      checkpoint,
      { problemType: dataset.problemType, labels: dataset.labels, train: train.examples, val: val.examples },
      engine,
      (scores, examples) => macroAuroc(dataset.labelType, dataset.labels, examples, scores),
    );
    const bar = new ProgressBar({ label: "train", unit: "steps" });
    bar.start(tuner.plan().totalSteps);
    let auroc = "-";
    try {
      const counters = await tuner.run(
        (e) =>
          bar.update(
            e.step,
            `loss ${e.loss.toFixed(4)} | ${e.tokensPerSecond.toFixed(0)} tok/s | dev macro AUROC ${auroc}`,
          ),
        (_, metric) => {
          auroc = metric.toFixed(4);
        },
      );
      bar.stop();
      const result = {
        out: config.out,
        best: join(config.out, "best"),
        last: join(config.out, "last"),
        steps: counters.step,
        best_step: counters.bestStep,
        best_val_macro_auroc: counters.bestMetric,
        labels: dataset.labels.length,
        problem_type: dataset.problemType,
      };
      if (opts.json) process.stdout.write(`${JSON.stringify(result)}\n`);
      else
        process.stdout.write(
          `trained ${counters.step} steps; best dev macro AUROC ${counters.bestMetric?.toFixed(4)} at step ${counters.bestStep}\n  best checkpoint: ${result.best}\n  last checkpoint: ${result.last}\n  next: npx prognos evaluate ${config.out} --split test\n`,
        );
    } finally {
      bar.stop();
      await engine.release();
    }
  });
}

function buildConfig(
  opts: Record<string, unknown>,
  parseRunConfig: (raw: unknown, source: string) => RunConfig,
): RunConfig {
  let raw: Record<string, unknown> = {};
  if (typeof opts.config === "string") {
    try {
      raw = JSON.parse(readFileSync(opts.config, "utf8"));
    } catch (e) {
      throw new PrognosError(`${opts.config}: cannot read the run config: ${(e as Error).message}`);
    }
  }
  for (const key of ["model", "task", "out", "problemType", "optimizer", "schedule"]) {
    if (opts[key] !== undefined) raw[key] = opts[key];
  }
  for (const [key, field] of Object.entries(NUMERIC)) {
    if (opts[key] === undefined) continue;
    const n = Number(opts[key]);
    if (!Number.isFinite(n))
      throw new PrognosError(
        `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} must be a number, got ${JSON.stringify(opts[key])}`,
      );
    raw[field] = n;
  }
  if (opts.shuffle === false) raw.shuffle = false;
  if (opts.classWeights === false) raw.classWeights = false;
  if (opts.pooler === false) raw.pooler = false;
  if (opts.reinitHead) raw.reinitHead = true;
  for (const required of ["model", "task", "out"]) {
    if (raw[required] === undefined) throw new PrognosError(`--${required} is required (or give it in --config)`);
  }
  return parseRunConfig(raw, typeof opts.config === "string" ? opts.config : "options");
}

/** Estimates training memory (weights, moments, activations kept for the backward pass) and warns before starting. */
function warnIfMemoryTight(c: RunConfig, hidden: number, layers: number, seq: number): void {
  const micro = c.microBatchSize ?? Math.min(c.batchSize, 8);
  const heads = Math.max(1, hidden / 64);
  const activations = micro * seq * layers * (hidden * 16 + heads * seq * 3) * 4;
  const weights = 12 * layers * hidden * hidden * 4 * 5;
  const need = activations + weights;
  if (need > 0.7 * freemem()) {
    process.stderr.write(
      `prognos: warning: this run may need ~${(need / 2 ** 30).toFixed(1)} GiB, ${(freemem() / 2 ** 30).toFixed(1)} GiB are free; lower --micro-batch-size or --max-length\n`,
    );
  }
}
