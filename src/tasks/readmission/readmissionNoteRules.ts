/**
 * The notes of ClinicalBERT's readmission tasks (docs/readmission-task.md §Inputs) as CandidateNoteRules, so that
 * buildAdmissionNotes groups them by admission in bounded memory and counts every drop.
 *
 * Step 1, in DuckDB, per note (the first rule it breaks is its counted reason): no HADM_ID; HADM_ID not in
 * ADMISSIONS; its admission left out (NEWBORN, death); then
 *   discharge: not a discharge summary (MIMIC-III CATEGORY 'Discharge summary', MIMIC-IV note_type 'DS'); no TEXT.
 *   early:     a discharge summary (written at discharge: not an early note); no CHARTDATE (chartdate window) or
 *              no / unparsable CHARTTIME (charttime window); charted on or after day N; no TEXT.
 *              chartdate: CHARTDATE − the admission's date < N days (the reference's rule); charttime: CHARTTIME <
 *              ADMITTIME + N × 24 h. Neither has a lower bound (a note dated before the admission counts).
 * Step 2, per admission, notes in (time, ROW_ID / note_seq, note id) order:
 *   discharge: the last discharge summary that is not an addendum (DESCRIPTION 'Addendum'); the last addendum when
 *              there is nothing else (the reference takes the very last one, often an addendum: flagged);
 *   early:     every note's text, joined with a space.
 * Step 3: ClinicalBERT's cleaning (clinicalBertText.ts); an admission whose text has 10 words or fewer has no chunk in
 * the reference and is dropped.
 *
 * Texts: the discharge variant keeps discharge summaries' text in its one pass over the notes (as CORe's rules do);
 * the early variant reads keys first, decides in DuckDB, then streams the notes once more and keeps the chosen
 * texts in a spool file — DuckDB never joins or sorts rows that carry note text.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { sqlString } from "../../sources/common/sql.ts";
import type { SourceId } from "../../sources/Timeline.ts";
import { NdjsonSpool } from "../NdjsonSpool.ts";
import {
  type AdmissionNoteOutcome,
  type CandidateNoteRules,
  compareIntegerText,
  compareText,
  NOTE_CANDIDATES_TABLE,
  type NoteDrop,
  nullsLast,
  type StayNote,
} from "../notes/AdmissionNoteRules.ts";
import { DISCHARGE_SUMMARY_CATEGORY } from "../notes/mimic3AdmissionNotes.ts";
import { MIMIC4_DISCHARGE_NOTE_TYPE } from "../notes/mimic4AdmissionNotes.ts";
import { clinicalBertClean, MIN_LAST_CHUNK_WORDS, pyWords } from "./clinicalBertText.ts";
import { READMISSION_ADMISSIONS_TABLE } from "./readmissionAdmissions.ts";

export interface ReadmissionNoteOptions {
  source: SourceId;
  variant: "discharge" | "early";
  /** Early notes: the window in days. */
  days: number | null;
  earlyWindow: "chartdate" | "charttime";
  /** tl_notes, or the source's view with CHARTTIME (Timeline.notesWithChartTime) for the charttime window. */
  notesView: string;
}

const KEYS_TABLE = "prognos_readmission_note_keys";
const TRIAGE_TABLE = "prognos_readmission_note_triage";
export const ADDENDUM_DESCRIPTION = "Addendum";
export const ADDENDUM_FLAG = "last discharge summary is an addendum (the reference reads it; Prognos the last report)";

/** The discharge-summary category of a source (MIMIC-III CATEGORY, MIMIC-IV note_type). */
export function dischargeCategory(source: SourceId): string {
  return source === "mimic4" ? MIMIC4_DISCHARGE_NOTE_TYPE : DISCHARGE_SUMMARY_CATEGORY;
}

