import { freemem } from "node:os";
import { join } from "node:path";
import type { Command } from "commander";
import { PROBLEM_TYPES } from "../../tasks/ProblemType.ts";
import { longNotePolicy, withLongNoteDefaults } from "../../training/longNotePolicy.ts";
import {
  LONG_NOTE_POLICIES,
  OPTIMIZERS,
  POOLINGS,
  parseRunConfig,
  RUN_CONFIG_FIELDS,
  type RunConfig,
  readRunConfigFields,
  SCHEDULES,
  WINDOW_POOLS,
} from "../../training/RunConfig.ts";
import { checkOutput } from "../../util/checkOutput.ts";
import { PrognosError } from "../../util/errors.ts";
import type { NumberRange } from "../../util/NumberRange.ts";
import { ProgressBar } from "../../util/ProgressBar.ts";
import { readJsonFile } from "../../util/readJsonFile.ts";
import { choiceOption, integerOption, numberOption, rangeHelp } from "../options/index.ts";

/** Numeric flags: --flag-name ↔ RunConfig's flagName, checked against RUN_CONFIG_FIELDS' range. */
const NUMBER_FLAGS = [
  ["seed", "random seed (default 42)"],
  ["lr", "peak learning rate (default 1e-5)"],
  [
    "classifier-lr",
    "peak learning rate of the classifier (classifier.*), on the same schedule (default: --lr; docs/training.md)",
  ],
  ["weight-decay", "AdamW decoupled weight decay (default 0.01; none on biases and LayerNorm weights)"],
  ["warmup-steps", "linear warm-up steps (default 5000, as the reference)"],
  ["max-steps", "optimizer steps (default: epochs × steps per epoch)"],
  ["epochs", "epochs (default 20; early stopping usually ends sooner)"],
  ["batch-size", "rows per optimizer step (default 20, by gradient accumulation)"],
  [
    "micro-batch-size",
    "rows per ONNX Runtime call (default min(batch, 8)); with windows: windows, whole notes per call",
  ],
  [
    "steps-per-call",
    "optimizer steps per ONNX Runtime call when a step is one micro-batch (default 8; the same weights at any value)",
  ],
  ["max-length", "tokens per note, [CLS]/[SEP] included; at most the model's max_position_embeddings (default 512)"],
  ["max-grad-norm", "clip gradients to this global norm; 0 = off (default 1)"],
  ["dropout", "dropout rate for hidden, attention and classifier (default: the checkpoint's)"],
  ["patience", "evaluations without dev improvement before stopping (default 10)"],
  ["eval-every", "evaluate on val every N steps (default: each epoch)"],
  ["save-every", "save resumable state every N steps (default 50)"],
  ["threads", "ONNX Runtime threads (default: all cores)"],
  ["window", "--long-notes windows: word pieces per window, [CLS]/[SEP] included (default: --max-length)"],
  ["stride", "--long-notes windows: word pieces from one window's start to the next (default: half a window)"],
  ["max-windows", "--long-notes windows: windows read per note at most, spread evenly over a longer note (default 16)"],
] as const;

const REQUIRED_OR_CONFIG = "(required, or in --config)";

/** "max-grad-norm" → "maxGradNorm": commander's option key and the RunConfig field. */
const fieldOf = (flag: string) => flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()) as keyof RunConfig;
const rangeOf = (flag: string) => (RUN_CONFIG_FIELDS[fieldOf(flag)] as { range: NumberRange }).range;

