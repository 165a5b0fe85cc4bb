import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { writeError } from "../util/writeError.ts";
import { evaluatePredictions } from "./evaluatePredictions.ts";
import type { MetricsReport } from "./MetricsReport.ts";
import type { PredictionSet } from "./PredictionSet.ts";
import { writePredictionsCsv } from "./predictionsCsv.ts";
import { renderReport } from "./renderReport.ts";
import { computeReportCurves } from "./reportCurves.ts";

/** The layout version every metrics.json carries (docs/evaluation-outputs.md). */
export const METRICS_FORMAT = "prognos-metrics/1";

/** What an evaluation folder holds. */
export const EVALUATION_FILES = ["metrics.json", "predictions.csv", "report.html"] as const;

/** Where an evaluation's predictions came from: the same fields for every model and baseline. */
export interface EvaluationHeader {
  /** The task's name, e.g. "MP_IN_adm". */
  task: string;
  split: "train" | "val" | "test";
  /** The model that predicted: its kind ("bert-classifier", "bow-baseline", …), folder and checkpoint. */
  model: { kind: string; path: string; checkpoint?: string };
  /** Rows scored. */
  rows: number;
  /** What happened to the input on the way, counted (notes cut to the model's length, empty rows skipped…). */
  input: Record<string, number | string | null>;
}

/** metrics.json: the header, then every metric of the split (MetricsReport, its headline with its definition). */
export type MetricsFile = { format: typeof METRICS_FORMAT } & EvaluationHeader & MetricsReport;

export interface EvaluationOutput {
  /** What metrics.json holds. */
  json: MetricsFile;
  metrics: MetricsReport;
  /** The scored rows (ids in split order) in the evaluation library's form. */
  set: PredictionSet & { ids: string[] };
  outDir: string;
  files: { metrics: string; predictions: string; report: string };
}

/**
 * Writes an evaluation folder: metrics.json, predictions.csv and a self-contained report.html. Every model's
 * predictions (a fine-tuned run, a baseline) go through here, so they are evaluated and written the same way.
 */
export async function writeEvaluation(
  outDir: string,
  set: PredictionSet & { ids: string[] },
  args: {
    header: EvaluationHeader;
    /** Shown in report.html: the settings that produced the model. */
    reportConfig: unknown;
    title: string;
    bootstrap: number;
    seed: number;
    /** The metrics of `set` when the caller computed them already with the same bootstrap and seed. */
    metrics?: MetricsReport;
  },
): Promise<EvaluationOutput> {
  const metrics =
    args.metrics ??
    evaluatePredictions({
      ...set,
      bootstrap: args.bootstrap > 0 ? { resamples: args.bootstrap } : false,
      seed: args.seed,
    });
  const files = {
    metrics: join(outDir, EVALUATION_FILES[0]),
    predictions: join(outDir, EVALUATION_FILES[1]),
    report: join(outDir, EVALUATION_FILES[2]),
  };
  const json: MetricsFile = { format: METRICS_FORMAT, ...args.header, ...metrics };
  const html = await renderReport({
    metrics,
    config: args.reportConfig,
    curves: computeReportCurves(set),
    title: args.title,
  });
  try {
    mkdirSync(outDir, { recursive: true });
    writeFileSync(files.metrics, `${JSON.stringify(json, null, 2)}\n`);
    writeFileSync(files.predictions, writePredictionsCsv(set));
    writeFileSync(files.report, html);
  } catch (e) {
    throw writeError(e, outDir);
  }
  return { json, metrics, set, outDir, files };
}