/** [step, reason, condition on k (the note's keys) and a (its admission)] in precedence order. */
function noteRules(o: ReadmissionNoteOptions): (readonly [string, string, string])[] {
  const ds = dischargeCategory(o.source);
  const category = o.source === "mimic4" ? "note_type" : "CATEGORY";
  const common: [string, string, string][] = [
    ["1", "no HADM_ID", "k.stay_id IS NULL"],
    ["1", "HADM_ID not in ADMISSIONS (or skipped there)", "a.stay_id IS NULL"],
    ["1", "admission left out (NEWBORN or died in hospital)", "a.excluded IS NOT NULL"],
  ];
  if (o.variant === "discharge") {
    return [
      ...common,
      ["1", `not a discharge summary (${category} is not '${ds}')`, `k.category IS DISTINCT FROM ${sqlString(ds)}`],
      ["1", "no TEXT", "k.no_text"],
    ];
  }
  const n = o.days!;
  const window: [string, string, string][] =
    o.earlyWindow === "charttime"
      ? [
          ["1", "no CHARTTIME (discharge summaries and ECG reports have none)", "k.chart_raw IS NULL"],
          ["1", "unparsable CHARTTIME", "k.chart_time IS NULL"],
          [
            "1",
            `charted ${n * 24} hours or more after ADMITTIME`,
            `k.chart_time >= a.start_time + INTERVAL ${n * 24} HOUR`,
          ],
        ]
      : [
          ["1", "no CHARTDATE (or unparsable)", "k.time IS NULL"],
          [
            "1",
            `charted on day ${n} of the stay or later (CHARTDATE − admission date ≥ ${n} days)`,
            `date_trunc('day', k.time) >= date_trunc('day', a.start_time) + INTERVAL ${n} DAY`,
          ],
        ];
  return [
    ...common,
    ["1", "a discharge summary (written at discharge: not an early note)", `k.category = ${sqlString(ds)}`],
    ...window,
    ["1", "no TEXT", "k.no_text"],
  ];
}

async function selectCandidates(conn: DuckDBConnection, o: ReadmissionNoteOptions): Promise<NoteDrop[]> {
  const rules = noteRules(o);
  const charttime = o.variant === "early" && o.earlyWindow === "charttime";
  const ds = sqlString(dischargeCategory(o.source));
  // Pass 1 over the notes, no join on the stream: every note's keys (and the discharge variant's texts).
  await conn.run(`CREATE OR REPLACE TEMP TABLE ${KEYS_TABLE} AS
    SELECT source_row, stay_id, patient_id, note_id, time, category, description, seq, text IS NULL AS no_text,
      ${charttime ? "chart_time, chart_raw" : "NULL::TIMESTAMP AS chart_time, NULL::VARCHAR AS chart_raw"},
      ${o.variant === "discharge" ? `CASE WHEN category IS NOT DISTINCT FROM ${ds} THEN text END` : "NULL::VARCHAR"} AS text
    FROM ${o.notesView}`);
  const cases = rules.map(([, reason, cond]) => `WHEN ${cond} THEN ${sqlString(reason)}`).join(" ");
  await conn.run(`CREATE OR REPLACE TEMP TABLE ${TRIAGE_TABLE} AS
    SELECT k.source_row, k.stay_id, k.patient_id, k.note_id,
      (${charttime ? "k.chart_time" : "k.time"})::VARCHAR AS time, k.seq, k.category, k.description, k.text,
      CASE ${cases} END AS drop_reason
    FROM ${KEYS_TABLE} k LEFT JOIN ${READMISSION_ADMISSIONS_TABLE} a ON a.stay_id = k.stay_id`);
  await conn.run(`DROP TABLE ${KEYS_TABLE}`);
  const counts = await conn.runAndReadAll(`SELECT drop_reason, count(*) FROM ${TRIAGE_TABLE} GROUP BY ALL`);
  const byReason = new Map(counts.getRows().map(([r, n]) => [r as string | null, Number(n)]));
  const columns = "stay_id, patient_id, note_id, time, seq, category, description";
  if (o.variant === "discharge") {
    await conn.run(`CREATE OR REPLACE TEMP TABLE ${NOTE_CANDIDATES_TABLE} AS
      SELECT ${columns}, text FROM ${TRIAGE_TABLE} WHERE drop_reason IS NULL`);
  } else await loadEarlyTexts(conn, o.notesView, `${columns}`);
  await conn.run(`DROP TABLE ${TRIAGE_TABLE}`);
  return rules.map(([step, reason]) => ({ step, unit: "notes" as const, reason, count: byReason.get(reason) ?? 0 }));
}

