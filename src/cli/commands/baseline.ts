import type { Command } from "commander";
import type { BowBaselineOptions, BowProgress } from "../../baselines/bow/BowOptions.ts";
import type { MetricsReport } from "../../evaluation/index.ts";
import { PROBLEM_TYPES } from "../../tasks/ProblemType.ts";
import { checkOutput } from "../../util/checkOutput.ts";
import { PrognosError } from "../../util/errors.ts";
import { describeRange, rangeLabel } from "../../util/NumberRange.ts";
import { ProgressBar } from "../../util/ProgressBar.ts";
import { RANGES } from "../../util/ranges.ts";
import { binaryMetricsLine } from "../binaryMetricsLine.ts";
import { choiceOption, integerOption, numberOption, optionError, rangeHelp } from "../options/index.ts";

interface BowFlags {
  task: string;
  out: string;
  maxFeatures?: string;
  ngrams?: string;
  minDf?: string;
  sublinearTf?: boolean;
  epochs?: string;
  patience?: string;
  lr?: string;
  weightDecay?: string;
  batchSize?: string;
  seed?: string;
  threads?: string;
  bootstrap?: string;
  classWeights?: boolean;
  readAs?: string;
  readMaxLength?: string;
  problemType?: string;
  labelColumn?: string;
  overwrite?: boolean;
  progress: boolean;
  json?: boolean;
}

const NGRAMS = ["1", "2"] as const;

/** --min-df: a count of documents (an integer ≥ 1) or a fraction of them in (0, 1), as scikit-learn's min_df. */
function minDfOf(value: string): number {
  const n = Number(value);
  if (Number.isInteger(n) && n >= 1) return integerOption(value, "--min-df", RANGES.minDf);
  if (n > 0 && n < 1) return numberOption(value, "--min-df", { min: 0, exclusiveMin: true, max: 1 });
  throw optionError("--min-df", `${describeRange(RANGES.minDf)}, or a fraction in (0, 1)`, value);
}

/** Flags → trainBowBaseline options (flag values checked here, option ranges by the library). */
export function bowOptionsFromFlags(o: BowFlags): BowBaselineOptions {
  const ngrams = choiceOption(o.ngrams, "--ngrams", NGRAMS);
  return {
    tfidf: {
      maxFeatures: integerOption(o.maxFeatures, "--max-features", RANGES.maxFeatures),
      ngramRange: ngrams === undefined ? undefined : [1, Number(ngrams)],
      minDf: o.minDf === undefined ? undefined : minDfOf(o.minDf),
      sublinearTf: o.sublinearTf,
    },
    epochs: integerOption(o.epochs, "--epochs", RANGES.epochs),
    patience: integerOption(o.patience, "--patience", RANGES.patience),
    lr: numberOption(o.lr, "--lr", RANGES.learningRate),
    weightDecay: numberOption(o.weightDecay, "--weight-decay", RANGES.weightDecay),
    batchSize: integerOption(o.batchSize, "--batch-size", RANGES.batchSize),
    seed: integerOption(o.seed, "--seed", RANGES.seed),
    threads: integerOption(o.threads, "--threads", RANGES.threads),
    bootstrap: integerOption(o.bootstrap, "--bootstrap", RANGES.bootstrap),
    classWeights: o.classWeights,
  };
}

function headline(m: MetricsReport): string {
  const v = m.headline.value;
  const i = m.headline.interval;
  if (v === null) return `undefined${binaryMetricsLine(m)}`;
  return (
    (i && i.lower !== null && i.upper !== null
      ? `${v.toFixed(4)} (95% CI ${i.lower.toFixed(4)}–${i.upper.toFixed(4)})`
      : v.toFixed(4)) + binaryMetricsLine(m)
  );
}

function progressBar(enabled: boolean) {
  if (!enabled) return { onProgress: undefined, stop: () => {} };
  const bar = new ProgressBar({ label: "bow" });
  let auroc = "-";
  const onProgress = (p: BowProgress) => {
    if (p.phase === "vectorize") {
      bar.setTotal(p.total);
      bar.update(p.done, `tf-idf ${p.split}`);
    } else if (p.phase === "train") {
      bar.setTotal(p.steps);
      bar.update(p.step, `train | epoch ${p.epoch}/${p.epochs} | loss ${p.loss.toFixed(4)} | val macro AUROC ${auroc}`);
    } else if (p.phase === "epoch") {
      auroc = p.valMacroAuroc === null ? "undefined" : p.valMacroAuroc.toFixed(4);
    } else bar.describe(`evaluate ${p.split}`);
  };
  return { onProgress, stop: () => bar.stop() };
}

/**
 * `prognos baseline bow --task <task> --out <dir>`: the bag-of-words baseline (TF-IDF + logistic regression on
 * ONNX Runtime). Progress on stderr; where the outputs are and the headline metric on stdout (`--json`: one
 * JSON object).
 */
