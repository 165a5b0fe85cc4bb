/**
 * ClinicalBERT's readmission task folders (docs/readmission-task.md), inside `prognos tasks build` (buildCoreTasks.ts
 * opens the source, checks the output and writes the manifests):
 *
 *   tl_stays → the label of every admission (readmissionAdmissions.ts)
 *   → per task: its notes (readmissionNoteRules.ts, via buildAdmissionNotes; each with its patient's split and a
 *     seeded shuffle key, spooled and loaded back) → rows with drop reasons (readmissionRows.ts) → the folder
 *     (writeTaskFolder: train/val/test CSV + Parquet, labels) and its manifest.
 */
import { join } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { sqlString } from "../../sources/common/sql.ts";
import type { SourceId, Timeline } from "../../sources/Timeline.ts";
import { PrognosError } from "../../util/errors.ts";
import { NdjsonSpool } from "../NdjsonSpool.ts";
import { buildAdmissionNotes } from "../notes/buildAdmissionNotes.ts";
import type { PatientSplitter } from "../splits/Split.ts";
import { SPLITS } from "../splits/Split.ts";
import { seededShuffleKey } from "../splits/seededShuffleKey.ts";
import { taskLabels } from "../taskLabels.ts";
import { type BuildManifest, type ReadmissionSummary, TASK_MANIFEST_FILE, type TaskManifest } from "../taskManifest.ts";
import { SPLIT_FILES, writeTaskFolder } from "../writeTaskFolder.ts";
import { CHUNK_WORDS, CLINICALBERT_C, MIN_LAST_CHUNK_WORDS } from "./clinicalBertText.ts";
import { createReadmissionAdmissions, readmissionAdmissionCounts } from "./readmissionAdmissions.ts";
import { readmissionNoteRules } from "./readmissionNoteRules.ts";
import { createReadmissionRows, READMISSION_NOTES_TABLE } from "./readmissionRows.ts";
import type { EarlyWindow, ReadmissionTaskSpec } from "./readmissionTasks.ts";

export interface ReadmissionBuildOptions {
  seed: number;
  splitter: PatientSplitter;
  splitDropReason: string;
  /** How early notes are placed in their window (default chartdate, the reference's rule). */
  earlyWindow?: EarlyWindow;
  /** Sample train negatives down to the number of train positives (val and test are never balanced). */
  balanceTrain?: boolean;
  onPhase?: (message: string) => void;
  onNotes?: (done: number, total: number) => void;
}

/** The tasks' names, for messages. */
const names = (tasks: readonly ReadmissionTaskSpec[]) => tasks.map((t) => t.name).join(", ");

/** Refuses, before any input is read, what cannot be built: other sources, early notes from MIMIC-IV. */
export function checkReadmissionRequest(
  source: SourceId,
  tasks: readonly ReadmissionTaskSpec[],
  options: { icd10Only?: boolean },
): void {
  if (tasks.length === 0) return;
  if (source !== "mimic3" && source !== "mimic4") {
    throw new PrognosError(
      `--tasks ${names(tasks)}: ClinicalBERT's readmission tasks are built from MIMIC-III (or \`prognos synth ` +
        `mimic3\`) and, from the discharge summary, MIMIC-IV; the ${source} source has no MIMIC ADMISSION_TYPE to ` +
        "tell elective and newborn admissions apart",
    );
  }
  const early = tasks.filter((t) => t.variant === "early");
  if (source === "mimic4" && early.length > 0) {
    throw new PrognosError(
      `--tasks ${names(early)}: MIMIC-IV-Note holds discharge summaries (and radiology reports), no physician or ` +
        "nursing notes of the first days of a stay, so ClinicalBERT's early-notes tasks cannot be built from it; " +
        "build READMISSION_30D_discharge from MIMIC-IV, and the early tasks from MIMIC-III or `prognos synth mimic3`",
    );
  }
  if (options.icd10Only) {
    throw new PrognosError(
      `--icd10-only: not for ${names(tasks)} (their label reads every admission of a patient); build them without it`,
    );
  }
}

