import { PrognosError } from "../util/errors.ts";
import { binaryMetrics } from "./binaryMetrics.ts";
import { bootstrapIntervals } from "./bootstrapIntervals.ts";
import { multiClassMetrics } from "./multiClassMetrics.ts";
import { multiLabelMetrics } from "./multiLabelMetrics.ts";
import { type CheckedPredictions, checkPredictions } from "./PredictionSet.ts";
import type { IdentifiedPredictions } from "./predictionsCsv.ts";
import type { TaskEvaluation } from "./TaskEvaluation.ts";

export interface PairedDifference {
  /** Macro AUROC of A minus that of B on the rows both scored; null when either is undefined. */
  value: number | null;
  /** Paired percentile bootstrap interval of the difference (the same resampled rows for both models). */
  lower: number | null;
  upper: number | null;
  level: number;
  resamples: number;
  /** Rows both models scored (matched by id). */
  rows: number;
}

function metricsOf(p: CheckedPredictions): TaskEvaluation {
  return p.problemType === "multi-label"
    ? multiLabelMetrics(p)
    : p.problemType === "binary"
      ? binaryMetrics(p)
      : multiClassMetrics(p);
}

/** The rows of `set` at `indices`, checked and flat. */
function subset(set: IdentifiedPredictions, indices: readonly number[]): CheckedPredictions {
  const p = checkPredictions(set);
  if (indices.length === p.n && indices.every((i, k) => i === k)) return p;
  const yWidth = p.problemType === "multi-label" ? p.nLabels : 1;
  const yTrue = new Float64Array(indices.length * yWidth);
  const scores = new Float64Array(indices.length * p.scoreColumns);
  indices.forEach((i, k) => {
    for (let c = 0; c < yWidth; c++) yTrue[k * yWidth + c] = p.yTrue[i * yWidth + c]!;
    for (let c = 0; c < p.scoreColumns; c++) scores[k * p.scoreColumns + c] = p.scores[i * p.scoreColumns + c]!;
  });
  return checkPredictions({ ...set, yTrue, scores });
}

/**
 * The difference in macro AUROC between two models' predictions on the same split (A − B), with a paired
 * percentile bootstrap: each resample draws rows once and scores both models on them, so the interval reflects the
 * difference's own uncertainty rather than two overlapping intervals. Rows are matched by id.
 */
export function pairedMacroAurocDifference(
  a: IdentifiedPredictions,
  b: IdentifiedPredictions,
  options: { resamples: number; seed: number },
): PairedDifference {
  if (a.problemType !== b.problemType || a.labelNames.join("\u0000") !== b.labelNames.join("\u0000")) {
    throw new PrognosError("paired difference: the two prediction sets have different problem types or labels");
  }
  const inB = new Map(b.ids.map((id, i) => [String(id), i]));
  const ia: number[] = [];
  const ib: number[] = [];
  a.ids.forEach((id, i) => {
    const j = inB.get(String(id));
    if (j !== undefined) {
      ia.push(i);
      ib.push(j);
    }
  });
  if (ia.length === 0) throw new PrognosError("paired difference: the two prediction sets share no row id");
  const ta = metricsOf(subset(a, ia));
  const tb = metricsOf(subset(b, ib));
  const va = ta.metrics.macro_auroc?.value ?? null;
  const vb = tb.metrics.macro_auroc?.value ?? null;
  const out: PairedDifference = {
    value: va === null || vb === null ? null : va - vb,
    lower: null,
    upper: null,
    level: 0.95,
    resamples: 0,
    rows: ia.length,
  };
  if (options.resamples > 0) {
    const interval = bootstrapIntervals(
      ia.length,
      (w) => {
        const x = ta.statistic(w).macro_auroc ?? null;
        const y = tb.statistic(w).macro_auroc ?? null;
        return { difference: x === null || y === null ? null : x - y };
      },
      { resamples: options.resamples, seed: options.seed },
    ).difference!;
    Object.assign(out, { lower: interval.lower, upper: interval.upper, resamples: interval.resamples });
  }
  return out;
}
