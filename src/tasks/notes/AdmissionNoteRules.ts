/**
 * The source-agnostic shape of "admission notes from a timeline", in one of two forms:
 *   - "candidates": a source's rules pick and order candidate notes in DuckDB (filters and cross-stay
 *     deduplication run there, so no text reaches JS before it is needed), then a pure function turns the notes of
 *     one stay into that stay's admission note, or says why there is none (MIMIC-III, MIMIC-IV);
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

/** One candidate note of a stay, in the order the rules gave (all values as text). */
export interface StayNote {
  noteId: string | null;
  patientId: string | null;
  stayId: string;
  /** The note's time as DuckDB writes a TIMESTAMP (`2150-01-01 00:00:00`), or null. */
  time: string | null;
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
  /** Shown in manifests, e.g. "mimic3: CORe reference rules (core.md §1)". */
  name: string;
  /**
   * Runs in DuckDB over the tl_* views and creates TEMP TABLE prognos_note_candidates(stay_id VARCHAR,
   * patient_id VARCHAR, note_id VARCHAR, time VARCHAR, category VARCHAR, description VARCHAR, text VARCHAR,
   * ord BIGINT): the notes that go on to the per-stay step, `ord` their order within the stay. Returns what it
   * dropped, per step and reason.
   */
  selectCandidates(connection: DuckDBConnection): Promise<NoteDrop[]>;
  /** The admission note of one stay from its candidates (in `ord` order). Pure; must not log text. */
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
