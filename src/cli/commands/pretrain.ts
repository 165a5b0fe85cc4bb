import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { BUNDLED_HEADING_LISTS } from "../../tasks/pretraining/headingLists.ts";
import { NOTE_SOURCE_HELP } from "../../tasks/pretraining/readNoteSources.ts";
import {
  PAIRINGS,
  PRETRAIN_CONFIG_FIELDS,
  type PretrainConfig,
  parsePretrainConfig,
  readPretrainConfigFields,
} from "../../training/pretraining/PretrainConfig.ts";
import { SCHEDULES } from "../../training/RunConfig.ts";
import { checkOutput } from "../../util/checkOutput.ts";
import { PrognosError } from "../../util/errors.ts";
import type { NumberRange } from "../../util/NumberRange.ts";
import { ProgressBar } from "../../util/ProgressBar.ts";
import { readJsonFile } from "../../util/readJsonFile.ts";
import { writing } from "../../util/writeError.ts";
import { choiceOption, integerOption, numberOption, rangeHelp } from "../options/index.ts";
import { phasedProgress } from "../phasedProgress.ts";

/** Numeric flags: --flag-name ↔ PretrainConfig's field, checked against PRETRAIN_CONFIG_FIELDS' range. */
const NUMBER_FLAGS = [
  ["seed", "seed", "random seed of samples, masks, dropout and new heads (default 42)"],
  ["lr", "lr", "peak learning rate (default 1e-5, as the reference)"],
  ["weight-decay", "weightDecay", "AdamW decoupled weight decay (default 0.01; none on biases and LayerNorm weights)"],
  ["warmup-steps", "warmupSteps", "linear warm-up steps (default 5000, as the reference)"],
  ["epochs", "epochs", "epochs (samples are rebuilt every epoch); default 3 when no --steps or --max-tokens"],
  ["steps", "maxSteps", "optimizer steps"],
  ["max-tokens", "maxTokens", "stop once this many tokens were trained on (special tokens counted, padding not)"],
  ["batch-size", "batchSize", "examples per optimizer step (default 20, by gradient accumulation)"],
  ["micro-batch-size", "microBatchSize", "examples per ONNX Runtime call (default min(batch, 8))"],
  [
    "steps-per-call",
    "stepsPerCall",
    "optimizer steps per ONNX Runtime call when a step is one micro-batch (default 1; the same weights at any value)",
  ],
  ["max-seq-length", "maxSeqLength", "tokens per example, [CLS]/[SEP] included (default 512; at most the model's)"],
  ["admission-chunk", "admissionChunk", "largest admission chunk in word pieces (default 384, as the reference)"],
  ["outcome-chunk", "outcomeChunk", "largest outcome chunk in word pieces (default 128, as the reference)"],
  ["min-chunk", "minChunk", "smallest chunk size drawn (default 30, as the reference)"],
  ["mask-rate", "maskRate", "share of tokens masked-LM predicts (default 0.15)"],
  ["max-grad-norm", "maxGradNorm", "clip gradients to this global norm; 0 = off (default 1)"],
  ["dropout", "dropout", "hidden and attention dropout (default: the checkpoint's)"],
  ["val-fraction", "valFraction", "share of documents held out for the validation loss (default 0.02; 0 = none)"],
  ["eval-every", "evalEvery", "validation loss every N steps (default 500, as the reference)"],
  ["patience", "patience", "stop after N validations without a lower loss (default: never, for equal budgets)"],
  ["save-every", "saveEvery", "save resumable state every N steps (default 50)"],
  [
    "split-seed",
    "splitSeed",
    "MIMIC-IV: the --seed the tasks were built with (default 123), so their val/test patients stay out",
  ],
  ["threads", "threads", "ONNX Runtime threads (default: all cores)"],
] as const;

/** What `prognos pretrain` writes in --out (corpus.json besides the run folder of `prognos train`). */
const PRETRAIN_OUTPUTS = ["run.json", "log.jsonl", "state", "state.old", "best", "last", "corpus.json"] as const;

const rangeOf = (field: keyof PretrainConfig) => (PRETRAIN_CONFIG_FIELDS[field] as { range: NumberRange }).range;

