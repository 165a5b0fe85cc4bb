/**
 * MIMIC-III admission notes, CORe's reference rules (docs/core-method.md §1), over the tl_* views of the mimic3 reader.
 *
 * In DuckDB (selectCandidates), per note, the first rule a note breaks is its counted reason:
 *   step 2  no HADM_ID
 *   step 1  HADM_ID not in ADMISSIONS — the reference drops these silently in its NEWBORN filter (`isin`)
 *   step 1  the admission's ADMISSION_TYPE is NEWBORN
 *   step 2  no TEXT
 *   step 2  CATEGORY is not exactly "Discharge summary"
 *   step 3  the same TEXT (exactly) as a later note, anywhere in the database: the last is kept, in CHARTDATE order.
 *           The reference's pandas sort is not stable; Prognos breaks CHARTDATE ties by ROW_ID (then note id).
 *           Notes without a usable CHARTDATE sort last, as pandas puts NaN last. Identical texts are found by
 *           (MD5, length) of the text, so that DuckDB never partitions rows by the text itself (two different
 *           notes with the same MD5 and length: odds ~2^-128).
 * Per admission (admissionNote), on the candidates in CHARTDATE, ROW_ID order:
 *   step 4  the texts are joined with a blank line ("\n\n"); the ids come from the last note whose DESCRIPTION is
 *           "Report"; admissions with only addenda are dropped; the text is stripped (Python's str.strip)
 *   step 5–7 coreSections.ts (sections, drop without main sections, rebuild)
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { sqlString } from "../../sources/common/sql.ts";
import type { NoteTriageRequest, Timeline } from "../../sources/Timeline.ts";
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
import { pyStrip } from "./pythonRegex.ts";

export const DISCHARGE_SUMMARY_CATEGORY = "Discharge summary";
export const REPORT_DESCRIPTION = "Report";

/** The SQL-side rules in precedence order: [step, reason, condition on n (the triage row) and s (its stay)]. */
const NOTE_RULES: readonly (readonly [string, string, string])[] = [
  ["2", "no HADM_ID", "n.stay_id IS NULL"],
  ["1", "HADM_ID not in ADMISSIONS (or skipped there)", "s.stay_id IS NULL"],
  ["1", "admission type NEWBORN", "s.newborn"],
  ["2", "no TEXT", "n.no_text"],
  [
    "2",
    `CATEGORY is not '${DISCHARGE_SUMMARY_CATEGORY}'`,
    `n.category IS DISTINCT FROM '${DISCHARGE_SUMMARY_CATEGORY}'`,
  ],
];
const TRIAGE_TABLE = "prognos_note_triage";
const KEEP_TABLE = "prognos_note_keep";
const DUPLICATE_REASON = "same TEXT as a later note (the last one, in CHARTDATE then ROW_ID order, is kept)";

/** The triage rows (and their rowid) with each note's drop reason (NULL: kept). */
function triageSql(): string {
  const cases = NOTE_RULES.map(([, reason, cond]) => `WHEN ${cond} THEN ${sqlString(reason)}`).join(" ");
  return `SELECT n.rowid AS rid, n.*, CASE ${cases} END AS drop_reason
    FROM ${TRIAGE_TABLE} n LEFT JOIN (
      SELECT stay_id, bool_and(stay_type IS NOT DISTINCT FROM 'NEWBORN') AS newborn FROM tl_stays GROUP BY stay_id
    ) s ON s.stay_id = n.stay_id`;
}

/** What the reader is asked to stage while it opens (Timeline.noteTriage): the triage table below, in its pass. */
export const MIMIC3_NOTE_TRIAGE: NoteTriageRequest = { textCategory: DISCHARGE_SUMMARY_CATEGORY };

