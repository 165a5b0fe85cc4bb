import type { Command } from "commander";
import { PrognosError } from "../../util/errors.ts";
import type { NumberRange } from "../../util/NumberRange.ts";
import { RANGES } from "../../util/ranges.ts";
import { choiceOption, integerOption, numberOption, rangeHelp } from "../options/index.ts";

/** Numeric flags of `ehr pretrain`: flag, config field, range, help. */
const FLAGS: Array<[string, string, NumberRange, string]> = [
  ["seed", "seed", RANGES.seed, "seed of batches, masks, dropout and initial weights (default 42)"],
  ["lr", "lr", RANGES.learningRate, "peak learning rate (default 5e-4; the reference: 5e-5 on 28M patients)"],
  ["weight-decay", "weightDecay", RANGES.weightDecay, "AdamW weight decay (default 0.01)"],
  ["warmup-steps", "warmupSteps", RANGES.warmupSteps, "linear warm-up steps (default 10% of the steps)"],
  ["epochs", "epochs", RANGES.epochs, "epochs over the train splits (default 10)"],
  ["max-steps", "maxSteps", RANGES.steps, "optimizer steps (default: epochs × steps per epoch)"],
  ["batch-size", "batchSize", RANGES.batchSize, "patients per step (default 32, as the reference)"],
  ["mask-rate", "maskRate", RANGES.maskRate, "--mask rate: share of codes chosen (default 0.15)"],
  ["hidden-size", "hiddenSize", RANGES.hiddenSize, "hidden size (default 192)"],
  ["layers", "layers", RANGES.layers, "transformer layers (default 6)"],
  ["heads", "heads", RANGES.heads, "attention heads (default 6)"],
  ["intermediate-size", "intermediateSize", RANGES.intermediateSize, "feed-forward size (default 64)"],
  ["max-positions", "maxPositions", RANGES.maxPositions, "serialization positions: the longest sequence (default 512)"],
  ["dropout", "dropout", RANGES.dropout, "hidden and attention dropout (default 0.1)"],
  ["max-grad-norm", "maxGradNorm", RANGES.maxGradNorm, "clip gradients to this global norm; 0 = off (default 1)"],
  ["min-count", "minCount", RANGES.minCount, "vocabulary: minimum count in the train splits (default 1)"],
  ["eval-every", "evalEvery", RANGES.steps, "evaluate on val every N steps (default: each epoch)"],
  ["save-every", "saveEvery", RANGES.steps, "save resumable state every N steps (default 100)"],
  ["threads", "threads", RANGES.threads, "ONNX Runtime threads (default: all cores)"],
];

/** What `ehr pretrain` writes in --out: the Med-BERT folder and the run's files. */
export const PRETRAIN_OUTPUTS = [
  "config.json",
  "model.safetensors",
  "vocab.json",
  "run.json",
  "log.jsonl",
  "state",
  "state.old",
];

