import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { writeSafetensors } from "../../checkpoint/writeSafetensors.ts";
import { computeReportCurves, renderReport, writePredictionsCsv } from "../../evaluation/index.ts";
import type { TaskDataset } from "../../tasks/dataset/index.ts";
import { prognosVersion } from "../../tasks/prognosVersion.ts";
import { writeError } from "../../util/writeError.ts";
import { bowPredictionSet } from "./bowPredictionSet.ts";
import type { BowBaselineResult } from "./trainBowBaseline.ts";

export const BOW_FILES = {
  config: "config.json",
  vocabulary: "vocabulary.json",
  weights: "model.safetensors",
  metrics: "metrics.json",
  predictions: "predictions.csv",
  report: "report.html",
} as const;

/** What config.json records: every option, the seed, the task, the vocabulary size and how the run went. */
export function bowConfigJson(dataset: TaskDataset, r: BowBaselineResult, seconds: number) {
  return {
    model: "bag-of-words baseline: TF-IDF + logistic regression",
    task: {
      name: dataset.name,
      folder: dataset.folder,
      layout: dataset.layout,
      problemType: dataset.problemType,
      labelType: dataset.labelType,
      labelColumn: dataset.labelColumn,
      rows: { train: dataset.splits.train.length, val: dataset.splits.val.length, test: dataset.splits.test.length },
      skipped: dataset.skipped,
      warnings: dataset.warnings,
    },
    options: r.config,
    seed: r.config.seed,
    vocabularySize: r.vectorizer.size,
    labels: dataset.labels,
    weights: {
      file: BOW_FILES.weights,
      layout:
        "logits = x · weight + bias; weight [features, labels] (features in vocabulary.json order), bias [labels]",
      scores: dataset.problemType === "multi_label_classification" ? "sigmoid(logits)" : "softmax(logits)",
    },
    classWeights: r.classWeights ? Array.from(r.classWeights) : null,
    bestEpoch: r.bestEpoch,
    history: r.history,
    warnings: r.warnings,
    seconds,
    prognosVersion: prognosVersion(),
    createdAt: new Date().toISOString(),
  };
}

/**
 * Writes a run's folder: config.json, vocabulary.json (the fitted vectorizer: options, terms, df, idf),
 * model.safetensors (weight, bias), metrics.json (val and test reports), predictions.csv and report.html (test,
 * through the evaluation library). Returns the paths written. A failed write is a PrognosError naming the file.
 */
export async function writeBowOutputs(
  out: string,
  dataset: TaskDataset,
  r: BowBaselineResult,
  seconds: number,
): Promise<string[]> {
  try {
    return await writeFiles(out, dataset, r, seconds);
  } catch (e) {
    throw writeError(e, out);
  }
}

async function writeFiles(out: string, dataset: TaskDataset, r: BowBaselineResult, seconds: number) {
  mkdirSync(out, { recursive: true });
  const path = (f: string) => join(out, f);
  const json = (f: string, value: unknown) => writeFileSync(path(f), `${JSON.stringify(value, null, 2)}\n`);
  writeFileSync(path(BOW_FILES.vocabulary), `${JSON.stringify(r.vectorizer.toJSON())}\n`);
  const F = r.vectorizer.size;
  const L = dataset.labels.length;
  await writeSafetensors(
    path(BOW_FILES.weights),
    [
      ["weight", { shape: [F, L], data: r.weights.weight }],
      ["bias", { shape: [L], data: r.weights.bias }],
    ],
    { metadata: { format: "prognos-bow", task: dataset.name, problem_type: dataset.problemType } },
  );
  json(BOW_FILES.metrics, {
    task: dataset.name,
    model: "bow",
    headline: { name: "macro_auroc", val: r.metrics.val.headline.value, test: r.metrics.test.headline.value },
    val: r.metrics.val,
    test: r.metrics.test,
  });
  const test = dataset.splits.test;
  const predictions = bowPredictionSet(dataset, test, r.scores.test);
  const config = bowConfigJson(dataset, r, seconds);
  writeFileSync(path(BOW_FILES.predictions), writePredictionsCsv({ ...predictions, ids: test.map((e) => e.id) }));
  const html = await renderReport({
    metrics: r.metrics.test,
    config,
    curves: computeReportCurves(predictions),
    title: `Bag-of-words baseline — ${dataset.name}, test split`,
  });
  writeFileSync(path(BOW_FILES.report), html);
  json(BOW_FILES.config, config);
  return Object.values(BOW_FILES).map(path);
}