export function registerPretrain(program: Command): void {
  const pretrain = program
    .command("pretrain")
    .description("pre-train a BERT encoder on notes: CORe's clinical outcome objective (core) or masked-LM (mlm)");
  for (const objective of ["core", "mlm"] as const) {
    const cmd = pretrain
      .command(objective)
      .description(
        objective === "core"
          ? "CORe's outcome pre-training: does this outcome chunk belong to this admission chunk? (next-sentence head; --mlm adds masked-LM); writes a BertForPreTraining folder"
          : "masked-LM pre-training on the same documents (admission and outcome parts as one text); writes a BertForMaskedLM folder",
      )
      .option("--from <dir>", "Hugging Face BERT folder to start from (required, or in --config)")
      .option("--notes <sources...>", `note sources (required, or in --config): ${NOTE_SOURCE_HELP}`)
      .option(
        "--out <dir>",
        "run folder: best/, last/, state/, log.jsonl, run.json, corpus.json (required, or in --config)",
      )
      .option("--config <file>", "run.json with any of the options (flags given here override it)")
      .option("--resume", "continue the run saved in --out (after any interruption)")
      .option("--overwrite", "replace the run in --out")
      .option("--schedule <name>", `${SCHEDULES.join(" | ")} (default linear: warm-up then linear decay)`)
      .option(
        "--headings <lists>",
        `heading lists for text:DIR notes: ${BUNDLED_HEADING_LISTS.join(", ")}, mimic (MIMIC's discharge-summary sections), or ADMISSION_FILE,OUTCOME_FILE (default mtsamples)`,
      )
      .option(
        "--all-patients",
        "MIMIC sources: every patient, not only the tasks' training split (a hospital of other patients)",
      )
      .option("--memory-limit <size>", "DuckDB's memory limit while reading MIMIC notes (default 1GB)")
      .option("--json", "print the result as one JSON object");
    if (objective === "core") {
      cmd
        .option("--mlm", "add masked-LM on the same pairs (its loss added, as BertForPreTraining)")
        .option(
          "--pairing <name>",
          `${PAIRINGS.join(" | ")}: admission and outcome chunks one to one (default, as the reference) or every pair`,
        );
    }
    for (const [flag, field, help] of NUMBER_FLAGS) cmd.option(`--${flag} <n>`, rangeHelp(help, rangeOf(field)));
    cmd.action((opts: Record<string, unknown>) => runPretrain(objective, opts));
  }
}

/** The config from --config and the flags, and whether --max-seq-length was given (not the default). */
function buildConfig(
  objective: "core" | "mlm",
  opts: Record<string, unknown>,
): { config: PretrainConfig; maxSeqLengthGiven: boolean } {
  const fields: Record<string, unknown> =
    typeof opts.config === "string"
      ? readPretrainConfigFields(readJsonFile(opts.config, "run config"), opts.config)
      : {};
  if (fields.objective !== undefined && fields.objective !== objective) {
    throw new PrognosError(
      `${opts.config}: field "objective" is "${fields.objective}"; use \`prognos pretrain ${fields.objective}\``,
    );
  }
  fields.objective = objective;
  for (const key of ["from", "out", "headings"]) if (typeof opts[key] === "string") fields[key] = opts[key];
  if (Array.isArray(opts.notes)) fields.notes = opts.notes;
  if (typeof opts.schedule === "string") fields.schedule = choiceOption(opts.schedule, "--schedule", SCHEDULES);
  if (typeof opts.pairing === "string") fields.pairing = choiceOption(opts.pairing, "--pairing", PAIRINGS);
  for (const [flag, field] of NUMBER_FLAGS) {
    // commander's key for --max-tokens is maxTokens, for --steps steps.
    const key = flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    const value = opts[key];
    if (typeof value !== "string") continue;
    const range = rangeOf(field);
    fields[field] = range.integer ? integerOption(value, `--${flag}`, range) : numberOption(value, `--${flag}`, range);
  }
  if (opts.mlm) fields.mlm = true;
  if (opts.allPatients) fields.allPatients = true;
  if (objective === "mlm" && fields.mlm)
    throw new PrognosError(`${opts.config}: field "mlm" is for \`prognos pretrain core\``);
  for (const required of ["from", "notes", "out"]) {
    if (fields[required] === undefined) throw new PrognosError(`--${required} is required (or give it in --config)`);
  }
  const maxSeqLengthGiven = fields.maxSeqLength !== undefined;
  const config = parsePretrainConfig(fields, typeof opts.config === "string" ? opts.config : "options");
  if (config.minChunk > Math.min(config.admissionChunk, config.outcomeChunk)) {
    throw new PrognosError(
      `--min-chunk ${config.minChunk} is larger than --admission-chunk ${config.admissionChunk} or --outcome-chunk ${config.outcomeChunk}`,
    );
  }
  return { config, maxSeqLengthGiven };
}

