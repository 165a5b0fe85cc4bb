import type { Command } from "commander";
import { PrognosError } from "../../util/errors.ts";
import type { NumberRange } from "../../util/NumberRange.ts";
import { RANGES } from "../../util/ranges.ts";
import { choiceOption, integerOption, numberOption, rangeHelp } from "../options/index.ts";

export const EHR_TRAIN_FLAGS: Array<[string, string, NumberRange, string]> = [
  ["seed", "seed", RANGES.seed, "seed of batches, dropout, initial weights and the forest (default 42)"],
  ["lr", "lr", RANGES.learningRate, "learning rate (default 1e-3; 1e-4 fine-tuning a pre-trained encoder; lr: 0.03)"],
  ["weight-decay", "weightDecay", RANGES.weightDecay, "AdamW weight decay (default 0.01)"],
  ["epochs", "epochs", RANGES.epochs, "at most this many epochs (default 30)"],
  ["batch-size", "batchSize", RANGES.batchSize, "patients per step (default 32)"],
  ["patience", "patience", RANGES.patience, "epochs without a better val AUROC before stopping (default 5)"],
  ["embedding-size", "embeddingSize", RANGES.hiddenSize, "learned code embeddings, without --pretrained (default 64)"],
  ["rnn-size", "rnnSize", RANGES.hiddenSize, "GRU / RETAIN hidden size (default 64)"],
  ["dropout", "dropout", RANGES.dropout, "dropout in the head (default 0.1)"],
  ["max-grad-norm", "maxGradNorm", RANGES.maxGradNorm, "clip gradients to this global norm; 0 = off (default 1)"],
  [
    "max-unknown-rate",
    "maxUnknownRate",
    { min: 0, max: 1 },
    "refuse a --pretrained model missing more than this share of the cohort's codes (default 0.1)",
  ],
  ["trees", "trees", { integer: true, min: 1, max: 100_000 }, "rf: trees (default 200)"],
  ["threads", "threads", RANGES.threads, "ONNX Runtime threads (default: all cores)"],
];

/** What `ehr train` writes in --out. */
export const EHR_RUN_OUTPUTS = ["run.json", "log.jsonl", "state", "state.old", "best", "last"];