/** Pass 2 (early notes): the chosen notes' texts from one more stream over the notes, via a spool file. */
async function loadEarlyTexts(conn: DuckDBConnection, notesView: string, columns: string): Promise<void> {
  const keys = new Map<number, unknown[]>();
  const chosen = await conn.runAndReadAll(
    `SELECT source_row::DOUBLE, ${columns.replace("seq", "seq::VARCHAR")} FROM ${TRIAGE_TABLE} WHERE drop_reason IS NULL`,
  );
  for (const [row, ...rest] of chosen.getRowsJS()) keys.set(row as number, rest);
  const spool = NdjsonSpool.create();
  try {
    if (keys.size > 0) {
      const stream = await conn.stream(`SELECT source_row::DOUBLE, text FROM ${notesView}`);
      for await (const rows of stream.yieldRowsJs()) {
        for (const [row, text] of rows) {
          const k = keys.get(row as number);
          if (!k) continue;
          const [stay_id, patient_id, note_id, time, seq, category, description] = k;
          await spool.write({ stay_id, patient_id, note_id, time, seq, category, description, text });
        }
      }
    }
    await spool.close();
    const types =
      "stay_id: 'VARCHAR', patient_id: 'VARCHAR', note_id: 'VARCHAR', time: 'VARCHAR', seq: 'VARCHAR', " +
      "category: 'VARCHAR', description: 'VARCHAR', text: 'VARCHAR'";
    await conn.run(`CREATE OR REPLACE TEMP TABLE ${NOTE_CANDIDATES_TABLE} AS
      ${
        keys.size > 0
          ? `SELECT stay_id, patient_id, note_id, time, seq::BIGINT AS seq, category, description, text
           FROM read_json(${sqlString(spool.path)}, format = 'newline_delimited', columns = {${types}},
             maximum_object_size = 33554432)`
          : `SELECT NULL::VARCHAR AS stay_id, NULL::VARCHAR AS patient_id, NULL::VARCHAR AS note_id,
             NULL::VARCHAR AS time, NULL::BIGINT AS seq, NULL::VARCHAR AS category, NULL::VARCHAR AS description,
             NULL::VARCHAR AS text WHERE FALSE`
      }`);
  } finally {
    spool.remove();
  }
}

/** A stay's notes in (time, seq, note id) order, missing values last. */
export function compareReadmissionNotes(a: StayNote, b: StayNote): number {
  return (
    nullsLast(a.time, b.time, compareText) ||
    nullsLast(a.seq, b.seq, compareIntegerText) ||
    nullsLast(a.noteId, b.noteId, compareText)
  );
}

/** Steps 2–3 for one admission's notes (in compareReadmissionNotes order). */
export function readmissionAdmissionNote(
  notes: readonly StayNote[],
  variant: "discharge" | "early",
): AdmissionNoteOutcome {
  let raw: string;
  let noteId: string | null;
  let patientId: string | null;
  const flags: string[] = [];
  if (variant === "discharge") {
    const reports = notes.filter((n) => n.description !== ADDENDUM_DESCRIPTION);
    const chosen = reports[reports.length - 1] ?? notes[notes.length - 1]!;
    if (reports.length > 0 && notes[notes.length - 1]!.description === ADDENDUM_DESCRIPTION) flags.push(ADDENDUM_FLAG);
    raw = chosen.text;
    noteId = chosen.noteId;
    patientId = chosen.patientId;
  } else {
    raw = notes.map((n) => n.text).join(" ");
    noteId = notes[0]!.noteId;
    patientId = notes[0]!.patientId;
  }
  if (patientId === null) return { kept: false, step: "2", reason: "no SUBJECT_ID on the note" };
  const text = clinicalBertClean(raw);
  if (pyWords(text).length < MIN_LAST_CHUNK_WORDS) {
    return {
      kept: false,
      step: "3",
      reason: `${MIN_LAST_CHUNK_WORDS - 1} words or fewer after cleaning (the reference makes no chunk of it)`,
    };
  }
  return { kept: true, text, patientId, noteId, flags };
}

export function readmissionNoteRules(o: ReadmissionNoteOptions): CandidateNoteRules {
  const what =
    o.variant === "discharge"
      ? "the last discharge summary (not an addendum)"
      : `notes of the first ${o.days} days (${o.earlyWindow} window, no discharge summaries)`;
  return {
    kind: "candidates",
    name: `${o.source}: ClinicalBERT readmission notes, ${what}; ClinicalBERT's cleaning (docs/readmission-task.md)`,
    selectCandidates: (conn) => selectCandidates(conn, o),
    compareNotes: compareReadmissionNotes,
    admissionNote: (notes) => readmissionAdmissionNote(notes, o.variant),
  };
}
