import { Engine } from "../../engine/Engine.ts";
import { evaluatePredictions, type MetricsReport } from "../../evaluation/index.ts";
import { balancedClassWeights } from "../../nn/classWeights.ts";
import type { TaskDataset, TaskExample } from "../../tasks/dataset/index.ts";
import { PrognosError } from "../../util/errors.ts";
import { SeededRandom } from "../../util/SeededRandom.ts";
import { type BowBaselineOptions, type BowRunConfig, resolveBowOptions } from "./BowOptions.ts";
import { bowPredictionSet } from "./bowPredictionSet.ts";
import { LogisticRegressionRunner, type LrState } from "./LogisticRegressionRunner.ts";
import { type SparseRow, TfidfVectorizer } from "./TfidfVectorizer.ts";
import { textAsRead } from "./textAsRead.ts";
import { writeBowOutputs } from "./writeBowOutputs.ts";

/** One epoch of training: mean training loss and the val macro AUROC after it. */
export interface BowEpoch {
  epoch: number;
  steps: number;
  loss: number;
  valMacroAuroc: number | null;
  seconds: number;
}

export interface BowBaselineResult {
  config: BowRunConfig;
  vectorizer: TfidfVectorizer;
  /** The kept weights (best val macro AUROC): weight [features, labels] row-major, bias [labels]. */
  weights: { weight: Float32Array; bias: Float32Array };
  /** Class weights used in the loss (pos_weight or per-class), or null when off. */
  classWeights: Float32Array | null;
  history: BowEpoch[];
  /** The epoch whose weights were kept. */
  bestEpoch: number;
  /** Scores (sigmoid or softmax) of the kept weights, row-major [rows, labels]. */
  scores: { val: Float32Array; test: Float32Array };
  /** The evaluation library's reports (headline: macro AUROC). */
  metrics: { val: MetricsReport; test: MetricsReport };
  warnings: string[];
  /** Files written, when `out` was given. */
  files: string[];
}

/** Per-label BCE pos_weight negatives / positives from train counts (1 for a label with no positive). */
export function positiveWeightsFromCounts(positives: readonly number[], rows: number): Float32Array {
  return Float32Array.from(positives, (p) => (p === 0 ? 1 : (rows - p) / p));
}

/** The text of a note the baseline reads: whole, or (`readAs`) what a truncated transformer reads of it. */
function noteText(e: TaskExample, o: BowBaselineOptions): string {
  return o.readAs ? textAsRead(o.readAs.tokenizer, e.text, o.readAs.maxLength) : e.text;
}

function vectorize(v: TfidfVectorizer, split: string, texts: readonly string[], o: BowBaselineOptions) {
  const out: SparseRow[] = [];
  texts.forEach((text, i) => {
    out.push(v.transform(text));
    if (i % 500 === 499) o.onProgress?.({ phase: "vectorize", split, done: i + 1, total: texts.length });
  });
  o.onProgress?.({ phase: "vectorize", split, done: texts.length, total: texts.length });
  return out;
}

/**
 * The bag-of-words baseline (issue 4, item 5): TF-IDF fitted on train, then logistic regression — one linear
 * layer, sigmoid + BCE for multi-label tasks, softmax + cross-entropy for single-label ones — trained with AdamW
 * in ONNX graphs built with the graph builder and differentiated by `gradients`. Mini-batches in a seeded
 * order, early stopping on val macro AUROC, the best epoch's weights kept and evaluated on val and test.
 */
