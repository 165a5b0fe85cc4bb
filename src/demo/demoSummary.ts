import { relative } from "node:path";
import type { PairedDifference } from "../evaluation/pairedDifference.ts";
import { type DemoConfig, describeTaskRecipe } from "./DemoConfig.ts";
import type { EncoderSummary } from "./demoEncoder.ts";
import type { DemoModelResult } from "./fineTuneDemoTask.ts";

export const DEMO_NOTICE =
  "Trained and evaluated on synthetic data only: the demo model has no clinical validity and must not be used on patients.";

/** One model's test result on one task, as summary.json holds it. */
export interface DemoModelSummary {
  macroAuroc: number | null;
  ci95: [number | null, number | null] | null;
  valMacroAuroc: number | null;
  dir: string;
  report: string;
  metrics: string;
  predictions: string;
  seconds: number;
  [detail: string]: unknown;
}

export interface DemoTaskSummary {
  task: string;
  problemType: string;
  labels: number;
  /** Labels with a positive and a negative on test (those the macro AUROC averages). */
  labelsEvaluated: number;
  rows: { train: number; val: number; test: number };
  transformer: DemoModelSummary;
  bow: DemoModelSummary;
  /** Transformer minus bag-of-words, with a paired bootstrap interval. */
  difference: PairedDifference;
}

export interface DemoSummary {
  notice: string;
  config: DemoConfig;
  hospital: { dir: string; patients: number; admissions: number; inHospitalDeaths: number };
  tasksDir: string;
  encoder: EncoderSummary;
  tasks: DemoTaskSummary[];
  /** Wall-clock seconds per phase and in all. */
  seconds: Record<string, number>;
  machine: {
    cpus: number;
    cpuModel: string;
    memoryGiB: number;
    node: string;
    platform: string;
    /** Other work on the machine slows the demo down: the 1-minute load average when it started and ended. */
    loadAverage1min: { start: number; end: number };
  };
  prognosVersion: string;
  createdAt: string;
}

export function modelSummary(r: DemoModelResult): DemoModelSummary {
  const h = r.metrics.headline;
  return {
    macroAuroc: h.value,
    ci95: h.interval ? [h.interval.lower, h.interval.upper] : null,
    valMacroAuroc: r.valMacroAuroc,
    dir: r.dir,
    report: r.files.report,
    metrics: r.files.metrics,
    predictions: r.files.predictions,
    seconds: r.seconds,
    ...r.detail,
  };
}

const f3 = (x: number | null | undefined) => (x === null || x === undefined ? "n/a" : x.toFixed(3));
const signed = (x: number | null) => (x === null ? "n/a" : `${x >= 0 ? "+" : "−"}${Math.abs(x).toFixed(3)}`);

function withCi(m: DemoModelSummary): string {
  return m.ci95 ? `${f3(m.macroAuroc)} (${f3(m.ci95[0])}–${f3(m.ci95[1])})` : f3(m.macroAuroc);
}

function diff(d: PairedDifference): string {
  return d.lower === null ? signed(d.value) : `${signed(d.value)} (${signed(d.lower)} to ${signed(d.upper)})`;
}