/** `prognos ehr pretrain --data DIR… --out MODEL` (docs/medbert.md#pretraining). */
export function registerEhrPretrain(ehr: Command): void {
  const cmd = ehr
    .command("pretrain")
    .description(
      "pre-train a Med-BERT encoder on code sequences (masked codes + prolonged length of stay); writes a Med-BERT folder",
    )
    .requiredOption(
      "--data <dirs...>",
      "cohort folders from `ehr build` (usually --cohort pretrain); their train splits train",
    )
    .requiredOption(
      "--out <dir>",
      "the Med-BERT folder to write (config.json, model.safetensors, vocab.json, log.jsonl, run.json)",
    )
    .option(
      "--mask <mode>",
      "one: one code per patient (the reference, default) | rate: each code with --mask-rate (BERT)",
    )
    .option("--resume", "continue the run saved in --out")
    .option("--overwrite", "replace the model and run in --out")
    .option("--json", "print the result as one JSON object");
  for (const [flag, , range, help] of FLAGS) cmd.option(`--${flag} <n>`, rangeHelp(help, range));
  cmd.action(async (o: Record<string, unknown>) => {
    if (o.resume && o.overwrite) throw new PrognosError("--resume and --overwrite: give one of them");
    const fields: Record<string, unknown> = { data: o.data, out: o.out };
    for (const [flag, field, range] of FLAGS) {
      const v = o[field] as string | undefined;
      if (v !== undefined)
        fields[field] = range.integer ? integerOption(v, `--${flag}`, range) : numberOption(v, `--${flag}`, range);
    }
    const { MASK_MODES } = await import("../../training/medbert/maskCodes.ts");
    if (o.mask !== undefined) fields.mask = choiceOption(o.mask as string, "--mask", MASK_MODES);
    const { pretrainConfig } = await import("../../training/medbert/PretrainConfig.ts");
    const config = pretrainConfig(fields as Parameters<typeof pretrainConfig>[0]);
    const { checkOutput } = await import("../../util/checkOutput.ts");
    const out = checkOutput({
      path: config.out,
      kind: "folder",
      holds: PRETRAIN_OUTPUTS,
      what: "a Med-BERT model or pre-training run",
      overwrite: o.overwrite === true,
      resume: o.resume === true,
    });
    const { loadPretrainData } = await import("../../training/medbert/pretrainData.ts");
    const data = await loadPretrainData(config.data, config.minCount, config.maxPositions);
    process.stderr.write(
      `prognos: ${data.train.length} train and ${data.val.length} val patients from ${config.data.length} folder(s); ` +
        `vocabulary ${data.vocab.size} codes; longest sequence ${data.longest}` +
        (data.noKnownCode ? `; ${data.noKnownCode} patients without a code in the vocabulary left out` : "") +
        "\n",
    );
    if (o.overwrite && out.existing.length > 0) {
      const { rmSync } = await import("node:fs");
      const { join } = await import("node:path");
      for (const e of [...PRETRAIN_OUTPUTS, "model.tmp", "state.tmp"])
        rmSync(join(config.out, e), { recursive: true, force: true });
    }
    const { Engine } = await import("../../engine/Engine.ts");
    const { MedBertPretrainer } = await import("../../training/medbert/MedBertPretrainer.ts");
    const { ProgressBar } = await import("../../util/ProgressBar.ts");
    const engine = Engine.create({ threads: config.threads });
    const pretrainer = new MedBertPretrainer(config, data, engine);
    const bar = new ProgressBar({ label: "pretrain", unit: "steps" });
    bar.start(pretrainer.plan().totalSteps);
    let val = "-";
    try {
      const { counters, evals } = await pretrainer.run(
        (e) => bar.update(e.step, `loss ${e.loss.toFixed(4)} | val masked-code accuracy ${val}`),
        (e) => {
          val = `${e.val_mlm_accuracy.toFixed(3)} (most frequent code: ${e.val_mlm_majority_accuracy.toFixed(3)})`;
        },
      );
      bar.stop();
      const last = evals.at(-1) ?? null;
      const result = { out: out.path, steps: counters.step, vocabulary: data.vocab.size, lastEvaluation: last };
      if (o.json) process.stdout.write(`${JSON.stringify(result)}\n`);
      else
        process.stdout.write(
          `pre-trained ${counters.step} steps; ` +
            (last
              ? `val masked-code accuracy ${last.val_mlm_accuracy.toFixed(4)} (always guessing the most frequent code: ${last.val_mlm_majority_accuracy.toFixed(4)}), prolonged-stay AUROC ${last.val_plos_auroc?.toFixed(4) ?? "undefined"}`
              : "no val patients to evaluate on") +
            `\n  model: ${out.path}\n  next: npx prognos ehr train --cohort DIR --head gru --pretrained ${config.out} --out RUN\n`,
        );
    } finally {
      bar.stop();
      await engine.release();
    }
  });
}
