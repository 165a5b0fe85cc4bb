import type { TopLevelSpec } from "vega-lite";
import type { ReliabilityBin } from "./expectedCalibrationError.ts";
import type { CurveSeries } from "./reportCurves.ts";

const WIDTH = 340;
const HEIGHT = 300;
const UNIT = { domain: [0, 1] as [number, number], nice: false };
const FONT = "DejaVu Sans, Helvetica, Arial, sans-serif";
const CONFIG = {
  font: FONT,
  view: { stroke: "#ccc" },
  axis: { labelFontSize: 11, titleFontSize: 12, grid: true, gridColor: "#eee" },
  legend: { labelFontSize: 11, titleFontSize: 11, labelLimit: 480 },
};

/** Curve points as Vega-Lite rows; `i` keeps the drawing order. */
function rows(series: readonly CurveSeries[], areaName: string): Array<Record<string, number | string>> {
  return series.flatMap((s) =>
    s.x.map((x, i) => ({ curve: `${s.name} (${areaName} ${s.area.toFixed(3)})`, i, x, y: s.y[i]! })),
  );
}

function curveSpec(
  series: readonly CurveSeries[],
  title: string,
  axes: { x: string; y: string },
  areaName: string,
  interpolate: "linear" | "step-before",
  chance: Array<{ x: number; y: number }>,
): TopLevelSpec {
  return {
    title,
    width: WIDTH,
    height: HEIGHT,
    config: CONFIG,
    layer: [
      {
        data: { values: chance },
        mark: { type: "line", strokeDash: [4, 4], color: "#999", strokeWidth: 1 },
        encoding: {
          x: { field: "x", type: "quantitative", scale: UNIT, title: axes.x },
          y: { field: "y", type: "quantitative", scale: UNIT, title: axes.y },
        },
      },
      {
        data: { values: rows(series, areaName) },
        mark: { type: "line", interpolate, strokeWidth: 2, clip: true },
        encoding: {
          x: { field: "x", type: "quantitative", scale: UNIT, title: axes.x },
          y: { field: "y", type: "quantitative", scale: UNIT, title: axes.y },
          color: {
            field: "curve",
            type: "nominal",
            sort: null,
            legend: { orient: "bottom", columns: 1, title: null },
          },
          order: { field: "i", type: "quantitative" },
        },
      },
    ],
  };
}

/** ROC curves with the chance diagonal; the legend gives each curve's AUROC. */
export function rocPlotSpec(series: readonly CurveSeries[]): TopLevelSpec {
  const chance = [
    { x: 0, y: 0 },
    { x: 1, y: 1 },
  ];
  return curveSpec(
    series,
    "ROC curve",
    { x: "False positive rate", y: "True positive rate" },
    "AUROC",
    "linear",
    chance,
  );
}

/**
 * Precision–recall curves, drawn as scikit-learn's step function (the area under the steps is the average
 * precision); the dashed line is the prevalence of the first curve (a random ranking).
 */
export function prPlotSpec(series: readonly CurveSeries[], prevalence: number | null): TopLevelSpec {
  const chance =
    prevalence === null
      ? []
      : [
          { x: 0, y: prevalence },
          { x: 1, y: prevalence },
        ];
  return curveSpec(series, "Precision-recall curve", { x: "Recall", y: "Precision" }, "AP", "step-before", chance);
}

/** Reliability diagram (fraction positive against mean predicted probability per bin) over a histogram of counts. */
export function calibrationPlotSpec(bins: readonly ReliabilityBin[]): TopLevelSpec {
  const filled = bins.filter((b) => b.count > 0);
  const x = { field: "meanPredicted", type: "quantitative" as const, scale: UNIT, title: "Mean predicted probability" };
  return {
    title: "Calibration (reliability)",
    config: CONFIG,
    vconcat: [
      {
        width: WIDTH,
        height: HEIGHT,
        layer: [
          {
            data: {
              values: [
                { meanPredicted: 0, fractionPositive: 0 },
                { meanPredicted: 1, fractionPositive: 1 },
              ],
            },
            mark: { type: "line", strokeDash: [4, 4], color: "#999", strokeWidth: 1 },
            encoding: { x, y: { field: "fractionPositive", type: "quantitative", scale: UNIT } },
          },
          {
            data: { values: filled },
            mark: { type: "line", point: { filled: true, size: 40 }, strokeWidth: 2, color: "#4c78a8" },
            encoding: {
              x,
              y: { field: "fractionPositive", type: "quantitative", scale: UNIT, title: "Fraction positive" },
            },
          },
        ],
      },
      {
        width: WIDTH,
        height: 80,
        data: { values: bins.map((b) => ({ lower: b.lower, upper: b.upper, count: b.count })) },
        mark: { type: "bar", color: "#9ecae1", stroke: "#4c78a8", strokeWidth: 0.5 },
        encoding: {
          x: { field: "lower", type: "quantitative", scale: UNIT, title: "Predicted probability (bin)" },
          x2: { field: "upper" },
          y: { field: "count", type: "quantitative", title: "Samples" },
          y2: { datum: 0 },
        },
      },
    ],
  };
}
