import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { writeSafetensors } from "../../checkpoint/writeSafetensors.ts";
import { writeEvaluation } from "../../evaluation/writeEvaluation.ts";
import type { TaskDataset } from "../../tasks/dataset/index.ts";
import { prognosVersion } from "../../tasks/prognosVersion.ts";
import { writeError } from "../../util/writeError.ts";
import { bowPredictionSet } from "./bowPredictionSet.ts";
import type { BowBaselineResult } from "./trainBowBaseline.ts";

export const BOW_FILES = {
  config: "config.json",
  vocabulary: "vocabulary.json",
  weights: "model.safetensors",
  /** Each an evaluation folder as `prognos evaluate` writes one: metrics.json, predictions.csv, report.html. */
  evalVal: "eval-val",
  evalTest: "eval-test",
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
 * model.safetensors (weight, bias), and an evaluation folder per split (eval-val/, eval-test/: metrics.json,
 * predictions.csv, report.html) written by the evaluation library exactly as `prognos evaluate` writes a
 * transformer run's. Returns the paths written.
 */
export async function writeBowOutputs(
  out: string,
  dataset: TaskDataset,
  r: BowBaselineResult,
  seconds: number,
): Promise<string[]> {
  const path = (f: string) => join(out, f);
  const json = (f: string, value: unknown) => writeFileSync(path(f), `${JSON.stringify(value, null, 2)}\n`);
  const config = bowConfigJson(dataset, r, seconds);
  const written: string[] = [];
  try {
    mkdirSync(out, { recursive: true });
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
    json(BOW_FILES.config, config);
    written.push(path(BOW_FILES.config), path(BOW_FILES.vocabulary), path(BOW_FILES.weights));
  } catch (e) {
    throw writeError(e, out);
  }
  for (const split of ["val", "test"] as const) {
    const rows = dataset.splits[split];
    const set = { ...bowPredictionSet(dataset, rows, r.scores[split]), ids: rows.map((e) => e.id) };
    const e = await writeEvaluation(path(split === "val" ? BOW_FILES.evalVal : BOW_FILES.evalTest), set, {
      header: {
        task: dataset.name,
        split,
        model: { kind: "bow-baseline", path: out },
        rows: rows.length,
        input: { terms: r.vectorizer.size },
      },
      reportConfig: config,
      title: `Bag-of-words baseline — ${dataset.name}, ${split} split`,
      bootstrap: r.config.bootstrap,
      seed: r.config.seed,
      metrics: r.metrics[split],
    });
    written.push(e.files.metrics, e.files.predictions, e.files.report);
  }
  return written;
}
