import type { Command } from "commander";
import { PrognosError } from "../../util/errors.ts";
import type { NumberRange } from "../../util/NumberRange.ts";
import { RANGES } from "../../util/ranges.ts";
import { choiceOption, integerOption, numberOption, rangeHelp } from "../options/index.ts";

const NER_TRAIN_FLAGS: Array<[string, string, NumberRange, string]> = [
  ["seed", "seed", RANGES.seed, "seed of window order, dropout and the new head (default 42)"],
  ["lr", "lr", RANGES.learningRate, "peak learning rate (default 5e-5)"],
  ["warmup-steps", "warmupSteps", RANGES.warmupSteps, "linear warm-up steps (default 0)"],
  ["weight-decay", "weightDecay", RANGES.weightDecay, "AdamW weight decay (default 0.01)"],
  ["epochs", "epochs", RANGES.epochs, "at most this many epochs (default 3)"],
  ["batch-size", "batchSize", RANGES.batchSize, "windows per optimizer step (default 16)"],
  [
    "micro-batch-size",
    "microBatchSize",
    RANGES.batchSize,
    "windows per call; smaller accumulates (default min(batch, 16))",
  ],
  [
    "max-length",
    "maxLength",
    { ...RANGES.maxLength, min: 3 },
    "longest encoder row; longer sentences are cut into windows between words (default 128)",
  ],
  ["max-grad-norm", "maxGradNorm", RANGES.maxGradNorm, "clip gradients to this global norm; 0 = off (default 1)"],
  ["dropout", "dropout", RANGES.dropout, "dropout everywhere (default: the model's config)"],
  ["patience", "patience", RANGES.patience, "epochs without a better val micro F1 before stopping (default 3)"],
  ["threads", "threads", RANGES.threads, "ONNX Runtime threads (default: all cores)"],
];

/** What `ner train` writes in --out. */
const NER_RUN_OUTPUTS = ["run.json", "log.jsonl", "state", "state.old", "best", "last"];

/** `prognos ner train --data DIR --model BERT --out RUN` (docs/ner.md#train). */
export function registerNerTrain(ner: Command): void {
  const cmd = ner
    .command("train")
    .description(
      "fine-tune a BIO token classifier (problem / test / treatment) on an i2b2 2010 corpus from any BERT folder",
    )
    .requiredOption("--data <dir>", "i2b2 corpus with train/ and val/ (`prognos synth i2b2`)")
    .requiredOption("--model <dir>", "BERT folder to start from (`prognos init-model`, or a Hugging Face folder)")
    .requiredOption("--out <dir>", "run folder (best/, last/, log.jsonl, run.json, state/)")
    .option("--schedule <name>", "linear | constant (default linear)")
    .option("--resume", "continue the run saved in --out")
    .option("--overwrite", "replace the run in --out")
    .option("--no-progress", "no progress bar on stderr")
    .option("--json", "print the result as one JSON object");
  for (const [flag, , range, help] of NER_TRAIN_FLAGS) cmd.option(`--${flag} <n>`, rangeHelp(help, range));
  cmd.action(async (o: Record<string, unknown>) => {
    if (o.resume && o.overwrite) throw new PrognosError("--resume and --overwrite: give one of them");
    const { NER_TRAIN_DEFAULTS } = await import("../../training/ner/NerTrainConfig.ts");
    const fields: Record<string, unknown> = { data: o.data, model: o.model, out: o.out };
    if (o.schedule !== undefined)
      fields.schedule = choiceOption(o.schedule as string, "--schedule", ["linear", "constant"]);
    for (const [flag, field, range] of NER_TRAIN_FLAGS) {
      const v = o[field] as string | undefined;
      if (v !== undefined)
        fields[field] = range.integer ? integerOption(v, `--${flag}`, range) : numberOption(v, `--${flag}`, range);
    }
    const config = {
      ...NER_TRAIN_DEFAULTS,
      ...fields,
    } as import("../../training/ner/NerTrainConfig.ts").NerTrainConfig;
    const { checkOutput } = await import("../../util/checkOutput.ts");
    checkOutput({
      path: config.out,
      kind: "folder",
      holds: NER_RUN_OUTPUTS,
      what: "a run",
      overwrite: o.overwrite === true,
      resume: o.resume === true,
    });
    const { readTaggedSplit } = await import("../../sources/i2b2/taggedSentences.ts");
    const train = readTaggedSplit(config.data, "train");
    const val = readTaggedSplit(config.data, "val");
    const { loadCheckpoint } = await import("../../checkpoint/Checkpoint.ts");
    const { BertTokenizer } = await import("../../tokenizer/BertTokenizer.ts");
    const { BIO_LABELS } = await import("../../sources/i2b2/bioTags.ts");
    const checkpoint = await loadCheckpoint(config.model);
    const { tokenizer, warnings } = await BertTokenizer.fromFolder(config.model);
    for (const w of warnings) process.stderr.write(`prognos: warning: ${w}\n`);
    const { rmSync, mkdirSync } = await import("node:fs");
    const { join } = await import("node:path");
    if (o.overwrite)
      for (const e of [...NER_RUN_OUTPUTS, "best.tmp", "last.tmp"])
        rmSync(join(config.out, e), { recursive: true, force: true });
    mkdirSync(config.out, { recursive: true });
    const { Engine } = await import("../../engine/Engine.ts");
    const { ProgressBar } = await import("../../util/ProgressBar.ts");
    const { NerTrainer } = await import("../../training/ner/NerTrainer.ts");
    const engine = Engine.create({ threads: config.threads });
    const bar = o.progress ? new ProgressBar({ label: "ner train", unit: "steps" }) : null;
    try {
      const trainer = new NerTrainer(config, checkpoint, tokenizer, BIO_LABELS, { train, val }, engine);
      process.stderr.write(
        `prognos: ${train.words.length} training sentences, ${val.words.length} validation sentences; ${trainer.plan().totalSteps} steps at most\n`,
      );
      bar?.start(trainer.plan().totalSteps);
      let val1 = "-";
      const counters = await trainer.run(
        (step, _total, loss) => bar?.update(step, `loss ${loss.toFixed(4)} | val F1 ${val1}`),
        (e) => {
          val1 = e.val_f1.toFixed(4);
        },
      );
      bar?.stop();
      const result = {
        out: config.out,
        best_val_micro_f1: counters.bestMetric,
        best_step: counters.bestStep,
        steps: counters.step,
      };
      if (o.json) process.stdout.write(`${JSON.stringify(result)}\n`);
      else
        process.stdout.write(
          `trained a token classifier on ${config.data}; best val micro F1 ${counters.bestMetric?.toFixed(4)} at step ${counters.bestStep}\n` +
            `  next: npx prognos ner evaluate --model ${join(config.out, "best")} --data ${config.data} --split test\n`,
        );
    } finally {
      bar?.stop();
      await engine.release();
    }
  });
}
