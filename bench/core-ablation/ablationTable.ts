import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type PairedDifference, pairedMacroAurocDifference } from "../../src/evaluation/pairedDifference.ts";
import { type IdentifiedPredictions, readPredictionsCsv } from "../../src/evaluation/predictionsCsv.ts";

/** One model's test predictions: an arm (none | mlm | core) or the bag-of-words baseline (bow). */
export interface ArmResult {
  task: string;
  arm: string;
  predictions: string;
}

export interface AblationRow {
  task: string;
  /** Test macro AUROC with its 95% bootstrap interval, per arm (from the run's metrics.json). */
  auroc: Record<string, { value: number | null; lower: number | null; upper: number | null }>;
  /** Val macro AUROC at the kept checkpoint, per arm: what a choice between arms may be made on. */
  val: Record<string, number | null>;
  /** Paired differences: the paper's claim is core > mlm > none. */
  differences: Record<string, PairedDifference>;
}

const ARMS = ["none", "mlm", "core", "bow"] as const;
const PAIRS = [
  ["core", "mlm"],
  ["mlm", "none"],
  ["core", "none"],
  ["core", "bow"],
  ["mlm", "bow"],
] as const;

function headline(predictionsCsv: string) {
  const m = JSON.parse(readFileSync(join(predictionsCsv, "..", "metrics.json"), "utf8")) as {
    headline: { value: number | null; interval?: { lower: number | null; upper: number | null } };
  };
  return {
    value: m.headline.value,
    lower: m.headline.interval?.lower ?? null,
    upper: m.headline.interval?.upper ?? null,
  };
}

/**
 * The val figure of the run that wrote `<run>/eval-test/predictions.csv`: a fine-tuned transformer's best/run.json
 * `val_metric` (the early-stopping metric at the kept checkpoint), or the baseline's eval-val/metrics.json headline.
 */
function valFigure(predictionsCsv: string): number | null {
  const run = join(predictionsCsv, "..", "..");
  const best = join(run, "best", "run.json");
  if (existsSync(best)) return (JSON.parse(readFileSync(best, "utf8")) as { val_metric?: number }).val_metric ?? null;
  const evalVal = join(run, "eval-val", "metrics.json");
  if (existsSync(evalVal))
    return (JSON.parse(readFileSync(evalVal, "utf8")) as { headline: { value: number | null } }).headline.value;
  return null;
}

const f3 = (x: number | null) => (x === null ? "n/a" : x.toFixed(3));
const signed = (x: number | null) => (x === null ? "n/a" : `${x >= 0 ? "+" : "−"}${Math.abs(x).toFixed(3)}`);

/** Reads every arm's predictions and writes the ablation table (markdown) with paired bootstrap differences. */
export function ablationTable(
  results: readonly ArmResult[],
  options: { resamples: number; seed: number },
): { rows: AblationRow[]; markdown: string } {
  const tasks = [...new Set(results.map((r) => r.task))];
  const rows: AblationRow[] = tasks.map((task) => {
    const sets = new Map<string, IdentifiedPredictions>();
    const auroc: AblationRow["auroc"] = {};
    const val: AblationRow["val"] = {};
    for (const r of results.filter((x) => x.task === task)) {
      sets.set(r.arm, readPredictionsCsv(readFileSync(r.predictions, "utf8"), { file: r.predictions }));
      auroc[r.arm] = headline(r.predictions);
      val[r.arm] = valFigure(r.predictions);
    }
    const differences: AblationRow["differences"] = {};
    for (const [a, b] of PAIRS) {
      const sa = sets.get(a);
      const sb = sets.get(b);
      if (sa && sb) differences[`${a}−${b}`] = pairedMacroAurocDifference(sa, sb, options);
    }
    return { task, auroc, val, differences };
  });
  const head =
    "| task | (a) no pre-training | (b) masked-LM | (c) masked-LM + outcome | bag-of-words | (c)−(b) | (b)−(a) | (c)−bag-of-words |\n" +
    "|---|---|---|---|---|---|---|---|";
  const cell = (x: { value: number | null; lower: number | null; upper: number | null } | undefined) =>
    x ? `${f3(x.value)} (${f3(x.lower)}–${f3(x.upper)})` : "—";
  const diff = (d: PairedDifference | undefined) =>
    d ? `${signed(d.value)} (${signed(d.lower)} to ${signed(d.upper)})` : "—";
  const lines = rows.map(
    (r) =>
      `| ${r.task} | ${ARMS.map((a) => cell(r.auroc[a])).join(" | ")} | ${diff(r.differences["core−mlm"])} | ${diff(r.differences["mlm−none"])} | ${diff(r.differences["core−bow"])} |`,
  );
  const valLines = rows.map((r) => `| ${r.task} | ${ARMS.map((a) => f3(r.val[a] ?? null)).join(" | ")} |`);
  const valTable =
    "Val macro AUROC at the kept checkpoint (what a choice between arms is made on)\n\n" +
    "| task | (a) no pre-training | (b) masked-LM | (c) masked-LM + outcome | bag-of-words |\n|---|---|---|---|---|\n" +
    valLines.join("\n");
  return {
    rows,
    markdown: `Test macro AUROC (95% percentile bootstrap, ${options.resamples} resamples; differences paired on the same resampled rows)\n\n${head}\n${lines.join("\n")}\n\n${valTable}`,
  };
}
