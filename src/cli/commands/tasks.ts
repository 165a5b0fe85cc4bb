import { join, resolve } from "node:path";
import type { Command } from "commander";
import { SOURCE_IDS } from "../../sources/Timeline.ts";
import type { BuildCoreTasksResult, BuildProgress } from "../../tasks/buildCoreTasks.ts";
import { ALL_TASKS, parseTaskList } from "../../tasks/coreTasks.ts";
import { EARLY_WINDOWS } from "../../tasks/readmission/readmissionTasks.ts";
import { BUILD_MANIFEST_FILE, DEFAULT_SEED } from "../../tasks/taskManifest.ts";
import { DEFAULT_MEMORY_LIMIT } from "../../util/memoryLimit.ts";
import { ProgressBar } from "../../util/ProgressBar.ts";
import { RANGES } from "../../util/ranges.ts";
import { choiceOption, integerOption, rangeHelp } from "../options/index.ts";

interface BuildOptions {
  source: string;
  dir: string;
  out: string;
  seed: string;
  tasks?: string;
  cutSectionLeaks?: boolean;
  icd10Only?: boolean;
  earlyWindow: string;
  balanceTrain?: boolean;
  memoryLimit: string;
  overwrite?: boolean;
  progress: boolean;
  json?: boolean;
}

/**
 * `prognos tasks build --source <id> --dir <dir> --out <dir> [--seed N] [--tasks a,b]`: CORe's four outcome tasks
 * (docs/core-method.md §1–2) from a data source; `prognos tasks stats <dir> [--json]`: what a built folder holds.
 * Progress goes to stderr; results to stdout; note text is never printed.
 */
