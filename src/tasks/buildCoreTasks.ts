/**
 * `prognos tasks build`: a source folder → CORe's four task folders (docs/core-method.md §1–2).
 *
 *   reader (src/sources/registry.ts) → tl_* views
 *   → admission notes (the source's AdmissionNoteRules; streamed, spooled to a temp NDJSON file, loaded back)
 *   → split per patient (CORe's lists for mimic3, else a seeded hash) and the death-mention filter per note
 *   → label tables (code groups per source, LOS) → a build-wide stay filter (--icd10-only)
 *   → per task: rows with drop reasons, label list, files, manifest.
 *
 * A source without notes builds nothing and says so (status "no-notes", build-manifest.json written, no error).
 * A source with notes of which none survives is a PrognosError that names the largest drops.
 * ClinicalBERT's readmission tasks (--tasks READMISSION_30D_*) are built on the same timeline and split after
 * CORe's: readmission/buildReadmissionTasks.ts.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { getSourceReader } from "../sources/registry.ts";
import type { Timeline } from "../sources/Timeline.ts";
import { checkOutput } from "../util/checkOutput.ts";
import { PrognosError } from "../util/errors.ts";
import { DEFAULT_MEMORY_LIMIT, openDuckDB } from "../util/openDuckDB.ts";
import { writeOutputFolder } from "../util/outputFolder.ts";
import { writing } from "../util/writeError.ts";
import { ALL_TASKS, CORE_TASKS, type CoreTaskSpec, type TaskSpec } from "./coreTasks.ts";
import { explainOutOfMemory } from "./explainOutOfMemory.ts";
import { CODE_GROUP_RULES } from "./labels/codeGroups.ts";
import { createLabelTables } from "./labels/labelTables.ts";
import { loadAdmissionNotes } from "./notes/loadAdmissionNotes.ts";
import { MIMIC3_NOTE_TRIAGE } from "./notes/mimic3AdmissionNotes.ts";
import { prognosVersion } from "./prognosVersion.ts";
import { buildReadmissionTasks, checkReadmissionRequest } from "./readmission/buildReadmissionTasks.ts";
import { type EarlyWindow, isReadmissionTask } from "./readmission/readmissionTasks.ts";
import { coreListSplitter } from "./splits/coreSplitLists.ts";
import type { PatientSplitter } from "./splits/Split.ts";
import { seededHashSplitter } from "./splits/seededHashSplit.ts";
import { createIcd10OnlyFilter, ICD9_SYSTEMS } from "./stayFilters.ts";
import { taskLabels } from "./taskLabels.ts";
import {
  type AdmissionNotesSummary,
  BUILD_MANIFEST_FILE,
  type BuildManifest,
  DEFAULT_SEED,
  TASK_MANIFEST_FILE,
  type TaskManifest,
} from "./taskManifest.ts";
import { createTaskRows } from "./taskRows.ts";
import { TASK_SOURCE_PROFILES } from "./taskSourceProfile.ts";
import { SPLIT_FILES, writeTaskFolder } from "./writeTaskFolder.ts";

/** What a build writes in its output folder: build-manifest.json and one folder per task. */
export const BUILD_OUTPUTS: readonly string[] = [BUILD_MANIFEST_FILE, ...ALL_TASKS.map((t) => t.name)];

export type BuildProgress = { kind: "phase"; message: string } | { kind: "notes"; done: number; total: number };

export interface BuildCoreTasksOptions {
  /** A source id (registry.ts). */
  source: string;
  dir: string;
  out: string;
  /** Seed of the shuffle (and of the split for sources without fixed lists). Default 123, the reference's. */
  seed?: number;
  /** Default: CORe's four. */
  tasks?: readonly TaskSpec[];
  /** "cut" departs from the reference: see notes/coreSections.ts. Default "keep". */
  sectionLeaks?: "keep" | "cut";
  /** DuckDB's memory limit (it spills to a temp folder beyond it), e.g. "2GB" (default: util/memoryLimit.ts). */
  memoryLimit?: string;
  /** MIMIC-IV: keep the admissions coded in ICD-10 only (stayFilters.ts). */
  icd10Only?: boolean;
  /** Replace an earlier build in `out` (its build-manifest.json and task folders); otherwise it is refused. */
  overwrite?: boolean;
  /** Overrides the split (default: CORe's lists for mimic3, a seeded hash elsewhere). */
  splitter?: PatientSplitter;
  /** READMISSION_30D_early_*: how notes are placed in the first days (default chartdate, the reference's rule). */
  earlyWindow?: EarlyWindow;
  /** READMISSION_30D_*: sample train negatives down to the train positives (val and test keep their rate). */
  balanceTrain?: boolean;
  onProgress?: (progress: BuildProgress) => void;
}

