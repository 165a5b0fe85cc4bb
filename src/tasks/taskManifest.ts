/**
 * What a build writes besides the data: `manifest.json` in each task folder and `build-manifest.json` in the
 * output folder (also written when no task could be built, saying why). Counts, drops and reasons only — never
 * note text.
 */
import type { SkipRecord, SourceId } from "../sources/Timeline.ts";
import type { TaskName, TaskSpec } from "./coreTasks.ts";
import type { NoteDrop } from "./notes/AdmissionNoteRules.ts";
import type { Split } from "./splits/Split.ts";
import type { TaskDrop } from "./taskRows.ts";

export const TASK_MANIFEST_FILE = "manifest.json";
export const BUILD_MANIFEST_FILE = "build-manifest.json";

/** The reference's default seed (its --seed 123). */
export const DEFAULT_SEED = 123;

export interface AdmissionNotesSummary {
  /** The note rules used (AdmissionNoteRules.name). */
  rules: string;
  /** Stays that had at least one candidate note after the SQL steps. */
  candidateStays: number;
  /** Admission notes made (before any task's own filters). */
  kept: number;
  /** Every drop, per step and reason, notes first, then admissions. */
  drops: NoteDrop[];
  /** Diagnostic flags with counts (empty sections, possible neighbouring-section text). */
  flags: Record<string, number>;
}

export interface BuildManifest {
  status: "built" | "no-notes";
  message: string;
  source: SourceId;
  inputDir: string;
  seed: number;
  split: string;
  tasks: TaskName[];
  admissionNotes: AdmissionNotesSummary | null;
  /** Rows the reader skipped or kept with a caveat, per file and reason (Timeline.skips). */
  sourceSkips: SkipRecord[];
  /** Diagnosis / procedure codes that got no label (system without a rule, or not a code of its system). */
  labelSkips: SkipRecord[];
  /** A build-wide stay filter (e.g. "--icd10-only: …"), or null. */
  stayFilter: string | null;
  prognosVersion: string;
  createdAt: string;
}

export interface TaskManifest {
  task: TaskName;
  labelColumn: TaskSpec["labelColumn"];
  labelType: TaskSpec["labelType"];
  description: string;
  source: SourceId;
  inputDir: string;
  seed: number;
  split: string;
  rows: Record<Split, number>;
  /** Label → rows per split whose label contains it (the full list, with titles, is labels.json). */
  labelCounts: Record<string, Record<Split, number>>;
  drops: {
    /** Shared by all four tasks: the admission-note steps (CORe §1). */
    notes: NoteDrop[];
    /**
     * The build's stay filter, this task's own filters, then the split, in the order they apply (rows counted once,
     * at the first).
     */
    task: TaskDrop[];
  };
  noteRules: string;
  noteFlags: Record<string, number>;
  sourceSkips: SkipRecord[];
  labelSkips: SkipRecord[];
  stayFilter: string | null;
  files: string[];
  /** READMISSION_30D_* only: the variant, its settings and label counts (docs/readmission-task.md). */
  readmission?: ReadmissionSummary;
  prognosVersion: string;
  createdAt: string;
}

/** What a readmission task folder was built with, and what its labels look like. */
export interface ReadmissionSummary {
  variant: "discharge" | "early";
  /** Early notes: the window in days; null for the discharge summary. */
  days: number | null;
  /** Early notes: how a note is placed in the window (chartdate: the reference's rule). */
  earlyWindow: "chartdate" | "charttime" | null;
  /** Train negatives sampled down to the number of train positives (--balance-train); val/test never are. */
  balanceTrain: boolean;
  /** Positive share per split (kept rows); null for an empty split. */
  positiveRate: Record<Split, number | null>;
  /** Over every admission of the source, before notes and splits (the label rule's counts). */
  admissions: {
    total: number;
    newborn: number;
    died: number;
    labelled: number;
    positives: number;
    /** Admissions whose next admission is ELECTIVE and was passed over for a later one (the reference's rule). */
    electiveNextSkipped: number;
    /** Positives whose next non-elective admission starts before their discharge (overlapping stays). */
    overlapping: number;
  };
  /** How `prognos evaluate --pool clinicalbert` scores these rows as the paper does. */
  scoring: { chunkWords: number; minLastChunkWords: number; c: number };
}
