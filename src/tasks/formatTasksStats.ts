/** Plain-text rendering of tasksStats() for the terminal (counts and reasons only, never note text). */
import { SPLITS, type Split } from "./splits/Split.ts";
import type { TaskStats, TasksStats } from "./taskStats.ts";

const pct = (x: number | null) => (x === null ? "–" : `${(x * 100).toFixed(1)}%`);
const perSplit = (r: Record<Split, number | string>) => SPLITS.map((s) => `${s} ${r[s]}`).join("  ");

export function formatTasksStats(stats: TasksStats): string {
  const lines: string[] = [];
  const b = stats.build;
  lines.push(`tasks in ${stats.dir}`);
  if (b) {
    lines.push(
      `  source ${b.source} (${b.inputDir}), seed ${b.seed}, built ${b.createdAt} by prognos ${b.prognosVersion}`,
    );
    lines.push(`  split: ${b.split}`);
    if (b.stayFilter) lines.push(`  stay filter: ${b.stayFilter}`);
    if (b.status === "no-notes") lines.push(`  no note tasks: ${b.message}`);
    if (b.admissionNotes) {
      const n = b.admissionNotes;
      lines.push(
        `  admission notes: ${n.kept} made from ${n.candidateStays} admissions with candidate notes (${n.rules})`,
      );
    }
  }
  if (stats.noteDrops.length > 0) {
    lines.push("  notes dropped, per step (each note or admission counted once, at the first rule it breaks):");
    for (const d of stats.noteDrops) {
      lines.push(`    step ${d.step}  ${String(d.count).padStart(7)} ${d.unit.padEnd(10)} ${d.reason}`);
    }
  }
  const sourceSkips = b?.sourceSkips ?? [];
  if (sourceSkips.length > 0) {
    lines.push("  rows the reader skipped or kept with a caveat, per file and reason:");
    for (const s of sourceSkips) {
      lines.push(`    ${String(s.count).padStart(7)}  ${s.file}: ${s.reason} (rows ${s.exampleRows.join(", ")}…)`);
    }
  }
  const labelSkips = b?.labelSkips ?? [];
  if (labelSkips.length > 0) {
    lines.push("  codes without a label (not in any task's labels), per table and reason:");
    for (const s of labelSkips) {
      lines.push(`    ${String(s.count).padStart(7)}  ${s.file}: ${s.reason} (rows ${s.exampleRows.join(", ")}…)`);
    }
  }
  for (const t of stats.tasks) lines.push("", ...formatTask(t));
  return `${lines.join("\n")}\n`;
}

function formatTask(t: TaskStats): string[] {
  const lines = [`${t.task}  (${t.labelType}, label column ${t.labelColumn})`];
  lines.push(`  rows         ${perSplit(t.rows)}`);
  if (t.meanLabelsPerRow) {
    const mean = Object.fromEntries(
      SPLITS.map((s) => [s, t.meanLabelsPerRow![s] === null ? "–" : t.meanLabelsPerRow![s]!.toFixed(2)]),
    ) as Record<Split, string>;
    lines.push(`  labels       ${t.labelsSeen} seen in the rows, ${t.labelsListed} in labels.json`);
    lines.push(`  per row      ${perSplit(mean)} (mean labels per admission)`);
    lines.push(`  top labels   ${t.topLabels.map((l) => `${l.label} (${l.rows})`).join(", ")}`);
    const width = Math.max(6, ...t.topLabels.slice(0, 5).map((l) => l.label.length));
    for (const l of t.topLabels.slice(0, 5)) lines.push(`               ${l.label.padEnd(width)} ${l.title}`);
  }
  if (t.classCounts) {
    for (const [label, counts] of Object.entries(t.classCounts)) {
      const title = t.topLabels.find((l) => l.label === label)?.title ?? "";
      lines.push(`  class ${label.padEnd(6)} ${perSplit(counts)}  ${title}`);
    }
  }
  if (t.deathRate) lines.push(`  death rate   ${SPLITS.map((s) => `${s} ${pct(t.deathRate![s])}`).join("  ")}`);
  const dropped = t.drops.filter((d) => d.count > 0);
  if (dropped.length > 0) {
    lines.push("  dropped for this task:");
    for (const d of dropped) lines.push(`    ${String(d.count).padStart(7)}  ${d.reason}`);
  }
  return lines;
}