export interface BuildCoreTasksResult {
  build: BuildManifest;
  tasks: TaskManifest[];
  /** What a user must know about the folders written, e.g. an empty split that `prognos train` will refuse. */
  warnings: string[];
}

/** One warning per empty split: training needs train and val rows (the best checkpoint is chosen on val). */
export function emptySplitWarnings(manifests: readonly TaskManifest[]): string[] {
  return manifests.flatMap((m) =>
    (["train", "val", "test"] as const)
      .filter((split) => m.rows[split] === 0)
      .map(
        (split) =>
          `${m.task}: the ${split} split is empty; \`prognos train\` and \`evaluate\` need rows in train, val and test ` +
          "(build from more admissions)",
      ),
  );
}

export async function buildCoreTasks(options: BuildCoreTasksOptions): Promise<BuildCoreTasksResult> {
  const reader = getSourceReader(options.source);
  if (options.icd10Only && reader.id !== "mimic4") {
    throw new PrognosError(`--icd10-only: only for --source mimic4 (its admissions are coded in ICD-9 or ICD-10)`);
  }
  const profile = TASK_SOURCE_PROFILES[reader.id];
  const dir = resolve(options.dir);
  const earlier = checkOutput({
    path: options.out,
    kind: "folder",
    holds: BUILD_OUTPUTS,
    what: "a task build",
    overwrite: options.overwrite,
  }).existing;
  const out = resolve(options.out);
  const seed = options.seed ?? DEFAULT_SEED;
  const tasks = options.tasks ?? CORE_TASKS;
  const coreTasks = tasks.filter((t): t is CoreTaskSpec => !isReadmissionTask(t));
  const readmissionTasks = tasks.filter(isReadmissionTask);
  checkReadmissionRequest(reader.id, readmissionTasks, { icd10Only: options.icd10Only });
  let doing = "";
  const phase = (message: string) => {
    doing = message;
    options.onProgress?.({ kind: "phase", message });
  };
  phase(`reading ${reader.id} tables in ${dir}`);
  const memoryLimit = options.memoryLimit ?? DEFAULT_MEMORY_LIMIT;
  const duckdb = await openDuckDB(memoryLimit);
  let timeline: Timeline;
  try {
    // CORe's mimic3 rules triage the notes the reader reads anyway: one pass over NOTEEVENTS, not two
    const noteTriage = reader.id === "mimic3" && coreTasks.length > 0 ? MIMIC3_NOTE_TRIAGE : undefined;
    timeline = await reader.open(dir, { connection: duckdb.connection, noteTriage });
  } catch (e) {
    duckdb.close();
    throw explainOutOfMemory(e, memoryLimit, doing);
  }
  try {
    const splitter = options.splitter ?? (timeline.source === "mimic3" ? coreListSplitter() : seededHashSplitter(seed));
    const build: BuildManifest = {
      status: "no-notes",
      message: "",
      source: timeline.source,
      inputDir: dir,
      seed,
      split: splitter.description,
      tasks: [],
      admissionNotes: null,
      sourceSkips: timeline.skips,
      labelSkips: [],
      stayFilter: options.icd10Only ? "--icd10-only: admissions coded in ICD-10 only" : null,
      prognosVersion: prognosVersion(),
      createdAt: new Date().toISOString(),
    };
    // Everything is written under a temporary sibling of --out and moved into place at the end, build manifest
    // last (util/outputFolder.ts): a killed build leaves no half-written task folder, and the earlier build is
    // replaced only once this one is complete.
    const done: { result?: BuildCoreTasksResult; failed?: string } = await writeOutputFolder(
      out,
      async (tmp): Promise<{ result?: BuildCoreTasksResult; failed?: string }> => {
        if (!timeline.hasNotes) {
          build.message =
            `the ${timeline.source} source in ${dir} has no notes (${profile.noNotes}), so no note tasks were ` +
            `built: CORe's four tasks and the readmission tasks are made from notes`;
          writeJson(join(tmp, BUILD_MANIFEST_FILE), build);
          return { result: { build, tasks: [], warnings: [] } };
        }
        const manifests: TaskManifest[] = [];
        if (coreTasks.length > 0) {
          phase("building admission notes");
          const notes = await loadAdmissionNotes(timeline, options, splitter, seed);
          build.admissionNotes = notes;
          if (notes.kept === 0) {
            build.message = `no admission note survived: ${largestDrops(notes)}`;
            writeJson(join(tmp, BUILD_MANIFEST_FILE), build);
            // Thrown once the manifest saying why is in place (below).
            return { failed: `${dir}: ${build.message} (details in ${join(out, BUILD_MANIFEST_FILE)})` };
          }
          phase("building labels");
          build.labelSkips = await createLabelTables(timeline.connection, {
            rules: CODE_GROUP_RULES[timeline.source],
            ignoredSystems: options.icd10Only ? ICD9_SYSTEMS : [],
            eventFiles: profile.eventFiles,
          });
          const stayFilterReasons = options.icd10Only ? await createIcd10OnlyFilter(timeline.connection) : [];
          for (const task of coreTasks) {
            phase(`writing ${task.name}`);
            manifests.push(await buildTask(timeline, task, join(tmp, task.name), build, notes, stayFilterReasons));
          }
        }
        if (readmissionTasks.length > 0) {
          const built = await buildReadmissionTasks(timeline, readmissionTasks, tmp, build, {
            seed,
            splitter,
            splitDropReason: splitDropReasonOf(build),
            earlyWindow: options.earlyWindow,
            balanceTrain: options.balanceTrain,
            onPhase: phase,
            onNotes: (done, total) => options.onProgress?.({ kind: "notes", done, total }),
          });
          for (const m of built) writeJson(join(tmp, m.task, TASK_MANIFEST_FILE), m);
          manifests.push(...built);
        }
        build.status = "built";
        build.tasks = manifests.map((m) => m.task);
        build.message = manifests.map((m) => `${m.task}: ${m.rows.train}/${m.rows.val}/${m.rows.test}`).join("; ");
        writeJson(join(tmp, BUILD_MANIFEST_FILE), build);
        return { result: { build, tasks: manifests, warnings: emptySplitWarnings(manifests) } };
      },
      { replace: earlier, last: [BUILD_MANIFEST_FILE] },
    );
    if (done.failed !== undefined) throw new PrognosError(done.failed);
    return done.result!;
  } catch (e) {
    throw explainOutOfMemory(e, memoryLimit, doing);
  } finally {
    timeline.close();
    duckdb.close();
  }
}