export async function trainBowBaseline(
  dataset: TaskDataset,
  options: BowBaselineOptions = {},
): Promise<BowBaselineResult> {
  const config = resolveBowOptions(options, dataset.splits.train.length);
  const started = Date.now();
  const texts = (split: "train" | "val" | "test") => dataset.splits[split].map((e) => noteText(e, options));
  const trainTexts = texts("train");
  const vectorizer = TfidfVectorizer.fit(trainTexts, config.tfidf);
  const rows = {
    train: vectorize(vectorizer, "train", trainTexts, options),
    val: vectorize(vectorizer, "val", texts("val"), options),
    test: vectorize(vectorizer, "test", texts("test"), options),
  };
  const L = dataset.labels.length;
  const multi = dataset.problemType === "multi_label_classification";
  const classWeights = !config.classWeights
    ? null
    : multi
      ? positiveWeightsFromCounts(dataset.labelCounts.train, dataset.splits.train.length)
      : balancedClassWeights(
          dataset.splits.train.map((e) => e.labels[0]!),
          L,
        );
  const args = {
    features: vectorizer.size,
    numLabels: L,
    problemType: dataset.problemType,
    weightDecay: config.weightDecay,
    classWeights: config.classWeights,
  };
  const engine = options.engine ?? Engine.create({ threads: options.threads });
  try {
    const runner = await LogisticRegressionRunner.create(args, engine);
    const state = runner.initialState();
    const history: BowEpoch[] = [];
    let best: { epoch: number; metric: number; params: LrState["params"] } | null = null;
    let badEpochs = 0;
    const train = dataset.splits.train;
    const steps = Math.ceil(train.length / config.batchSize);
    for (let epoch = 1; epoch <= config.epochs && badEpochs < config.patience; epoch++) {
      const t0 = Date.now();
      const order = SeededRandom.from(config.seed, "bow-shuffle", epoch).shuffle(train.map((_, i) => i));
      let lossSum = 0;
      for (let s = 0; s < steps; s++) {
        const idx = order.slice(s * config.batchSize, (s + 1) * config.batchSize);
        const loss = await runner.step(
          state,
          idx.map((i) => rows.train[i]!),
          idx.map((i) => train[i]!.labels),
          config.lr,
          classWeights ?? undefined,
        );
        if (!Number.isFinite(loss)) {
          throw new PrognosError(
            `the training loss became ${loss} at epoch ${epoch}, step ${s + 1}; try a lower learning rate (--lr ${config.lr / 10})`,
          );
        }
        lossSum += loss * idx.length;
        options.onProgress?.({ phase: "train", epoch, epochs: config.epochs, step: s + 1, steps, loss });
      }
      const valScores = await runner.predict(state.params, rows.val);
      const report = evaluatePredictions({
        ...bowPredictionSet(dataset, dataset.splits.val, valScores),
        bootstrap: false,
      });
      const metric = report.headline.value;
      const improved = metric !== null && (best === null || metric > best.metric);
      if (improved) {
        best = { epoch, metric, params: { weight: state.params.weight, bias: state.params.bias } };
        badEpochs = 0;
      } else badEpochs++;
      const loss = lossSum / train.length;
      history.push({ epoch, steps, loss, valMacroAuroc: metric, seconds: (Date.now() - t0) / 1000 });
      options.onProgress?.({
        phase: "epoch",
        epoch,
        epochs: config.epochs,
        loss,
        valMacroAuroc: metric,
        best: improved,
      });
    }
    const warnings: string[] = [];
    const bestEpoch = best?.epoch ?? history.length;
    if (!best) {
      warnings.push(
        "val macro AUROC is undefined (no label has both a positive and a negative row in val): kept the last epoch's weights",
      );
    }
    const params = best?.params ?? state.params;
    const scores: BowBaselineResult["scores"] = { val: new Float32Array(), test: new Float32Array() };
    const metrics = {} as BowBaselineResult["metrics"];
    for (const split of ["val", "test"] as const) {
      options.onProgress?.({ phase: "evaluate", split });
      scores[split] = await runner.predict(params, rows[split]);
      metrics[split] = evaluatePredictions({
        ...bowPredictionSet(dataset, dataset.splits[split], scores[split]),
        bootstrap: config.bootstrap > 0 ? { resamples: config.bootstrap } : false,
        seed: config.seed,
      });
    }
    const result: BowBaselineResult = {
      config,
      vectorizer,
      weights: { weight: params.weight, bias: params.bias },
      classWeights,
      history,
      bestEpoch,
      scores,
      metrics,
      warnings,
      files: [],
    };
    if (options.out) result.files = await writeBowOutputs(options.out, dataset, result, (Date.now() - started) / 1000);
    return result;
  } finally {
    if (!options.engine) await engine.release();
  }
}