export function registerTrain(program: Command): void {
  const cmd = program
    .command("train")
    .description(
      "fine-tune a BERT checkpoint on an outcome task (CORe §4 defaults); writes best/, last/, log.jsonl, run.json",
    )
    .option("--model <dir>", `Hugging Face BERT folder to start from ${REQUIRED_OR_CONFIG}`)
    .option(
      "--task <path>",
      `task folder (Prognos), CORe's {TASK}_{train,val,test}.csv, or train/val/test.csv ${REQUIRED_OR_CONFIG}`,
    )
    .option("--out <dir>", `run folder ${REQUIRED_OR_CONFIG}`)
    .option(
      "--config <file>",
      "run.json with any of the options (flags given here override it); every field is checked, unknown fields are refused",
    )
    .option("--resume", "continue the run saved in --out (after any interruption)")
    .option("--overwrite", "replace the run in --out (its checkpoints, state, log and evaluations)")
    .option("--problem-type <type>", `${PROBLEM_TYPES.join(" | ")} (for plain folders)`)
    .option("--optimizer <name>", "adamw (default) | sgd")
    .option("--schedule <name>", "linear (default: warm-up then linear decay) | constant")
    .option("--no-shuffle", "batches in file order")
    .option("--no-class-weights", "no pos_weight / class weights")
    .option("--no-pooler", "classify the raw [CLS] state instead of BERT's pooler output")
    .option(
      "--pooling <name>",
      `what the classifier reads: ${POOLINGS.join(" | ")} (cls: the [CLS] position, default; mean / max: the mean / element-wise max of the tokens' last hidden states; label-attention: each label its own attention-weighted sum of them, new parameter classifier.attention.weight [labels, hidden], as CAML/LAAT; the last three without the pooler; docs/training.md)`,
    )
    .option(
      "--long-notes <policy>",
      `${LONG_NOTE_POLICIES.join(" | ")}: a note longer than --max-length is cut (truncate, default) or read as overlapping windows whose logits are pooled, trained end to end (docs/long-notes.md)`,
    )
    .option(
      "--window-pool <name>",
      `--long-notes windows: ${WINDOW_POOLS.join(" | ")} over a note's windows (default max)`,
    )
    .option("--reinit-head", "start a new classifier when the checkpoint's does not match the task's labels")
    .option("--json", "print the result as one JSON object");
  for (const [flag, help] of NUMBER_FLAGS) cmd.option(`--${flag} <n>`, rangeHelp(help, rangeOf(flag)));
  cmd.action(async (opts: Record<string, unknown>) => {
    const built = buildConfig(opts);
    let config = built.config;
    const { maxLengthInConfig } = built;
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
    const { describeTokenized, tokenizeExamples } = await import("../../training/tokenizeExamples.ts");
    const { Engine } = await import("../../engine/Engine.ts");
    const { FineTuner } = await import("../../training/FineTuner.ts");
    const { fineTuneData } = await import("../../training/FineTuneData.ts");
    const { macroAuroc } = await import("../../evaluation/taskScoring.ts");
    const dataset = await loadTaskDataset(config.task, { problemType: config.problemType });
    for (const w of dataset.warnings) process.stderr.write(`prognos: warning: ${w}\n`);
    for (const s of dataset.skipped)
      process.stderr.write(`prognos: skipped: ${s.split}: ${s.rows} row(s): ${s.reason}\n`);
    const checkpoint = await loadCheckpoint(config.model);
    for (const w of checkpoint.report.warnings) process.stderr.write(`prognos: warning: ${w}\n`);
    const { tokenizer, warnings } = await BertTokenizer.fromFolder(config.model);
    for (const w of warnings) process.stderr.write(`prognos: warning: ${w}\n`);
    const limit = checkpoint.config.max_position_embeddings;
    if (config.maxLength > limit && (opts.maxLength !== undefined || maxLengthInConfig)) {
      const given = opts.maxLength !== undefined ? "--max-length" : `${opts.config}: field "maxLength"`;
      throw new PrognosError(`${given} ${config.maxLength} exceeds the model's max_position_embeddings (${limit})`);
    }
    // The default (512) for a model with fewer positions: the run uses, and run.json records, the model's limit.
    const maxLength = Math.min(config.maxLength, limit);
    config.maxLength = maxLength;
    // Window, stride, pooling and cap written into the config (and so run.json) as the run uses them.
    config = withLongNoteDefaults(config);
    const policy = longNotePolicy(config);
    const train = tokenizeExamples(tokenizer, dataset.splits.train, maxLength, policy);
    const val = tokenizeExamples(tokenizer, dataset.splits.val, maxLength, policy);
    for (const [name, t] of [
      ["train", train],
      ["val", val],
    ] as const) {
      process.stderr.write(`prognos: ${name}: ${t.examples.length} rows, ${describeTokenized(t, maxLength, policy)}`);
      process.stderr.write(t.emptySkipped.length ? `, ${t.emptySkipped.length} with empty text skipped\n` : "\n");
    }
    warnIfMemoryTight(config, checkpoint.config.hidden_size, checkpoint.config.num_hidden_layers, maxLength);

    // Only now, with every input loaded, is the old run removed: a mistake above leaves it as it was.
    if (opts.overwrite && out.existing.length > 0) removeRunOutputs(config.out);
    const engine = Engine.create({ threads: config.threads });
    const tuner = new FineTuner(
      config,
      checkpoint,
      fineTuneData(dataset, train.examples, val.examples),
      engine,
      (scores, examples) => macroAuroc(dataset.labelType, dataset.labels, examples, scores),
    );
    const { warmupWarning } = await import("../../nn/lrSchedule.ts");
    const warmup = warmupWarning(config.schedule, config.lr, config.warmupSteps, tuner.plan().totalSteps);
    if (warmup) process.stderr.write(`prognos: warning: ${warmup}\n`);
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
          auroc = Number.isFinite(metric) ? metric.toFixed(4) : "undefined";
        },
        (message) => bar.message(`prognos: warning: ${message}`),
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

/**
 * The run config from --config (every field checked on its own, so a bad field is an error even where a flag
 * overrides it) and the flags (each parsed strictly, naming the flag).
 */
function buildConfig(opts: Record<string, unknown>): { config: RunConfig; maxLengthInConfig: boolean } {
  let fromFile: Partial<RunConfig> = {};
  if (typeof opts.config === "string") {
    fromFile = readRunConfigFields(readJsonFile(opts.config, "run config"), opts.config);
  }
  const fields: Record<string, unknown> = { ...fromFile };
  for (const key of ["model", "task", "out"]) {
    if (opts[key] !== undefined) fields[key] = opts[key];
  }
  if (typeof opts.problemType === "string")
    fields.problemType = choiceOption(opts.problemType, "--problem-type", PROBLEM_TYPES);
  if (typeof opts.optimizer === "string") fields.optimizer = choiceOption(opts.optimizer, "--optimizer", OPTIMIZERS);
  if (typeof opts.schedule === "string") fields.schedule = choiceOption(opts.schedule, "--schedule", SCHEDULES);
  if (typeof opts.pooling === "string") fields.pooling = choiceOption(opts.pooling, "--pooling", POOLINGS);
  if (typeof opts.longNotes === "string")
    fields.longNotes = choiceOption(opts.longNotes, "--long-notes", LONG_NOTE_POLICIES);
  if (opts.windowPool === "clinicalbert")
    throw new PrognosError(
      "--window-pool clinicalbert: ClinicalBERT pooling combines window probabilities at inference only; train with max or mean, then score with `prognos evaluate --pool clinicalbert` (docs/long-notes.md)",
    );
  if (typeof opts.windowPool === "string")
    fields.windowPool = choiceOption(opts.windowPool, "--window-pool", WINDOW_POOLS);
  for (const [flag] of NUMBER_FLAGS) {
    const value = opts[fieldOf(flag)];
    if (typeof value !== "string") continue;
    const range = rangeOf(flag);
    fields[fieldOf(flag)] = range.integer
      ? integerOption(value, `--${flag}`, range)
      : numberOption(value, `--${flag}`, range);
  }
  if (opts.shuffle === false) fields.shuffle = false;
  if (opts.classWeights === false) fields.classWeights = false;
  if (opts.pooler === false) fields.pooler = false;
  if (opts.reinitHead) fields.reinitHead = true;
  for (const required of ["model", "task", "out"]) {
    if (fields[required] === undefined) throw new PrognosError(`--${required} is required (or give it in --config)`);
  }
  const config = parseRunConfig(fields, typeof opts.config === "string" ? opts.config : "options");
  // Window options that contradict each other are refused before any work (checked again once the model's
  // length limit is known).
  longNotePolicy(config);
  return { config, maxLengthInConfig: fromFile.maxLength !== undefined };
}

/** Estimates training memory (weights, moments, activations kept for the backward pass) and warns before starting. */
function warnIfMemoryTight(c: RunConfig, hidden: number, layers: number, seq: number): void {
  // Rows per call: with windows a note with more windows than the micro-batch goes alone (docs/long-notes.md).
  const policy = longNotePolicy(c);
  const micro = Math.max(
    c.microBatchSize ?? Math.min(c.batchSize, 8),
    policy.policy === "windows" ? (policy.maxWindows ?? 1) : 1,
  );
  const heads = Math.max(1, hidden / 64);
  const activations = micro * seq * layers * (hidden * 16 + heads * seq * 3) * 4;
  // Several steps per call (no accumulation): ONNX Runtime's Loop copies the final parameters and moments once more.
  const loop = c.stepsPerCall > 1 && micro >= c.batchSize;
  const weights = 12 * layers * hidden * hidden * 4 * (loop ? 8 : 5);
  const need = activations + weights;
  if (need > 0.7 * freemem()) {
    process.stderr.write(
      `prognos: warning: this run may need ~${(need / 2 ** 30).toFixed(1)} GiB, ${(freemem() / 2 ** 30).toFixed(1)} GiB are free; lower --micro-batch-size or --max-length${loop ? " (or --steps-per-call 1)" : ""}\n`,
    );
  }
}
