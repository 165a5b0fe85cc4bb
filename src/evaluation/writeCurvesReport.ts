import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { TopLevelSpec } from "vega-lite";
import type { CurvePoint, CurveSummary } from "../training/ehr/trainingCurves.ts";
import { writing } from "../util/writeError.ts";
import { renderVegaLiteSvg, svgToPng } from "./renderVegaLite.ts";

const FONT = "DejaVu Sans, Helvetica, Arial, sans-serif";
const label = (s: Pick<CurveSummary, "head" | "pretrained">) => `${s.head}${s.pretrained ? " + Med-BERT" : ""}`;
const fmt = (x: number | null, d = 3) => (x === null ? "–" : x.toFixed(d));

/** The paper's figure: mean test AUROC against the training-set size (log scale), one line per head, ± 1 sd. */
export function curvesPlotSpec(summary: readonly CurveSummary[], title: string): TopLevelSpec {
  const values = summary
    .filter((s) => s.mean !== null)
    .map((s) => ({
      model: label(s),
      pretrained: s.pretrained ? "with Med-BERT" : "without pre-training",
      size: s.size,
      mean: s.mean,
      lower: s.mean! - (s.sd ?? 0),
      upper: s.mean! + (s.sd ?? 0),
    }));
  const x = {
    field: "size",
    type: "quantitative" as const,
    scale: { type: "log" as const },
    title: "training patients",
  };
  return {
    title,
    width: 520,
    height: 340,
    config: { font: FONT, axis: { grid: true, gridColor: "#eee" }, legend: { labelLimit: 400 } },
    data: { values },
    layer: [
      {
        mark: { type: "errorbar", ticks: true },
        encoding: {
          x,
          y: { field: "lower", type: "quantitative", title: "test AUROC" },
          y2: { field: "upper" },
          color: { field: "model" },
        },
      },
      {
        mark: { type: "line", point: true },
        encoding: {
          x,
          y: { field: "mean", type: "quantitative", title: "test AUROC", scale: { zero: false } },
          color: { field: "model", type: "nominal", title: "model" },
          strokeDash: { field: "pretrained", type: "nominal", title: "", legend: { symbolType: "stroke" } },
        },
      },
    ],
  } as TopLevelSpec;
}

/** A Markdown table: one row per size, one column per head and variant, "mean ± sd (repeats)". */
export function curvesTable(summary: readonly CurveSummary[]): string {
  const models = [...new Set(summary.map(label))];
  const sizes = [...new Set(summary.map((s) => s.size))].sort((a, b) => a - b);
  const cell = (m: string, n: number) => {
    const s = summary.find((x) => label(x) === m && x.size === n);
    return s ? `${fmt(s.mean)} ± ${fmt(s.sd)} (${s.repeats})` : "";
  };
  return [
    `| training patients | ${models.join(" | ")} |`,
    `|---:|${models.map(() => "---:").join("|")}|`,
    ...sizes.map((n) => `| ${n} | ${models.map((m) => cell(m, n)).join(" | ")} |`),
  ].join("\n");
}

const esc = (s: string) => s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");

/**
 * The experiment's outputs beside results.jsonl: curves.json (points and summary), curves.csv, curves.md (the
 * table), curves.svg and curves.png (the figure) and a self-contained report.html with both.
 */
export async function writeCurvesReport(
  out: string,
  points: readonly CurvePoint[],
  summary: readonly CurveSummary[],
  args: { title: string; config: unknown },
): Promise<string[]> {
  const svg = await renderVegaLiteSvg(curvesPlotSpec(summary, args.title));
  const table = curvesTable(summary);
  const csv = [
    "head,pretrained,size,repeats,mean_auroc,sd,min,max",
    ...summary.map((s) =>
      [s.head, s.pretrained, s.size, s.repeats, s.mean ?? "", s.sd ?? "", s.min ?? "", s.max ?? ""].join(","),
    ),
  ].join("\n");
  const rows = table
    .split("\n")
    .filter((_, i) => i !== 1)
    .map((l, i) => {
      const cells = l
        .split("|")
        .slice(1, -1)
        .map((c) => esc(c.trim()));
      const tag = i === 0 ? "th" : "td";
      return `<tr>${cells.map((c) => `<${tag}>${c}</${tag}>`).join("")}</tr>`;
    })
    .join("\n");
  const html = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(args.title)}</title>
<style>body{font-family:${FONT};margin:2em auto;max-width:1100px;color:#222;padding:0 1em}
table{border-collapse:collapse;font-size:.9em}th,td{padding:3px 10px;border-bottom:1px solid #eee;text-align:right}
pre{background:#f6f6f6;padding:1em;overflow-x:auto;font-size:.85em}.muted{color:#666;font-size:.9em}</style></head>
<body><h1>${esc(args.title)}</h1>
<p class="muted">Mean test AUROC over bootstrap samples of the training split (± 1 standard deviation; the number of
samples in brackets). Synthetic data only: no clinical validity.</p>
${svg}
<table>${rows}</table>
<h2>Configuration</h2><pre>${esc(JSON.stringify(args.config, null, 2))}</pre>
</body></html>
`;
  const files = ["curves.json", "curves.csv", "curves.md", "curves.svg", "curves.png", "report.html"].map((f) =>
    join(out, f),
  );
  writing(out, () => {
    writeFileSync(files[0]!, `${JSON.stringify({ summary, points }, null, 2)}\n`);
    writeFileSync(files[1]!, `${csv}\n`);
    writeFileSync(files[2]!, `${table}\n`);
    writeFileSync(files[3]!, svg);
    writeFileSync(files[4]!, svgToPng(svg));
    writeFileSync(files[5]!, html);
  });
  return files;
}
