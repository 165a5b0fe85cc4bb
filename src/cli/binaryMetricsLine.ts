import type { MetricsReport } from "../evaluation/MetricsReport.ts";

/** Binary tasks: ", AUPRC x, RP80 y" to follow the AUROC (ClinicalBERT's three metrics); "" for other tasks. */
export function binaryMetricsLine(m: MetricsReport): string {
  if (m.problemType !== "binary") return "";
  const f = (v: number | null | undefined) => (v === null || v === undefined ? "undefined" : v.toFixed(4));
  return `, AUPRC ${f(m.metrics.auprc?.value)}, RP80 ${f(m.metrics.rp80?.value)}`;
}