/** `prognos ehr train --cohort DIR --head H [--pretrained MODEL] [--freeze] --out RUN` (docs/medbert.md#heads). */
export function registerEhrTrain(ehr: Command): void {
  const cmd = ehr
    .command("train")
    .description(
      "train a head or baseline on a cohort: lr | rf (bag of codes), ffn | gru | bigru | retain (optionally on a pre-trained Med-BERT)",
    )
    .requiredOption("--cohort <dir>", "cohort folder from `ehr build`")
    .requiredOption("--head <name>", "lr | rf | ffn | gru | bigru | retain")
    .requiredOption("--out <dir>", "run folder (best/, last/, log.jsonl, run.json)")
    .option(
      "--pretrained <dir>",
      "Med-BERT folder from `ehr pretrain`: the head reads its encoder (fine-tuned unless --freeze)",
    )
    .option("--freeze", "with --pretrained: keep the encoder's weights fixed")
    .option("--resume", "continue the run saved in --out (neural heads)")
    .option("--overwrite", "replace the run in --out")
    .option("--json", "print the result as one JSON object");
  for (const [flag, , range, help] of EHR_TRAIN_FLAGS) cmd.option(`--${flag} <n>`, rangeHelp(help, range));
  cmd.action(async (o: Record<string, unknown>) => {
    if (o.resume && o.overwrite) throw new PrognosError("--resume and --overwrite: give one of them");
    const { EHR_HEADS, ehrTrainConfig } = await import("../../training/ehr/EhrTrainConfig.ts");
    const fields: Record<string, unknown> = {
      cohort: o.cohort,
      head: choiceOption(o.head as string, "--head", EHR_HEADS),
      out: o.out,
      pretrained: o.pretrained,
      freeze: o.freeze === true,
    };
    for (const [flag, field, range] of EHR_TRAIN_FLAGS) {
      const v = o[field] as string | undefined;
      if (v !== undefined)
        fields[field] = range.integer ? integerOption(v, `--${flag}`, range) : numberOption(v, `--${flag}`, range);
    }
    const config = ehrTrainConfig(fields as Parameters<typeof ehrTrainConfig>[0]);
    const baseline = config.head === "lr" || config.head === "rf";
    if (o.resume && baseline)
      throw new PrognosError(`--resume: the ${config.head} baseline trains in one go; rerun with --overwrite`);
    const { checkOutput } = await import("../../util/checkOutput.ts");
    const out = checkOutput({
      path: config.out,
      kind: "folder",
      holds: EHR_RUN_OUTPUTS,
      what: "a run",
      overwrite: o.overwrite === true,
      resume: o.resume === true,
    });
    const { loadEhrSplits } = await import("../../training/ehr/ehrTrainData.ts");
    const data = await loadEhrSplits(config.cohort, {
      pretrained: config.pretrained,
      maxUnknownRate: config.maxUnknownRate,
      needCases: true,
    });
    const count = (s: "train" | "val" | "test") => {
      const rows = data.splits[s];
      const cases = rows.filter((r) => r.label === 1).length;
      return `${s} ${rows.length} (${cases} cases)`;
    };
    process.stderr.write(
      `prognos: ${data.cohort.manifest.cohort.name}: ${count("train")}, ${count("val")}, ${count("test")}; ` +
        `codes not in the vocabulary: ${data.unknown.unknown} of ${data.unknown.codes} (${(data.unknown.rate * 100).toFixed(2)}%, as [UNK])\n`,
    );
    const { mkdirSync, rmSync, writeFileSync } = await import("node:fs");
    const { join } = await import("node:path");
    if (o.overwrite)
      for (const e of [...EHR_RUN_OUTPUTS, "best.tmp", "last.tmp"])
        rmSync(join(config.out, e), { recursive: true, force: true });
    mkdirSync(config.out, { recursive: true });
    writeFileSync(join(config.out, "run.json"), `${JSON.stringify(config, null, 2)}\n`);
    const { Engine } = await import("../../engine/Engine.ts");
    const { ProgressBar } = await import("../../util/ProgressBar.ts");
    const engine = Engine.create({ threads: config.threads });
    const bar = new ProgressBar({ label: `train ${config.head}`, unit: "steps" });
    let best: number | null = null;
    try {
      if (baseline) {
        const { trainCodeBaseline } = await import("../../baselines/codes/trainCodeBaseline.ts");
        const { appendFileSync } = await import("node:fs");
        writeFileSync(join(config.out, "log.jsonl"), "");
        best = (
          await trainCodeBaseline(config, data, engine, (e) =>
            appendFileSync(join(config.out, "log.jsonl"), `${JSON.stringify(e)}\n`),
          )
        ).valAuroc;
      } else {
        const { EhrHeadTrainer } = await import("../../training/ehr/EhrHeadTrainer.ts");
        const trainer = new EhrHeadTrainer(config, data, engine);
        bar.start(trainer.plan().totalSteps);
        let val = "-";
        const counters = await trainer.run(
          (step, _total, loss) => bar.update(step, `loss ${loss.toFixed(4)} | val AUROC ${val}`),
          (e) => {
            val = e.val_auroc.toFixed(4);
          },
        );
        bar.stop();
        best = counters.bestMetric;
      }
      const result = { out: out.path, head: config.head, best_val_auroc: best };
      if (o.json) process.stdout.write(`${JSON.stringify(result)}\n`);
      else
        process.stdout.write(
          `trained ${config.head}${config.pretrained ? ` on ${config.pretrained}${config.freeze ? " (frozen)" : ""}` : ""}; best val AUROC ${best?.toFixed(4)}\n  next: npx prognos ehr evaluate ${config.out} --split test\n`,
        );
    } finally {
      bar.stop();
      await engine.release();
    }
  });
}
