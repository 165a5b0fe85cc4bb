/**
 * The source-agnostic shape of "admission notes from a timeline", in one of two forms:
 *   - "candidates": a source's rules pick candidate notes in DuckDB (filters and cross-stay deduplication run
 *     there, so no text reaches JS before it is needed), then a pure function turns the notes of one stay, in the
 *     rules' order, into that stay's admission note, or says why there is none (MIMIC-III, MIMIC-IV). Ordering a
 *     stay's notes happens in JS (candidateStays.ts): DuckDB never sorts or partitions rows that carry note text,
 *     which it cannot spill reliably (a 0.9 GB sort of discharge notes fails at a 512 MB memory limit);
 *   - "stays": the source streams one outcome per stay itself, when making the note needs more than the stay's
 *     notes (Synthea: drugs ordered before admission, an emergency visit's note; FHIR and OMOP).
 * Sources register their rules in admissionNoteRulesRegistry.ts.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import type { Timeline } from "../../sources/Timeline.ts";

/** The table a rules' selectCandidates creates; see the column list there. */
export const NOTE_CANDIDATES_TABLE = "prognos_note_candidates";

/** A counted drop: never a silent one. */
export interface NoteDrop {
  /** The step of the rules that dropped it ("1", "2", … for CORe's §1 steps). */
  step: string;
  /** What was counted: raw notes (before the per-stay join) or admissions. */
  unit: "notes" | "admissions";
  reason: string;
  count: number;
}

/** One candidate note of a stay (all values as text). */
export interface StayNote {
  noteId: string | null;
  patientId: string | null;
  stayId: string;
  /** The note's time as DuckDB writes a TIMESTAMP (`2150-01-01 00:00:00`), or null. */
  time: string | null;
  /** The source's order key among a stay's notes (MIMIC-III ROW_ID, MIMIC-IV note_seq), as text, or null. */
  seq: string | null;
  category: string | null;
  description: string | null;
  text: string;
}

export type AdmissionNoteOutcome =
  | {
      kept: true;
      /** The admission note (never logged). */
      text: string;
      /** The patient and note the row's ids come from. */
      patientId: string;
      noteId: string | null;
      /** Counted diagnostics, e.g. "possible section leak: MEDICAL_HISTORY". */
      flags?: readonly string[];
    }
  | { kept: false; step: string; reason: string };

export type AdmissionNoteRules = CandidateNoteRules | StayNoteRules;

export interface CandidateNoteRules {
  kind: "candidates";
  /** Shown in manifests, e.g. "mimic3: CORe reference rules (docs/core-method.md §1)". */
  name: string;
  /**
   * Runs in DuckDB over the tl_* views and creates TEMP TABLE prognos_note_candidates(stay_id VARCHAR,
   * patient_id VARCHAR, note_id VARCHAR, time VARCHAR, seq BIGINT, category VARCHAR, description VARCHAR,
   * text VARCHAR): the notes that go on to the per-stay step. Returns what it dropped, per step and reason.
   * It must not sort, partition or hash-join rows that carry text (work on keys, then filter by rowid).
   * `timeline`, when given, may hold the reader's staged notes (Timeline.noteTriage), used instead of tl_notes.
   */
  selectCandidates(connection: DuckDBConnection, timeline?: Timeline): Promise<NoteDrop[]>;
  /** The order of a stay's notes (a total order: ties broken down to the note id). */
  compareNotes(a: StayNote, b: StayNote): number;
  /** The admission note of one stay from its candidates, in compareNotes order. Pure; must not log text. */
  admissionNote(notes: readonly StayNote[]): AdmissionNoteOutcome;
}

/** One stay's outcome, streamed by StayNoteRules. */
export interface StayOutcome {
  stayId: string;
  outcome: AdmissionNoteOutcome;
}

export interface StayNoteRules {
  kind: "stays";
  name: string;
  /**
   * One outcome per stay the source considers (e.g. every inpatient stay, with or without a note), streamed on the
   * timeline's connection; the caller must not run queries on it until the iteration ends.
   */
  stays(timeline: Timeline): AsyncIterable<StayOutcome>;
}

/** Compares two values, nulls last. */
export function nullsLast<T>(a: T | null, b: T | null, compare: (x: T, y: T) => number): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return compare(a, b);
}

/** Text as DuckDB orders VARCHAR (code points, which UTF-16 code units give for all but astral characters). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Integers written as text (BIGINT seq), numerically. */
export function compareIntegerText(a: string, b: string): number {
  const [x, y] = [BigInt(a), BigInt(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}