export function registerTasks(program: Command): void {
  const tasks = program.command("tasks").description("CORe's outcome tasks (admission notes + labels): build, stats");
  tasks
    .command("build")
    .description("build the task folders (train/val/test CSV + Parquet, labels, manifest) from a data source")
    .requiredOption("--source <id>", `data source: ${SOURCE_IDS.join(", ")}`)
    .requiredOption("--dir <dir>", "the source's folder (MIMIC-III: the CSV / CSV.GZ files as PhysioNet ships them)")
    .requiredOption("--out <dir>", "output folder: one sub-folder per task, plus build-manifest.json")
    .option(
      "--seed <n>",
      rangeHelp("seed of the row shuffle (and of the split where no fixed lists exist)", RANGES.seed),
      String(DEFAULT_SEED),
    )
    .option(
      "--tasks <list>",
      `comma-separated (default: CORe's four): ${ALL_TASKS.map((t) => `${t.name} (${t.alias})`).join(", ")}`,
    )
    .option("--cut-section-leaks", "end a section at the next known heading (departs from the reference; see docs)")
    .option("--icd10-only", "mimic4: keep the admissions coded in ICD-10 only (the others are counted as dropped)")
    .option(
      "--early-window <how>",
      `READMISSION_30D_early_*: ${EARLY_WINDOWS.join(" | ")} — CHARTDATE − admission date < N days (the reference's ` +
        "rule), or CHARTTIME < ADMITTIME + N×24 h (notes without CHARTTIME left out, counted)",
      "chartdate",
    )
    .option(
      "--balance-train",
      "READMISSION_30D_*: sample train negatives down to the train positives (val/test keep their natural rate)",
    )
    .option(
      "--memory-limit <size>",
      "DuckDB's memory limit; it spills to a temp folder beyond it",
      DEFAULT_MEMORY_LIMIT,
    )
    .option("--overwrite", "replace an earlier build in --out (its build-manifest.json and task folders)")
    .option("--no-progress", "no progress bar on stderr")
    .option("--json", "print the result as one JSON object")
    .action(async (options: BuildOptions) => {
      const seed = integerOption(options.seed, "--seed", RANGES.seed);
      const selected = parseTaskList(options.tasks);
      const earlyWindow = choiceOption(options.earlyWindow, "--early-window", EARLY_WINDOWS);
      const { buildCoreTasks } = await import("../../tasks/buildCoreTasks.ts");
      const progress = options.progress ? new ProgressView() : null;
      try {
        const result = await buildCoreTasks({
          source: options.source,
          dir: options.dir,
          out: options.out,
          seed,
          tasks: selected,
          sectionLeaks: options.cutSectionLeaks ? "cut" : "keep",
          icd10Only: options.icd10Only === true,
          earlyWindow,
          balanceTrain: options.balanceTrain === true,
          memoryLimit: options.memoryLimit,
          overwrite: options.overwrite,
          onProgress: progress ? (p) => progress.update(p) : undefined,
        });
        progress?.stop();
        if (options.json) {
          process.stdout.write(`${JSON.stringify(buildJson(options.out, result))}\n`);
          return;
        }
        if (result.build.status === "no-notes") {
          process.stdout.write(`No note tasks built: ${result.build.message}.\n`);
          return;
        }
        const notes = result.build.admissionNotes;
        if (notes) process.stdout.write(`${notes.kept} admission notes (${notes.rules}); `);
        process.stdout.write(`tasks written to ${options.out}:\n`);
        for (const t of result.tasks) {
          process.stdout.write(
            `  ${t.task.padEnd(26)} train ${t.rows.train}  val ${t.rows.val}  test ${t.rows.test}\n`,
          );
        }
        const unlabelled = result.build.labelSkips.reduce((n, s) => n + s.count, 0);
        if (unlabelled > 0) {
          process.stdout.write(
            `${unlabelled} diagnosis/procedure code rows got no label (${result.build.labelSkips.length} reasons; ` +
              `labelSkips in build-manifest.json)\n`,
          );
        }
        process.stdout.write(`Details: prognos tasks stats ${options.out}\n`);
        for (const w of result.warnings) process.stderr.write(`prognos: warning: ${w}\n`);
      } finally {
        progress?.stop();
      }
    });
  tasks
    .command("stats")
    .description("rows per split, label counts, LOS buckets, death rate, and what was dropped at each step and why")
    .argument("<dir>", "the --out folder of `tasks build`, or one task folder")
    .option("--json", "print one JSON object instead of text")
    .action(async (dir: string, options: { json?: boolean }) => {
      const { tasksStats } = await import("../../tasks/taskStats.ts");
      const { formatTasksStats } = await import("../../tasks/formatTasksStats.ts");
      const stats = await tasksStats(dir);
      process.stdout.write(options.json ? `${JSON.stringify(stats)}\n` : formatTasksStats(stats));
    });
}

/** `tasks build --json`: what was built and where, from the manifests written (counts only, never note text). */
function buildJson(out: string, result: BuildCoreTasksResult) {
  const b = result.build;
  return {
    out: resolve(out),
    status: b.status,
    message: b.message,
    source: b.source,
    seed: b.seed,
    split: b.split,
    buildManifest: join(resolve(out), BUILD_MANIFEST_FILE),
    admissionNotes: b.admissionNotes && { rules: b.admissionNotes.rules, kept: b.admissionNotes.kept },
    tasks: result.tasks.map((t) => ({
      task: t.task,
      folder: join(resolve(out), t.task),
      rows: t.rows,
      labels: Object.keys(t.labelCounts).length,
    })),
    unlabelledCodeRows: b.labelSkips.reduce((n, s) => n + s.count, 0),
  };
}

/** Phases as lines on stderr; the note step as a progress bar (drawn only on a terminal). */
class ProgressView {
  private bar: ProgressBar | null = null;

  update(p: BuildProgress): void {
    if (p.kind === "phase") {
      this.stop();
      process.stderr.write(`prognos: ${p.message}\n`);
      return;
    }
    if (!this.bar) {
      this.bar = new ProgressBar({ label: "admission notes", unit: "admissions" });
      this.bar.start(p.total);
    }
    this.bar.update(p.done);
  }

  stop(): void {
    this.bar?.stop();
    this.bar = null;
  }
}