/** The side-by-side table as plain text (stdout). */
export function summaryTable(s: DemoSummary): string {
  const rows = [
    ["task", "transformer (95% CI)", "bag-of-words (95% CI)", "difference (95% CI)"],
    ...s.tasks.map((t) => [t.task, withCi(t.transformer), withCi(t.bow), diff(t.difference)]),
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows
    .map((r) =>
      r
        .map((cell, c) => cell.padEnd(widths[c]!))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

/** The markdown table (summary.md, README, docs/benchmarks.md). */
export function markdownTable(s: DemoSummary): string {
  const lines = [
    "| task | labels (evaluated) | transformer macro AUROC (95% CI) | bag-of-words macro AUROC (95% CI) | difference (95% CI, paired) |",
    "|---|---|---|---|---|",
  ];
  for (const t of s.tasks)
    lines.push(
      `| ${t.task} | ${t.labels} (${t.labelsEvaluated}) | ${withCi(t.transformer)} | ${withCi(t.bow)} | ${diff(t.difference)} |`,
    );
  return lines.join("\n");
}

/** What the demo prints at the end: the table and where the reports are. */
export function summaryText(s: DemoSummary, summaryFiles: { json: string; md: string }): string {
  const rel = (p: string) => {
    const r = relative(process.cwd(), p);
    return r === "" ? "." : r.startsWith("..") ? p : r;
  };
  const out = [
    "",
    `Test split macro AUROC (95% bootstrap intervals, ${s.config.bootstrap} resamples; difference = transformer − bag-of-words, paired):`,
    "",
    summaryTable(s),
    "",
    "Reports (open in a browser):",
  ];
  for (const t of s.tasks) out.push(`  ${rel(t.transformer.report)}`, `  ${rel(t.bow.report)}`);
  out.push(
    "",
    `Summary: ${rel(summaryFiles.md)}, ${rel(summaryFiles.json)}`,
    `Encoder: ${rel(s.encoder.dir)}; fine-tuned checkpoints: ${rel(s.tasks[0]?.transformer.dir ?? "")}/best …`,
    `Total ${(s.seconds.total! / 60).toFixed(1)} min.`,
    "",
    DEMO_NOTICE,
    "",
  );
  return out.join("\n");
}

/** summary.md: the notice, the table, how it was made, where everything is. */
export function summaryMarkdown(s: DemoSummary): string {
  const c = s.config;
  const rel = (p: string) => relative(c.out, p);
  const e = s.encoder;
  const pre = e.pretraining;
  const lines = [
    "# Prognos demo",
    "",
    `> ${DEMO_NOTICE}`,
    "",
    `Synthetic hospital: ${s.hospital.admissions} admissions, ${s.hospital.patients} patients, seed ${c.seed}. ` +
      `Test split macro AUROC (95% percentile bootstrap, ${c.bootstrap} resamples; the difference's interval pairs the resamples):`,
    "",
    markdownTable(s),
    "",
    "## How it was made",
    "",
    `- Encoder: \`${e.dir}\`: BERT, ${e.layers} layers, hidden ${e.hidden}, ${e.heads} heads, intermediate ${e.intermediate}, ` +
      `${e.positions} positions, ${e.vocabulary} word pieces (${(e.parameters / 1e6).toFixed(2)} M parameters)` +
      (pre?.objective ? `, pre-trained with \`prognos pretrain ${pre.objective}${pre.mlm ? " --mlm" : ""}\`` : "") +
      (e.card ? `; model card: ${e.card}.` : "."),
    `- Fine-tuning (each task): max ${c.fineTune.maxLength} tokens, ${c.fineTune.pooling} pooling, ${c.fineTune.epochs} epoch(s), batch ${c.fineTune.batchSize}, ` +
      `AdamW lr ${c.fineTune.lr} with ${c.fineTune.warmupSteps} warm-up steps then linear decay, dropout ${c.fineTune.dropout}, ` +
      "class weights, best val macro AUROC kept; notes truncated." +
      s.tasks
        .map((t) => describeTaskRecipe(c, t.task))
        .map((d) => (d ? ` ${d}` : ""))
        .join(""),
    "- Bag-of-words: TF-IDF + logistic regression (the baseline's defaults), best val macro AUROC kept.",
    "",
    "## Where things are",
    "",
    "| task | transformer report | bag-of-words report | val macro AUROC (transformer / BoW) |",
    "|---|---|---|---|",
    ...s.tasks.map(
      (t) =>
        `| ${t.task} | [${rel(t.transformer.report)}](${rel(t.transformer.report)}) | [${rel(t.bow.report)}](${rel(t.bow.report)}) | ${f3(t.transformer.valMacroAuroc)} / ${f3(t.bow.valMacroAuroc)} |`,
    ),
    "",
    `Hospital: \`${rel(s.hospital.dir)}\`; tasks: \`${rel(s.tasksDir)}\`.`,
    "",
    `Wall time: ${Object.entries(s.seconds)
      .map(([k, v]) => `${k} ${v.toFixed(0)} s`)
      .join(", ")} (${s.machine.cpus} × ${s.machine.cpuModel}).`,
    "",
  ];
  return lines.join("\n");
}