async function runPretrain(objective: "core" | "mlm", opts: Record<string, unknown>): Promise<void> {
  const { config, maxSeqLengthGiven } = buildConfig(objective, opts);
  if (opts.resume && opts.overwrite) throw new PrognosError("--resume and --overwrite: give one of them");
  const out = checkOutput({
    path: config.out,
    kind: "folder",
    holds: PRETRAIN_OUTPUTS,
    what: "a run",
    overwrite: opts.overwrite === true,
    resume: opts.resume === true,
  });
  const { loadCheckpoint } = await import("../../checkpoint/Checkpoint.ts");
  const { BertTokenizer } = await import("../../tokenizer/BertTokenizer.ts");
  const { preparePretrainData } = await import("../../training/pretraining/preparePretrainData.ts");
  const { Pretrainer } = await import("../../training/pretraining/Pretrainer.ts");
  const { Engine } = await import("../../engine/Engine.ts");
  const { removeRunOutputs } = await import("../../training/runOutputs.ts");
  const { warmupWarning } = await import("../../nn/lrSchedule.ts");
  const say = (line: string) => process.stderr.write(`prognos: ${line}\n`);

  const checkpoint = await loadCheckpoint(config.from);
  for (const w of checkpoint.report.warnings) say(`warning: ${w}`);
  const { tokenizer, warnings } = await BertTokenizer.fromFolder(config.from);
  for (const w of warnings) say(`warning: ${w}`);
  const limit = checkpoint.config.max_position_embeddings;
  if (config.maxSeqLength > limit && maxSeqLengthGiven) {
    throw new PrognosError(
      `--max-seq-length ${config.maxSeqLength} exceeds the model's max_position_embeddings (${limit})`,
    );
  }
  config.maxSeqLength = Math.min(config.maxSeqLength, limit);

  const reading = phasedProgress("notes", say);
  const { data, report } = await preparePretrainData(config, tokenizer, {
    memoryLimit: typeof opts.memoryLimit === "string" ? opts.memoryLimit : undefined,
    onPhase: reading.onPhase,
    onProgress: reading.onProgress,
  });
  reading.stop();
  for (const s of report.sources) {
    say(`${s.source}: ${s.documents} documents from ${s.read} read (${s.description})`);
    for (const k of s.skipped) say(`  skipped: ${k.count} ${k.reason}`);
  }
  for (const k of report.skipped) say(`skipped: ${k.count} documents: ${k.reason}`);
  say(
    `corpus: ${report.train} training documents (${(report.trainPieces / 1e6).toFixed(2)} M word pieces), ${report.val} for validation`,
  );

  if (opts.overwrite && out.existing.length > 0) {
    removeRunOutputs(config.out);
    rmSync(join(config.out, "corpus.json"), { force: true });
  }
  const engine = Engine.create({ threads: config.threads });
  const trainer = new Pretrainer(config, checkpoint, data, engine);
  const plan = trainer.plan();
  writing(config.out, () => mkdirSync(config.out, { recursive: true }));
  writing(config.out, () =>
    writeFileSync(
      join(config.out, "corpus.json"),
      `${JSON.stringify({ ...report, plan: { steps: plan.totalSteps, tokens: plan.totalTokens, epochSteps: plan.epochSteps } }, null, 2)}\n`,
    ),
  );
  say(
    `plan: ${plan.totalSteps} steps (${plan.epochSteps.length} epoch${plan.epochSteps.length === 1 ? "" : "s"}), ` +
      `${plan.totalTokens} tokens, ${data.train.count(0)} examples in the first epoch`,
  );
  const warmup = warmupWarning(config.schedule, config.lr, config.warmupSteps, plan.totalSteps);
  if (warmup) say(`warning: ${warmup}`);
  const bar = new ProgressBar({ label: `pretrain ${objective}`, unit: "steps" });
  bar.start(plan.totalSteps);
  let val = "-";
  try {
    const counters = await trainer.run(
      (e) => {
        const parts = [`loss ${e.loss.toFixed(4)}`];
        if (e.nspAccuracy !== undefined) parts.push(`outcome acc ${e.nspAccuracy.toFixed(2)}`);
        parts.push(
          `${(e.tokens / 1e6).toFixed(2)} M tokens`,
          `${e.tokensPerSecond.toFixed(0)} tok/s`,
          `val loss ${val}`,
        );
        bar.update(e.step, parts.join(" | "));
      },
      (e) => {
        val = e.loss.toFixed(4);
      },
      (message) => bar.message(`prognos: ${message}`),
    );
    bar.stop();
    const result = {
      out: config.out,
      best: join(config.out, "best"),
      last: join(config.out, "last"),
      objective: config.objective === "core" ? (config.mlm ? "core+mlm" : "core") : "mlm",
      steps: counters.step,
      tokens: counters.tokens,
      best_step: counters.bestStep,
      best_val_loss: counters.bestLoss,
      documents: { train: report.train, val: report.val },
    };
    if (opts.json) process.stdout.write(`${JSON.stringify(result)}\n`);
    else
      process.stdout.write(
        `pre-trained ${counters.step} steps on ${counters.tokens} tokens; best validation loss ${counters.bestLoss?.toFixed(4) ?? "-"} at step ${counters.bestStep ?? "-"}\n` +
          `  best: ${result.best}\n  last: ${result.last}\n  next: npx prognos train --model ${result.best} --task TASK --out RUN\n`,
      );
  } finally {
    bar.stop();
    await engine.release();
  }
}