async function selectMimic3Candidates(conn: DuckDBConnection, timeline?: Timeline): Promise<NoteDrop[]> {
  // One pass over NOTEEVENTS, no join on the stream (DuckDB cannot estimate a CSV's size and may build its hash
  // table on the wrong side): every note's ids, text kept for discharge summaries alone. The rules then run on
  // this materialized table: the reader's (MIMIC3_NOTE_TRIAGE, made in the pass that checks CHARTDATEs) when it
  // staged one, else made here.
  const staged = timeline?.noteTriage;
  if (staged) {
    await conn.run(`ALTER TABLE ${staged} RENAME TO ${TRIAGE_TABLE}`);
    timeline.noteTriage = undefined;
  } else {
    await conn.run(`CREATE OR REPLACE TEMP TABLE ${TRIAGE_TABLE} AS
      SELECT stay_id, patient_id, note_id, time, category, description, seq, text IS NULL AS no_text,
        CASE WHEN category IS NOT DISTINCT FROM '${DISCHARGE_SUMMARY_CATEGORY}' THEN text END AS text
      FROM tl_notes`);
  }
  const counts = await conn.runAndReadAll(
    `SELECT drop_reason, count(*) AS n FROM (${triageSql()}) GROUP BY drop_reason`,
  );
  const byReason = new Map<string | null, number>();
  for (const [reason, n] of counts.getRows()) byReason.set(reason as string | null, Number(n));
  // Step 3 on the survivors, on keys only: among identical texts the last in (CHARTDATE, ROW_ID) order stays.
  await conn.run(`CREATE OR REPLACE TEMP TABLE ${KEEP_TABLE} AS
    SELECT rid FROM (
      SELECT rid, md5(text) AS text_md5, strlen(text) AS text_len, time, seq, note_id
      FROM (${triageSql()}) WHERE drop_reason IS NULL)
    QUALIFY row_number() OVER (PARTITION BY text_md5, text_len ORDER BY time DESC NULLS FIRST, seq DESC NULLS FIRST,
      note_id DESC) = 1`);
  await conn.run(`CREATE OR REPLACE TEMP TABLE ${NOTE_CANDIDATES_TABLE} AS
    SELECT stay_id, patient_id, note_id, time::VARCHAR AS time, seq, category, description, text
    FROM ${TRIAGE_TABLE} WHERE rowid IN (SELECT rid FROM ${KEEP_TABLE})`);
  await conn.run(`DROP TABLE ${TRIAGE_TABLE}`);
  await conn.run(`DROP TABLE ${KEEP_TABLE}`);
  const kept = await conn.runAndReadAll(`SELECT count(*) FROM ${NOTE_CANDIDATES_TABLE}`);
  const candidates = Number(kept.getRows()[0]![0]);
  const drops: NoteDrop[] = NOTE_RULES.map(([step, reason]) => ({
    step,
    unit: "notes" as const,
    reason,
    count: byReason.get(reason) ?? 0,
  }));
  drops.push({ step: "3", unit: "notes", reason: DUPLICATE_REASON, count: (byReason.get(null) ?? 0) - candidates });
  return drops;
}

/** A stay's notes in (CHARTDATE, ROW_ID, note id) order, missing values last. */
export function compareMimic3Notes(a: StayNote, b: StayNote): number {
  return (
    nullsLast(a.time, b.time, compareText) ||
    nullsLast(a.seq, b.seq, compareIntegerText) ||
    nullsLast(a.noteId, b.noteId, compareText)
  );
}

/** A stay's discharge summary after step 4: its notes joined, and the ids of the row (also for pre-training). */
export type JoinedSummary =
  | { kept: true; text: string; patientId: string; noteId: string | null; flags: string[] }
  | { kept: false; step: string; reason: string };

/** Step 4 for one admission's candidate notes (CHARTDATE, ROW_ID order). */
export function mimic3JoinedSummary(notes: readonly StayNote[]): JoinedSummary {
  const reports = notes.filter((n) => n.description === REPORT_DESCRIPTION);
  const last = reports[reports.length - 1];
  if (!last) {
    return { kept: false, step: "4", reason: `only addenda: no note with DESCRIPTION '${REPORT_DESCRIPTION}'` };
  }
  if (last.patientId === null) return { kept: false, step: "4", reason: "no SUBJECT_ID on the last report" };
  const text = pyStrip(notes.map((n) => n.text).join("\n\n"));
  return { kept: true, text, patientId: last.patientId, noteId: last.noteId, flags: [] };
}

/** Steps 4–7 for one admission's candidate notes (CHARTDATE, ROW_ID order). */
export function mimic3AdmissionNote(notes: readonly StayNote[], options: ExtractOptions = {}): AdmissionNoteOutcome {
  const summary = mimic3JoinedSummary(notes);
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
  ];
  return { kept: true, text: rebuildCoreNote(sections), patientId: summary.patientId, noteId: summary.noteId, flags };
}

/** The mimic3 flavour; `sectionLeaks: "cut"` departs from the reference (see coreSections.ts). */
export function mimic3AdmissionNoteRules(options: ExtractOptions = {}): AdmissionNoteRules {
  const cut = options.sectionLeaks === "cut";
  return {
    kind: "candidates",
    name: `mimic3: CORe reference rules (docs/core-method.md §1)${cut ? "; neighbouring-section text cut" : ""}`,
    selectCandidates: selectMimic3Candidates,
    compareNotes: compareMimic3Notes,
    admissionNote: (notes) => mimic3AdmissionNote(notes, options),
  };
}
