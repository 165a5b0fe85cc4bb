import { averagePrecisionFromCounts } from "./averagePrecision.ts";
import { binaryClfCurve } from "./binaryClfCurve.ts";
import { checkPredictions, type PredictionSet } from "./PredictionSet.ts";
import { precisionRecallFromCounts } from "./precisionRecallCurve.ts";
import { rocCurveFromCounts, trapezoidArea } from "./rocCurve.ts";

/** One curve to plot: points in drawing order, thinned for the page. */
export interface CurveSeries {
  /** Legend name: "micro", a label with its title ("428 Heart failure"), the risk class ("died"), a class name. */
  name: string;
  /** The area it stands for: AUROC for a ROC curve, average precision for a PR curve. */
  area: number;
  /** ROC: false positive rate; PR: recall (ascending). */
  x: number[];
  /** ROC: true positive rate; PR: precision. */
  y: number[];
}

/** The curves of report.html. */
export interface ReportCurves {
  roc: CurveSeries[];
  pr: CurveSeries[];
}

export interface ReportCurvesOptions {
  /** Multi-label: how many labels to draw besides the micro curve, the most frequent first; default 5. */
  topLabels?: number;
  /** Thinning: consecutive kept points are at least this far apart (|Δx| + |Δy|); default 0.004. */
  minStep?: number;
}

/**
 * ROC and precision–recall curves for report.html: multi-label — the micro curve (all labels raveled) and the
 * most frequent labels; binary — the risk class; multi-class — one-vs-rest per class. Points closer than
 * `minStep` to the last kept one are dropped (the ends are kept), so a micro curve over millions of pairs stays a
 * few hundred points; the areas are computed before thinning.
 */
export function computeReportCurves(set: PredictionSet, options: ReportCurvesOptions = {}): ReportCurves {
  const p = checkPredictions(set);
  const minStep = options.minStep ?? 0.004;
  const out: ReportCurves = { roc: [], pr: [] };
  const add = (name: string, y: ArrayLike<number>, s: ArrayLike<number>) => {
    const counts = binaryClfCurve(y, s);
    const roc = rocCurveFromCounts(counts);
    out.roc.push({ name, area: trapezoidArea(roc.fpr, roc.tpr), ...thin(roc.fpr, roc.tpr, minStep) });
    const pr = precisionRecallFromCounts(counts);
    // Ascending recall, so that a step-before line draws scikit-learn's step function.
    const recall = Float64Array.from(pr.recall).reverse();
    const precision = Float64Array.from(pr.precision).reverse();
    out.pr.push({ name, area: averagePrecisionFromCounts(counts), ...thin(recall, precision, minStep) });
  };
  const { n, nLabels: L, yTrue, scores } = p;
  const column = (l: number, width: number) => Float64Array.from({ length: n }, (_, i) => scores[i * width + l]!);
  const hasBoth = (y: ArrayLike<number>) => {
    let pos = 0;
    for (let i = 0; i < y.length; i++) pos += y[i]!;
    return pos > 0 && pos < y.length;
  };
  if (p.problemType === "multi-label") {
    if (hasBoth(yTrue)) add("micro", yTrue, scores);
    const labels = Array.from({ length: L }, (_, l) => {
      const y = Uint8Array.from({ length: n }, (_, i) => yTrue[i * L + l]!);
      return { l, y, positives: y.reduce((a, b) => a + b, 0) };
    })
      .filter((c) => c.positives > 0 && c.positives < n)
      .sort((a, b) => b.positives - a.positives || a.l - b.l)
      .slice(0, options.topLabels ?? 5);
    for (const { l, y } of labels) {
      const title = p.labelTitles[p.labelNames[l]!];
      add(title ? `${p.labelNames[l]} ${title}` : p.labelNames[l]!, y, column(l, L));
    }
  } else if (p.problemType === "binary") {
    if (hasBoth(yTrue)) add(p.labelNames[1]!, yTrue, p.positiveScores!);
  } else {
    for (let c = 0; c < L; c++) {
      const y = Uint8Array.from(yTrue, (v) => (v === c ? 1 : 0));
      if (hasBoth(y)) add(p.labelNames[c]!, y, column(c, L));
    }
  }
  return out;
}

/** Keeps the first and last point and every point at least `minStep` (|Δx| + |Δy|) from the last kept one. */
function thin(x: ArrayLike<number>, y: ArrayLike<number>, minStep: number): { x: number[]; y: number[] } {
  const xs: number[] = [x[0]!];
  const ys: number[] = [y[0]!];
  for (let k = 1; k < x.length; k++) {
    const last = k === x.length - 1;
    if (last || Math.abs(x[k]! - xs[xs.length - 1]!) + Math.abs(y[k]! - ys[ys.length - 1]!) >= minStep) {
      xs.push(x[k]!);
      ys.push(y[k]!);
    }
  }
  return { x: xs, y: ys };
}