export async function buildReadmissionTasks(
  timeline: Timeline,
  tasks: readonly ReadmissionTaskSpec[],
  out: string,
  build: BuildManifest,
  options: ReadmissionBuildOptions,
): Promise<TaskManifest[]> {
  const conn = timeline.connection;
  const earlyWindow = options.earlyWindow ?? "chartdate";
  if (earlyWindow === "charttime" && tasks.some((t) => t.variant === "early") && !timeline.notesWithChartTime) {
    throw new PrognosError(
      `--early-window charttime: NOTEEVENTS in ${timeline.dir} has no CHARTTIME column; the default window ` +
        "(chartdate, the reference's rule) needs only CHARTDATE",
    );
  }
  options.onPhase?.("labelling admissions (30-day readmission)");
  await createReadmissionAdmissions(conn);
  const admissions = await readmissionAdmissionCounts(conn);
  const manifests: TaskManifest[] = [];
  for (const task of tasks) {
    options.onPhase?.(`writing ${task.name}`);
    const window = task.variant === "early" ? earlyWindow : null;
    const rules = readmissionNoteRules({
      source: timeline.source,
      variant: task.variant,
      days: task.days,
      earlyWindow,
      notesView: window === "charttime" ? timeline.notesWithChartTime! : "tl_notes",
    });
    const notes = await admissionTexts(timeline, rules, options);
    const drops = await createReadmissionRows(conn, task, {
      splitDropReason: options.splitDropReason,
      balanceTrain: options.balanceTrain === true,
    });
    const labels = await taskLabels(conn, task, [], () => "");
    const folder = join(out, task.name);
    const rows = await writeTaskFolder(conn, task, folder, labels);
    const positives = labels.find((l) => l.label === "1")?.count ?? { train: 0, val: 0, test: 0 };
    const readmission: ReadmissionSummary = {
      variant: task.variant,
      days: task.days,
      earlyWindow: window,
      balanceTrain: options.balanceTrain === true,
      positiveRate: Object.fromEntries(
        SPLITS.map((s) => [s, rows[s] > 0 ? positives[s] / rows[s] : null]),
      ) as ReadmissionSummary["positiveRate"],
      admissions,
      scoring: { chunkWords: CHUNK_WORDS, minLastChunkWords: MIN_LAST_CHUNK_WORDS, c: CLINICALBERT_C },
    };
    manifests.push({
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
      noteRules: rules.name,
      noteFlags: notes.flags,
      sourceSkips: build.sourceSkips,
      labelSkips: [],
      stayFilter: null,
      files: [...SPLIT_FILES, "labels.json", "labels.csv", TASK_MANIFEST_FILE],
      readmission,
      prognosVersion: build.prognosVersion,
      createdAt: new Date().toISOString(),
    });
    await conn.run(`DROP TABLE IF EXISTS ${READMISSION_NOTES_TABLE}`);
  }
  return manifests;
}

/** The task's admission texts → READMISSION_NOTES_TABLE, with each patient's split and a seeded shuffle key. */
async function admissionTexts(
  timeline: Timeline,
  rules: ReturnType<typeof readmissionNoteRules>,
  options: ReadmissionBuildOptions,
) {
  const spool = NdjsonSpool.create();
  try {
    const report = await buildAdmissionNotes(timeline, rules, {
      onNote: async (note) => {
        await spool.write({
          stay_id: note.stayId,
          patient_id: note.patientId,
          note_id: note.noteId,
          split: options.splitter.splitOf(note.patientId),
          order_key: seededShuffleKey(options.seed, note.stayId),
          text: note.text,
        });
      },
      onProgress: options.onNotes,
    });
    await spool.close();
    await loadNotes(timeline.connection, spool.path, spool.rows);
    return report;
  } finally {
    spool.remove();
  }
}

async function loadNotes(conn: DuckDBConnection, path: string, rows: number): Promise<void> {
  const columns = ["stay_id", "patient_id", "note_id", "split", "order_key", "text"];
  const select =
    rows > 0
      ? `SELECT * FROM read_json(${sqlString(path)}, format = 'newline_delimited',
           columns = {${columns.map((c) => `${c}: 'VARCHAR'`).join(", ")}}, maximum_object_size = 33554432)`
      : `SELECT ${columns.map((c) => `NULL::VARCHAR AS ${c}`).join(", ")} WHERE FALSE`;
  await conn.run(`CREATE OR REPLACE TEMP TABLE ${READMISSION_NOTES_TABLE} AS ${select}`);
}
