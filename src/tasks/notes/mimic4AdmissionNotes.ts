/**
 * MIMIC-IV admission notes (MIMIC-IV-Note `note/discharge`, over the tl_* views of the mimic4 reader): CORe's
 * section rules (docs/core-method.md §1 steps 5–7) on each admission's discharge notes, joined in `note_seq` order.
 *
 * In DuckDB (selectCandidates), per note, the first rule a note breaks is its counted reason:
 *   step 2  no hadm_id (the reader keeps such notes with stay NULL; notes of unknown admissions it skips itself)
 *   step 2  no text (empty or only white space)
 *   step 2  note_type is not "DS" (discharge.csv holds discharge summaries only; anything else is not one)
 * Per admission (admissionNote), on the candidates in note_seq order (then charttime, then note_id):
 *   step 4  the texts are joined with a blank line ("\n\n") and stripped (Python's str.strip); the ids come from the
 *           first note (the discharge summary proper; later note_seq values are its addenda). MIMIC-IV separates
 *           sections with lines holding only a space (" \n"), which CORe's regex (it needs "\n\n") does not take
 *           for a blank line, so every section would run on into the next: lines of only spaces or tabs become
 *           empty lines first (counted in the flags; a documented step MIMIC-III does not need)
 *   step 5–7 coreSections.ts: the same eight headings as MIMIC-III (Chief Complaint, History of Present Illness,
 *           Past Medical History, Medications on Admission, Allergies, Physical Exam, Family History, Social
 *           History); an admission without chief complaint, present illness and medical history is dropped.
 * Not applied (MIMIC-III quirks with no MIMIC-IV counterpart): NEWBORN admissions (MIMIC-IV has none) and the
 * global removal of notes with identical text (step 3; MIMIC-IV has no copied discharge summaries).
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { sqlString } from "../../sources/common/sql.ts";
import {
  type AdmissionNoteOutcome,
  type AdmissionNoteRules,
  compareIntegerText,
  compareText,
  NOTE_CANDIDATES_TABLE,
  type NoteDrop,
  nullsLast,
  type StayNote,
} from "./AdmissionNoteRules.ts";
import { type ExtractOptions, extractCoreSections, hasMainSections, rebuildCoreNote } from "./coreSections.ts";
import type { JoinedSummary } from "./mimic3AdmissionNotes.ts";
import { pyStrip } from "./pythonRegex.ts";

export const MIMIC4_DISCHARGE_NOTE_TYPE = "DS";

/** The SQL-side rules in precedence order: [step, reason, condition on the note]. */
const NOTE_RULES: readonly (readonly [string, string, string])[] = [
  ["2", "no hadm_id", "stay_id IS NULL"],
  ["2", "no text", "text IS NULL OR trim(text) = ''"],
  [
    "2",
    `note_type is not '${MIMIC4_DISCHARGE_NOTE_TYPE}'`,
    `category IS DISTINCT FROM '${MIMIC4_DISCHARGE_NOTE_TYPE}'`,
  ],
];
const TRIAGE_TABLE = "prognos_note_triage";

async function selectMimic4Candidates(conn: DuckDBConnection): Promise<NoteDrop[]> {
  const cases = NOTE_RULES.map(([, reason, cond]) => `WHEN ${cond} THEN ${sqlString(reason)}`).join(" ");
  // One pass over the notes (texts attached from the file by position, never all at once): ids and reason of every
  // note, text kept for the candidates alone.
  await conn.run(`CREATE OR REPLACE TEMP TABLE ${TRIAGE_TABLE} AS
    SELECT stay_id, patient_id, note_id, time, category, description, seq, drop_reason,
      CASE WHEN drop_reason IS NULL THEN text END AS text
    FROM (SELECT *, CASE ${cases} END AS drop_reason FROM tl_notes)`);
  const counts = await conn.runAndReadAll(`SELECT drop_reason, count(*) FROM ${TRIAGE_TABLE} GROUP BY ALL`);
  const byReason = new Map(counts.getRows().map(([r, n]) => [r as string | null, Number(n)]));
  await conn.run(`CREATE OR REPLACE TEMP TABLE ${NOTE_CANDIDATES_TABLE} AS
    SELECT stay_id, patient_id, note_id, time::VARCHAR AS time, seq, category, description, text
    FROM ${TRIAGE_TABLE} WHERE drop_reason IS NULL`);
  await conn.run(`DROP TABLE ${TRIAGE_TABLE}`);
  return NOTE_RULES.map(([step, reason]) => ({ step, unit: "notes", reason, count: byReason.get(reason) ?? 0 }));
}

/** A stay's notes in (note_seq, charttime, note_id) order, missing values last. */
export function compareMimic4Notes(a: StayNote, b: StayNote): number {
  return (
    nullsLast(a.seq, b.seq, compareIntegerText) ||
    nullsLast(a.time, b.time, compareText) ||
    nullsLast(a.noteId, b.noteId, compareText)
  );
}

/** Step 4 for one admission's discharge notes (note_seq order): joined, blank-looking lines made blank. */
export function mimic4JoinedSummary(notes: readonly StayNote[]): JoinedSummary {
  const first = notes[0]!;
  if (first.patientId === null) return { kept: false, step: "4", reason: "no subject_id on the first note" };
  const raw = notes.map((n) => n.text).join("\n\n");
  const text = pyStrip(blankWhitespaceLines(raw));
  const flags = [
    ...(text !== pyStrip(raw) ? ["lines of only spaces taken as blank lines"] : []),
    ...(notes.length > 1 ? [`discharge notes joined (${notes.length > 3 ? "more than 3" : notes.length})`] : []),
  ];
  return { kept: true, text, patientId: first.patientId, noteId: first.noteId, flags };
}

/** Steps 4–7 for one admission's discharge notes (note_seq order). */
export function mimic4AdmissionNote(notes: readonly StayNote[], options: ExtractOptions = {}): AdmissionNoteOutcome {
  const summary = mimic4JoinedSummary(notes);
  if (!summary.kept) return summary;
  const { sections, leaks } = extractCoreSections(summary.text, options);
  if (!hasMainSections(sections)) {
    return { kept: false, step: "6", reason: "no chief complaint, present illness or medical history found" };
  }
  const how = options.sectionLeaks === "cut" ? "cut" : "kept";
  const flags = [
    ...Object.entries(sections)
      .filter(([, v]) => v === "")
      .map(([k]) => `empty section: ${k}`),
    ...leaks.map((k) => `possible neighbouring-section text in ${k} (${how})`),
    ...summary.flags,
  ];
  return {
    kept: true,
    text: rebuildCoreNote(sections),
    patientId: summary.patientId,
    noteId: summary.noteId,
    flags,
  };
}

/** Lines holding only spaces or tabs become empty lines (line breaks are `\n` in MIMIC-IV). */
export function blankWhitespaceLines(text: string): string {
  return text.replace(/(^|\n)[ \t]+(?=\n|$)/g, "$1");
}

export function mimic4AdmissionNoteRules(options: ExtractOptions = {}): AdmissionNoteRules {
  const cut = options.sectionLeaks === "cut";
  return {
    kind: "candidates",
    name: `mimic4: CORe's sections on note/discharge, joined in note_seq order${cut ? "; neighbouring-section text cut" : ""}`,
    selectCandidates: selectMimic4Candidates,
    compareNotes: compareMimic4Notes,
    admissionNote: (notes) => mimic4AdmissionNote(notes, options),
  };
}
