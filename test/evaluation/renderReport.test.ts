import assert from "node:assert/strict";
import { test } from "node:test";
import { evaluatePredictions } from "../../src/evaluation/evaluatePredictions.ts";
import type { PredictionSet } from "../../src/evaluation/PredictionSet.ts";
import { calibrationPlotSpec, rocPlotSpec } from "../../src/evaluation/plotSpecs.ts";
import { renderReport } from "../../src/evaluation/renderReport.ts";
import { renderVegaLiteSvg, svgToPng } from "../../src/evaluation/renderVegaLite.ts";
import { computeReportCurves } from "../../src/evaluation/reportCurves.ts";
import { SeededRandom } from "../../src/util/SeededRandom.ts";

function multiLabelSet(n: number, L: number): PredictionSet {
  const rng = SeededRandom.from(9, "report");
  const yTrue = new Uint8Array(n * L);
  const scores = new Float32Array(n * L);
  for (let i = 0; i < n; i++) {
    for (let l = 0; l < L; l++) {
      const y = l > 0 && rng.chance(0.4 / l) ? 1 : 0; // label 0 never occurs: it is skipped
      yTrue[i * L + l] = y;
      scores[i * L + l] = 1 / (1 + Math.exp(-(rng.normal(-1, 1) + 1.5 * y)));
    }
  }
  const labelNames = Array.from({ length: L }, (_, l) => `4${String(l).padStart(2, "0")}`);
  return { problemType: "multi-label", labelNames, labelTitles: { "401": "Essential hypertension" }, yTrue, scores };
}

/** The report's text with the SVG namespace declarations removed: what remains must reference nothing outside. */
function withoutNamespaces(html: string): string {
  return html.replace(/xmlns(:\w+)?="http:\/\/www\.w3\.org\/[^"]*"/g, "");
}

test("report.html is self-contained: one inline SVG per plot, no script, no external reference, the config and tables", async () => {
  const set = multiLabelSet(300, 8);
  const metrics = evaluatePredictions({ ...set, bootstrap: { resamples: 100 } });
  const curves = computeReportCurves(set, { topLabels: 3 });
  assert.deepEqual(
    curves.roc.map((c) => c.name),
    ["micro", "401 Essential hypertension", "402", "403"],
  );
  const config = { model: "models/core-biobert", task: "tasks/DIA", seed: 42, note: "</pre><script>x()</script>" };
  const html = await renderReport({ metrics, config, curves, title: "DIA test split" });
  assert.ok(html.startsWith("<!DOCTYPE html>"));
  assert.equal(html.match(/<svg/g)?.length, 3, "ROC, PR and calibration plots");
  const rest = withoutNamespaces(html);
  assert.ok(!/https?:\/\//.test(rest), `external reference: ${rest.match(/.{40}https?:\/\/.{40}/)?.[0]}`);
  assert.ok(!/<script|<link|<img|<iframe|\ssrc=|@import|url\((?!#)/i.test(html), "no script, link, image or import");
  assert.ok(html.includes('clip-path="url(#clip'), "local references (clip paths) only");
  assert.ok(html.includes("&lt;/pre&gt;&lt;script&gt;x()&lt;/script&gt;"), "config text is escaped");
  assert.ok(html.includes("&quot;model&quot;: &quot;models/core-biobert&quot;"), "the config is shown as JSON");
  assert.ok(html.includes(`<strong>${metrics.headline.value!.toFixed(4)}</strong>`), "headline value");
  assert.ok(html.includes("95% CI"));
  assert.ok(html.includes("<td>Essential hypertension</td>"), "per-label titles");
  assert.ok(html.includes("400 (no positive)"), "skipped labels are listed with the reason");
  for (const name of Object.keys(metrics.metrics)) assert.ok(html.includes(`<td>${name}</td>`), name);
  // Curves are drawn: the ROC plot has one line path per curve plus the diagonal, and axis titles.
  assert.ok(
    html.includes("False positive rate") && html.includes("Precision") && html.includes("Mean predicted probability"),
  );
  assert.ok(html.includes("micro (AUROC "), "legend with areas");
});

test("reports for binary and multi-class tasks render their plots", async () => {
  const rng = SeededRandom.from(4);
  const n = 200;
  const yTrue = Int32Array.from({ length: n }, () => rng.int(0, 4));
  const scores = new Float64Array(n * 4);
  for (let i = 0; i < n; i++) for (let c = 0; c < 4; c++) scores[i * 4 + c] = c === yTrue[i] ? 0.4 : 0.2;
  const mc: PredictionSet = { problemType: "multi-class", labelNames: ["≤3", "3-7", "7-14", ">14"], yTrue, scores };
  const bin: PredictionSet = {
    problemType: "binary",
    labelNames: ["alive", "died"],
    yTrue: Int32Array.from(yTrue, (y) => (y === 3 ? 1 : 0)),
    scores: Float64Array.from(yTrue, (y) => (y === 3 ? 0.7 : 0.2) + rng.uniform(0, 0.2)),
  };
  for (const set of [mc, bin]) {
    const html = await renderReport({
      metrics: evaluatePredictions({ ...set, bootstrap: false }),
      curves: computeReportCurves(set),
      config: {},
    });
    assert.equal(html.match(/<svg/g)?.length, 3, set.problemType);
    assert.ok(html.includes(set.problemType === "binary" ? "died (AUROC " : "&gt;14 (AUROC "), set.problemType);
    assert.ok(html.includes(set.problemType === "binary" ? "no bootstrap" : '<th class="num">F1</th>'));
  }
});

test("plots rasterise to PNG with resvg", async () => {
  const svg = await renderVegaLiteSvg(rocPlotSpec([{ name: "a", area: 0.75, x: [0, 0.5, 1], y: [0, 1, 1] }]));
  assert.ok(svg.startsWith("<svg"));
  assert.ok(svg.includes("<path"), "the curve is a path");
  const png = svgToPng(svg);
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.ok(png.length > 5000);
  const cal = await renderVegaLiteSvg(
    calibrationPlotSpec([{ lower: 0, upper: 1, count: 3, meanPredicted: 0.4, fractionPositive: 0.33 }]),
  );
  assert.ok(cal.includes("Fraction positive"));
});