export function registerBaseline(program: Command): void {
  const baseline = program.command("baseline").description("baselines any model must beat (bow)");
  baseline
    .command("bow")
    .description("TF-IDF + logistic regression trained on the engine; writes config, vocabulary, weights, metrics")
    .requiredOption("--task <path>", "task folder (Prognos), CORe's {TASK}_{train,val,test}.csv, or train/val/test.csv")
    .requiredOption("--out <dir>", "output folder")
    .option(
      "--max-features <n>",
      rangeHelp("vocabulary size: the most frequent terms in train (default 20000)", RANGES.maxFeatures),
    )
    .option("--ngrams <n>", "1: unigrams (default); 2: unigrams and bigrams")
    .option(
      "--min-df <n>",
      `drop terms in fewer training documents: a count (${rangeLabel(RANGES.minDf)}) or a fraction in (0, 1) (default 1)`,
    )
    .option("--sublinear-tf", "tf = 1 + ln(count)")
    .option("--epochs <n>", rangeHelp("epochs at most (default 30; early stopping usually ends sooner)", RANGES.epochs))
    .option(
      "--patience <n>",
      rangeHelp("epochs without a better val macro AUROC before stopping (default 3)", RANGES.patience),
    )
    .option("--lr <x>", rangeHelp("AdamW learning rate (default 0.03)", RANGES.learningRate))
    .option(
      "--weight-decay <w>",
      rangeHelp("AdamW decoupled weight decay on the weights: the L2 penalty (default 0.01)", RANGES.weightDecay),
    )
    .option(
      "--batch-size <n>",
      rangeHelp(
        "rows per step (default 128; smaller training sets: about 20 steps per epoch, at least 16 rows)",
        RANGES.batchSize,
      ),
    )
    .option("--seed <n>", rangeHelp("seed of the shuffle and the bootstrap (default 123)", RANGES.seed))
    .option("--threads <n>", rangeHelp("ONNX Runtime threads (default: all cores)", RANGES.threads))
    .option(
      "--bootstrap <n>",
      rangeHelp("bootstrap resamples for 95% intervals; 0 = none (default 1000)", RANGES.bootstrap),
    )
    .option(
      "--class-weights",
      "pos_weight = negatives/positives (multi-label) or balanced class weights (single-label)",
    )
    .option(
      "--read-as <model>",
      "read each note as this model's tokenizer truncates it: only the word pieces a transformer trained with --read-max-length keeps (src/baselines/bow/README.md)",
    )
    .option(
      "--read-max-length <n>",
      rangeHelp(
        "with --read-as: tokens per note, [CLS]/[SEP] included, as `prognos train --max-length`",
        RANGES.maxLength,
      ),
    )
    .option("--problem-type <type>", `${PROBLEM_TYPES.join(" | ")} (plain folders)`)
    .option("--label-column <name>", "the label column, when a split file has several besides id and text")
    .option("--overwrite", "replace the outputs of an earlier run in --out")
    .option("--no-progress", "no progress bar on stderr")
    .option("--json", "print the result as one JSON object")
    .action(async (o: BowFlags) => {
      const options = bowOptionsFromFlags(o);
      const readMaxLength = integerOption(o.readMaxLength, "--read-max-length", RANGES.maxLength);
      if ((o.readAs === undefined) !== (readMaxLength === undefined))
        throw new PrognosError(
          "--read-as and --read-max-length go together: give both, or neither to read whole notes",
        );
      const problemType = choiceOption(o.problemType, "--problem-type", PROBLEM_TYPES);
      const { BOW_FILES } = await import("../../baselines/bow/writeBowOutputs.ts");
      checkOutput({
        path: o.out,
        kind: "folder",
        holds: Object.values(BOW_FILES),
        what: "a bag-of-words run",
        overwrite: o.overwrite,
      });
      if (o.readAs !== undefined && readMaxLength !== undefined) {
        const { BertTokenizer } = await import("../../tokenizer/BertTokenizer.ts");
        const { tokenizer, warnings } = await BertTokenizer.fromFolder(o.readAs);
        for (const w of warnings) process.stderr.write(`prognos: warning: ${o.readAs}: ${w}\n`);
        options.readAs = { tokenizer, model: o.readAs, maxLength: readMaxLength };
      }
      const { trainBowBaseline } = await import("../../baselines/bow/trainBowBaseline.ts");
      const { loadTaskDataset } = await import("../../tasks/dataset/index.ts");
      const dataset = await loadTaskDataset(o.task, {
        problemType: problemType,
        labelColumn: o.labelColumn,
      });
      for (const w of dataset.warnings) process.stderr.write(`prognos: warning: ${w}\n`);
      for (const s of dataset.skipped) {
        process.stderr.write(`prognos: skipped: ${s.file}: ${s.rows} row(s): ${s.reason}\n`);
      }
      const bar = progressBar(o.progress && !o.json);
      let result: Awaited<ReturnType<typeof trainBowBaseline>>;
      try {
        result = await trainBowBaseline(dataset, { ...options, out: o.out, onProgress: bar.onProgress });
      } finally {
        bar.stop();
      }
      for (const w of result.warnings) process.stderr.write(`prognos: warning: ${w}\n`);
      const m = result.metrics;
      if (o.json) {
        const summary = (r: MetricsReport) =>
          Object.fromEntries(Object.entries(r.metrics).map(([k, e]) => [k, { value: e.value, interval: e.interval }]));
        process.stdout.write(
          `${JSON.stringify({
            task: dataset.name,
            problemType: dataset.problemType,
            labels: dataset.labels.length,
            out: o.out,
            files: result.files,
            vocabularySize: result.vectorizer.size,
            epochs: result.history.length,
            bestEpoch: result.bestEpoch,
            headline: { name: "macro_auroc", val: m.val.headline.value, test: m.test.headline.value },
            val: summary(m.val),
            test: summary(m.test),
          })}\n`,
        );
        return;
      }
      process.stdout.write(
        `bag-of-words baseline on ${dataset.name} (${dataset.labels.length} labels, ${result.vectorizer.size} terms): ` +
          `best epoch ${result.bestEpoch} of ${result.history.length}\n` +
          `  test macro AUROC ${headline(m.test)}\n  val  macro AUROC ${headline(m.val)}\n` +
          `  outputs in ${o.out}: ${result.files.map((f) => f.slice(o.out.length).replace(/^[/\\]/, "")).join(", ")}\n`,
      );
    });
}
