import type { MetricsReport } from "./MetricsReport.ts";
import { calibrationPlotSpec, prPlotSpec, rocPlotSpec } from "./plotSpecs.ts";
import { renderVegaLiteSvg } from "./renderVegaLite.ts";
import type { ReportCurves } from "./reportCurves.ts";

export interface RenderReportArgs {
  metrics: MetricsReport;
  /** The run's configuration (model, task, split, seeds…), shown as JSON. */
  config: unknown;
  curves: ReportCurves;
  /** Page title; default "Prognos evaluation". */
  title?: string;
}

/**
 * report.html: one self-contained page — inline CSS, the ROC, precision–recall and calibration plots as inline SVG
 * rendered on the server (`renderVegaLiteSvg`), the metrics with their bootstrap intervals and definitions, the
 * labels left out of macro averages, the per-label table, and the run's config as JSON. No script, no external
 * reference: it opens offline, prints, and can be mailed. Async because vega renders asynchronously.
 */
export async function renderReport({ metrics, config, curves, title }: RenderReportArgs): Promise<string> {
  const m = metrics;
  const pageTitle = title ?? "Prognos evaluation";
  const firstPr = m.perLabel.find((r) => r.label === curves.pr[0]?.name);
  const prevalence =
    m.problemType === "multi-label" && curves.pr[0]?.name === "micro"
      ? microPrevalence(m)
      : firstPr
        ? firstPr.positives / (firstPr.positives + firstPr.negatives)
        : null;
  const plots: Array<{ caption: string; svg: string }> = [];
  if (curves.roc.length > 0)
    plots.push({ caption: rocCaption(m), svg: await renderVegaLiteSvg(rocPlotSpec(curves.roc)) });
  if (curves.pr.length > 0) {
    plots.push({
      caption:
        "Precision-recall, step-wise as average precision is computed; dashed: the prevalence of the first curve.",
      svg: await renderVegaLiteSvg(prPlotSpec(curves.pr, prevalence)),
    });
  }
  if (m.calibration.bins.some((b) => b.count > 0)) {
    plots.push({
      caption: `15 equal-width bins; dashed: perfect calibration. ${capitalize(m.calibration.definition)}.`,
      svg: await renderVegaLiteSvg(calibrationPlotSpec(m.calibration.bins)),
    });
  }
  const headline = m.headline;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${esc(pageTitle)}</title>
<style>
body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; margin: 2em auto; max-width: 1200px; color: #222; padding: 0 1em; }
h1 { font-size: 1.5em; margin-bottom: 0.2em; } h2 { font-size: 1.15em; margin-top: 2em; border-bottom: 1px solid #ddd; }
.headline { font-size: 1.3em; margin: 0.8em 0; } .collapsed { background: #fdecea; border: 1px solid #e0a19b; padding: 0.6em 1em; } .muted { color: #666; font-size: 0.9em; }
table { border-collapse: collapse; font-size: 0.9em; } th, td { padding: 3px 10px; border-bottom: 1px solid #eee; text-align: left; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.plots { display: flex; flex-wrap: wrap; gap: 1.5em; } figure { margin: 0; } figcaption { max-width: 420px; font-size: 0.85em; color: #555; }
pre { background: #f6f6f6; padding: 1em; overflow-x: auto; font-size: 0.85em; }
</style>
</head>
<body>
<h1>${esc(pageTitle)}</h1>
<p class="muted">${esc(m.problemType)} task · ${m.n.toLocaleString("en")} samples · ${m.nLabels.toLocaleString("en")} ${m.problemType === "multi-label" ? "labels" : "classes"}${bootstrapLine(m)}</p>
<p class="headline">Macro AUROC <strong>${fmt(headline.value)}</strong>${headline.interval ? ` <span class="muted">(95% CI ${fmt(headline.interval.lower)}–${fmt(headline.interval.upper)})</span>` : ""}</p>
${spreadLine(m)}
<h2>Metrics</h2>
${metricsTable(m)}
${skippedSection(m)}
<h2>Plots</h2>
<div class="plots">
${plots.map((p) => `<figure>\n${p.svg}\n<figcaption>${esc(p.caption)}</figcaption>\n</figure>`).join("\n")}
</div>
<h2>Per ${m.problemType === "multi-label" ? "label" : "class"}</h2>
${perLabelTable(m)}
<h2>Run configuration</h2>
<pre>${esc(JSON.stringify(config, null, 2) ?? "null")}</pre>
</body>
</html>
`;
}

function microPrevalence(m: MetricsReport): number {
  let pos = 0;
  for (const r of m.perLabel) pos += r.positives;
  return pos / (m.n * m.nLabels);
}

function rocCaption(m: MetricsReport): string {
  if (m.problemType === "multi-label") return "ROC: micro-average over all labels and the most frequent labels.";
  if (m.problemType === "multi-class") return "ROC: one-vs-rest per class (the headline AUROC is one-vs-one).";
  return "ROC of the risk score.";
}

function bootstrapLine(m: MetricsReport): string {
  if (!m.bootstrap) return " · no bootstrap";
  return ` · intervals: ${m.bootstrap.resamples.toLocaleString("en")} bootstrap resamples, seed ${esc(String(m.bootstrap.seed))}, ${Math.round(m.bootstrap.level * 100)}% percentile`;
}

function metricsTable(m: MetricsReport): string {
  const rows = Object.entries(m.metrics).map(([name, e]) => {
    const i = e.interval;
    const ci = i ? `${fmt(i.lower)} – ${fmt(i.upper)}` : "";
    const skipped = i ? `${i.resamples}${i.undefinedResamples > 0 ? ` (+${i.undefinedResamples} undefined)` : ""}` : "";
    return `<tr><td>${esc(name)}</td><td class="num">${fmt(e.value)}</td><td class="num">${ci}</td><td class="num">${skipped}</td><td class="muted">${esc(e.definition)}</td></tr>`;
  });
  return `<table>
<thead><tr><th>metric</th><th class="num">value</th><th class="num">95% CI</th><th class="num">resamples</th><th>definition</th></tr></thead>
<tbody>
${rows.join("\n")}
</tbody>
</table>`;
}

function skippedSection(m: MetricsReport): string {
  const kind = m.problemType === "multi-label" ? "labels" : "classes";
  if (m.skippedLabels.length === 0) return `<p class="muted">All ${m.nLabels} ${kind} have an AUROC on this split.</p>`;
  const list = m.skippedLabels.map((s) => `${esc(s.label)} (${s.reason})`).join(", ");
  return `<p class="muted">${m.labelsEvaluated} of ${m.nLabels} ${kind} have an AUROC; ${m.skippedLabels.length} left out of macro averages: ${list}.</p>`;
}

function perLabelTable(m: MetricsReport): string {
  const f1 = m.problemType === "multi-class";
  const titles = m.perLabel.some((r) => r.title !== null);
  const rows = m.perLabel.map(
    (r) =>
      `<tr><td>${esc(r.label)}</td>${titles ? `<td>${esc(r.title ?? "")}</td>` : ""}<td class="num">${r.positives}</td><td class="num">${r.negatives}</td><td class="num">${fmt(r.auroc)}</td><td class="num">${fmt(r.averagePrecision)}</td>${f1 ? `<td class="num">${fmt(r.f1 ?? null)}</td>` : ""}</tr>`,
  );
  return `<table>
<thead><tr><th>${m.problemType === "multi-label" ? "label" : "class"}</th>${titles ? "<th>title</th>" : ""}<th class="num">positives</th><th class="num">negatives</th><th class="num">AUROC${m.problemType === "multi-class" ? " (vs rest)" : ""}</th><th class="num">AP</th>${f1 ? '<th class="num">F1</th>' : ""}</tr></thead>
<tbody>
${rows.join("\n")}
</tbody>
</table>`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function fmt(v: number | null): string {
  return v === null ? "—" : v.toFixed(4);
}

function esc(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");
}

/** The spread of the predictions; a collapsed model (probabilities that barely move) is flagged in a box. */
function spreadLine(m: MetricsReport): string {
  const s = m.spread;
  const text = `Spread of the predictions ${s.value.toPrecision(3)} (${s.definition}); range ${fmt(s.range[0])}–${fmt(s.range[1])}.`;
  if (!s.collapsed) return `<p class="muted">${esc(text)}</p>`;
  return `<p class="collapsed"><strong>Collapsed model:</strong> the predicted probabilities barely move with the input (spread ${s.value.toPrecision(2)} &lt; ${s.threshold}). Whatever the metrics say, this model has not learned; <code>prognos doctor</code> says more. ${esc(text)}</p>`;
}
