// Public API of the evaluation module: metrics exactly as scikit-learn computes them (checked against committed
// scikit-learn 1.2 fixtures), seeded bootstrap intervals, predictions.csv, and a self-contained report.html.
// Typical use (the `evaluate` command):
//   const metrics = evaluatePredictions({ problemType, labelNames, labelTitles, yTrue, scores, seed });
//   const html = await renderReport({ metrics, config, curves: computeReportCurves({ ... }) });
// This file only re-exports.

export { parseCsv } from "../util/CsvRecordParser.ts";
export { accuracy } from "./accuracy.ts";
export { averagePrecision } from "./averagePrecision.ts";
export { type BinaryClfCurve, binaryClfCurve } from "./binaryClfCurve.ts";
export {
  type BootstrapInterval,
  type BootstrapOptions,
  bootstrapIntervals,
  percentile,
  type WeightedStatistic,
} from "./bootstrapIntervals.ts";
export { type EvaluateArgs, evaluatePredictions } from "./evaluatePredictions.ts";
export {
  binEdges,
  binIndex,
  eceFromBins,
  expectedCalibrationError,
  type ReliabilityBin,
  reliabilityBins,
} from "./expectedCalibrationError.ts";
export type { MetricEstimate, MetricsReport, PerLabelRow, SkippedLabel } from "./MetricsReport.ts";
export { f1Scores, type MacroF1Options, macroF1 } from "./macroF1.ts";
export { mannWhitneyAuc } from "./mannWhitneyAuc.ts";
export {
  argmaxRows,
  type MulticlassInputs,
  ovoRocAuc,
  ovrMacroRocAuc,
  ovrMicroRocAuc,
  ovrRocAucPerClass,
} from "./multiclassRocAuc.ts";
export {
  type CheckedPredictions,
  checkPredictions,
  type LabelType,
  type MatrixInput,
  type PredictionSet,
} from "./PredictionSet.ts";
export { calibrationPlotSpec, prPlotSpec, rocPlotSpec } from "./plotSpecs.ts";
export { type PrecisionRecallCurve, precisionRecallCurve } from "./precisionRecallCurve.ts";
export {
  type IdentifiedPredictions,
  type ReadPredictionsOptions,
  readPredictionsCsv,
  writePredictionsCsv,
} from "./predictionsCsv.ts";
export { RankedColumn } from "./RankedColumn.ts";
export { type RenderReportArgs, renderReport } from "./renderReport.ts";
export { renderVegaLiteSvg, svgToPng } from "./renderVegaLite.ts";
export { type CurveSeries, computeReportCurves, type ReportCurves, type ReportCurvesOptions } from "./reportCurves.ts";
export { rocAuc } from "./rocAuc.ts";
export { type RocCurve, type RocCurveOptions, rocCurve, trapezoidArea } from "./rocCurve.ts";
export { WeightedCalibration } from "./WeightedCalibration.ts";