async function buildTask(
  timeline: Timeline,
  task: CoreTaskSpec,
  folder: string,
  build: BuildManifest,
  notes: AdmissionNotesSummary,
  stayFilterReasons: readonly string[],
): Promise<TaskManifest> {
  const conn = timeline.connection;
  const profile = TASK_SOURCE_PROFILES[timeline.source];
  const splitDropReason = splitDropReasonOf(build);
  const drops = await createTaskRows(conn, task, { profile, splitDropReason, stayFilterReasons });
  const labels = await taskLabels(conn, task, CODE_GROUP_RULES[timeline.source], profile.titleTable);
  const rows = await writeTaskFolder(conn, task, folder, labels);
  const manifest: TaskManifest = {
    task: task.name,
    labelColumn: task.labelColumn,
    labelType: task.labelType,
    description: task.description,
    source: build.source,
    inputDir: build.inputDir,
    seed: build.seed,
    split: build.split,
    rows,
    labelCounts: Object.fromEntries(labels.map((l) => [l.label, l.count])),
    drops: { notes: notes.drops, task: drops },
    noteRules: notes.rules,
    noteFlags: notes.flags,
    sourceSkips: build.sourceSkips,
    labelSkips: build.labelSkips,
    stayFilter: build.stayFilter,
    files: [...SPLIT_FILES, "labels.json", "labels.csv", TASK_MANIFEST_FILE],
    prognosVersion: build.prognosVersion,
    createdAt: new Date().toISOString(),
  };
  writeJson(join(folder, TASK_MANIFEST_FILE), manifest);
  return manifest;
}

function splitDropReasonOf(build: BuildManifest): string {
  return build.source === "mimic3" && build.split.startsWith("CORe")
    ? "patient (SUBJECT_ID) in none of CORe's split lists"
    : "patient in no split";
}

function largestDrops(notes: AdmissionNotesSummary): string {
  const top = [...notes.drops].sort((a, b) => b.count - a.count).filter((d) => d.count > 0);
  return top
    .slice(0, 3)
    .map((d) => `${d.count} ${d.unit} at step ${d.step} (${d.reason})`)
    .join(", ");
}

function writeJson(path: string, value: unknown): void {
  writing(path, () => {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
  });
}
