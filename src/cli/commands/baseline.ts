import type { Command } from "commander";
import type { BowBaselineOptions, BowProgress } from "../../baselines/bow/BowOptions.ts";
import type { MetricsReport } from "../../evaluation/index.ts";
import type { DatasetProblemType } from "../../tasks/dataset/index.ts";
import { checkOutput } from "../../util/checkOutput.ts";
import { PrognosError } from "../../util/errors.ts";
import { ProgressBar } from "../../util/ProgressBar.ts";
import { parsePositiveInt } from "../parseArgs.ts";

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
  problemType?: string;
  labelColumn?: string;
  overwrite?: boolean;
  progress: boolean;
  json?: boolean;
}

function nonNegativeNumber(value: string, flag: string, positive = false): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n < 0 || (positive && n === 0)) {
    throw new PrognosError(
      `${flag} must be a ${positive ? "positive" : "non-negative"} number, got ${JSON.stringify(value)}`,
    );
  }
  return n;
}

function integer(value: string | undefined, flag: string, min = 1): number | undefined {
  if (value === undefined) return undefined;
  if (min === 0 && value === "0") return 0;
  return parsePositiveInt(value, flag);
}

function problemTypeOf(value: string | undefined): DatasetProblemType | undefined {
  if (value === undefined) return undefined;
  if (value === "multi_label_classification" || value === "single_label_classification") return value;
  throw new PrognosError(
    `--problem-type must be multi_label_classification or single_label_classification, got ${JSON.stringify(value)}`,
  );
}

/** Flags → trainBowBaseline options (flag values checked here, option ranges by the library). */
export function bowOptionsFromFlags(o: BowFlags): BowBaselineOptions {
  let ngramRange: [number, number] | undefined;
  if (o.ngrams !== undefined) {
    if (o.ngrams !== "1" && o.ngrams !== "2")
      throw new PrognosError(`--ngrams must be 1 or 2, got ${JSON.stringify(o.ngrams)}`);
    ngramRange = [1, Number(o.ngrams)];
  }
  const minDf = o.minDf === undefined ? undefined : nonNegativeNumber(o.minDf, "--min-df", true);
  return {
    tfidf: {
      maxFeatures: integer(o.maxFeatures, "--max-features"),
      ngramRange,
      minDf,
      sublinearTf: o.sublinearTf,
    },
    epochs: integer(o.epochs, "--epochs"),
    patience: integer(o.patience, "--patience"),
    lr: o.lr === undefined ? undefined : nonNegativeNumber(o.lr, "--lr", true),
    weightDecay: o.weightDecay === undefined ? undefined : nonNegativeNumber(o.weightDecay, "--weight-decay"),
    batchSize: integer(o.batchSize, "--batch-size"),
    seed: integer(o.seed, "--seed", 0),
    threads: integer(o.threads, "--threads"),
    bootstrap: integer(o.bootstrap, "--bootstrap", 0),
    classWeights: o.classWeights,
  };
}

function headline(m: MetricsReport): string {
  const v = m.headline.value;
  const i = m.headline.interval;
  if (v === null) return "undefined";
  return i && i.lower !== null && i.upper !== null
    ? `${v.toFixed(4)} (95% CI ${i.lower.toFixed(4)}–${i.upper.toFixed(4)})`
    : v.toFixed(4);
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
    .option("--max-features <n>", "vocabulary size: the most frequent terms in train (default 20000)")
    .option("--ngrams <n>", "1: unigrams (default); 2: unigrams and bigrams")
    .option("--min-df <n>", "drop terms in fewer training documents (an integer, or a fraction < 1; default 1)")
    .option("--sublinear-tf", "tf = 1 + ln(count)")
    .option("--epochs <n>", "epochs at most (default 30; early stopping usually ends sooner)")
    .option("--patience <n>", "epochs without a better val macro AUROC before stopping (default 3)")
    .option("--lr <x>", "AdamW learning rate (default 0.03)")
    .option("--weight-decay <w>", "AdamW decoupled weight decay on the weights: the L2 penalty (default 0.01)")
    .option(
      "--batch-size <n>",
      "rows per step (default 128; smaller training sets: about 20 steps per epoch, at least 16 rows)",
    )
    .option("--seed <n>", "seed of the shuffle and the bootstrap (default 123)")
    .option("--threads <n>", "ONNX Runtime threads (default: all cores)")
    .option("--bootstrap <n>", "bootstrap resamples for 95% intervals; 0 = none (default 1000)")
    .option(
      "--class-weights",
      "pos_weight = negatives/positives (multi-label) or balanced class weights (single-label)",
    )
    .option("--problem-type <type>", "multi_label_classification | single_label_classification (plain folders)")
    .option("--label-column <name>", "the label column, when a split file has several besides id and text")
    .option("--overwrite", "replace the outputs of an earlier run in --out")
    .option("--no-progress", "no progress bar on stderr")
    .option("--json", "print the result as one JSON object")
    .action(async (o: BowFlags) => {
      const options = bowOptionsFromFlags(o);
      const { BOW_FILES } = await import("../../baselines/bow/writeBowOutputs.ts");
      checkOutput({
        path: o.out,
        kind: "folder",
        holds: Object.values(BOW_FILES),
        what: "a bag-of-words run",
        overwrite: o.overwrite,
      });
      const { trainBowBaseline } = await import("../../baselines/bow/trainBowBaseline.ts");
      const { loadTaskDataset } = await import("../../tasks/dataset/index.ts");
      const dataset = await loadTaskDataset(o.task, {
        problemType: problemTypeOf(o.problemType),
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
