/**
 * The rules every reader shares, applied in DuckDB: a reader writes staging SELECTs in the source's terms; this
 * module marks each staged row with the first rule it breaks (skip_reason), materializes the result as temp
 * tables `<prefix>_patients|stays|events|notes`, groups emergency visits into the stays they lead into, defines
 * the tl_* views on the kept rows, and reports every skipped (or kept-with-a-caveat) row with file and row.
 *
 * Staging SELECT columns (all text columns VARCHAR, times TIMESTAMP; file_no indexes `files`):
 *   patients: file_no, source_row, patient_id, birth_raw, birth_date, sex, death_time, pre_reason, report_reason
 *   stays:    file_no, source_row, stay_id, patient_id, start_raw, start_time, end_raw, end_time, stay_type,
 *             inpatient, emergency, expire_flag, pre_reason
 *   events:   file_no, source_row, patient_id, stay_ref, time_raw, time, time_from_stay, kind, system, code, seq,
 *             dup_key, pre_reason, report_reason, and `value` (DOUBLE) when `eventValues`   (time_from_stay: the
 *             source has no event time; the visit's end is used — codes assigned at discharge, so they never appear
 *             to precede the stay's end)
 *   notes:    file_no, source_row, note_id, patient_id, stay_ref, time_raw, time, category, description, seq,
 *             pre_reason; plus `text`: parts (NoteTextPart) read lazily, never materialized
 * pre_reason / report_reason: the reader's own reasons (NULL when none), checked before the shared rules.
 * *_raw: only whether it is NULL (missing) matters; a reader storing parsed times may pass '' for "given".
 *
 * Duplicates: a patient, visit or note id seen before, or an event row whose dup_key was seen before (CSV: the
 * MD5 of the file name and whole raw row, every column the file has — two orders of one drug that differ only in
 * cost or stop date are two rows; FHIR: the resource type and id). The first occurrence is kept, the others are
 * skipped and counted (duplicates.ts). Each staging SELECT is read more than once: it should be a scan of
 * loaded tables with cheap joins, not a CSV scan.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import type { SkipRecord } from "../Timeline.ts";
import { numberDuplicates } from "./duplicates.ts";
import { emergencyLinksSql } from "./emergencyGrouping.ts";
import { collectSkips } from "./skips.ts";

export interface StagedTimeline {
  /** Temp-table prefix, unique per reader (e.g. "omop"). */
  prefix: string;
  /** file_no → file name relative to the source folder, as skips name it. */
  files: readonly string[];
  patients: string;
  stays: string;
  events: string;
  notes?: { meta: string; text: readonly NoteTextPart[] };
  /** SELECT system, code, title. */
  titles: string;
  /** Group emergency visits into the inpatient stays they lead into (see emergencyGrouping.ts). */
  groupEmergency: boolean;
  /** The events SELECT has a `value` column (a lab's numeric result); otherwise tl_events.value is NULL. */
  eventValues?: boolean;
}

/**
 * Note texts of some files: `sql` yields (file_no, source_row, text) for exactly the staged note rows of `fileNos`,
 * in (file_no, source_row) order — a file scan in file order. Texts are attached by position (POSITIONAL JOIN)
 * with the staged rows, not by a hash join: DuckDB cannot estimate the size of a CSV or JSON scan and would build
 * its hash table on the texts, holding every note in memory. Each row checks that file and row agree, so a reader
 * bug fails loudly instead of pairing a note with another's text.
 */
export interface NoteTextPart {
  fileNos: readonly number[];
  sql: string;
}

const UNKNOWN_PATIENT = "patient not in the patient table (or skipped there)";

export async function buildTimeline(conn: DuckDBConnection, staged: StagedTimeline): Promise<SkipRecord[]> {
  const p = staged.prefix;
  const keptPatients = `(SELECT patient_id AS pid FROM ${p}_patients WHERE skip_reason IS NULL)`;
  const keptStays = `(SELECT * FROM ${p}_stays WHERE skip_reason IS NULL)`;

  await conn.run(`CREATE OR REPLACE TEMP TABLE ${p}_patients AS
    WITH s AS (${await numberDuplicates(conn, staged.patients, "patient_id", `${p}_dup_patients`)})
    SELECT file_no, source_row, patient_id, birth_date, sex, death_time,
      CASE WHEN pre_reason IS NOT NULL THEN pre_reason
           WHEN patient_id IS NULL THEN 'missing patient id'
           WHEN dup_no > 1 THEN 'duplicate patient id (an earlier row has it)' END AS skip_reason,
      CASE WHEN birth_raw IS NULL THEN 'patient without birth date (kept; birth_date NULL)'
           WHEN birth_date IS NULL THEN 'unparsable birth date (kept; birth_date NULL)'
           ELSE report_reason END AS report_reason
    FROM s`);

  await conn.run(`CREATE OR REPLACE TEMP TABLE ${p}_stays AS
    WITH s AS (${await numberDuplicates(conn, staged.stays, "stay_id", `${p}_dup_stays`)})
    SELECT s.file_no, s.source_row, s.stay_id, s.patient_id, s.start_time, s.end_time, s.stay_type,
      s.inpatient, s.emergency, s.expire_flag,
      CASE WHEN s.pre_reason IS NOT NULL THEN s.pre_reason
           WHEN s.stay_id IS NULL THEN 'missing visit id'
           WHEN s.dup_no > 1 THEN 'duplicate visit id (an earlier row has it)'
           WHEN s.patient_id IS NULL THEN 'missing patient id'
           WHEN k.pid IS NULL THEN '${UNKNOWN_PATIENT}'
           WHEN s.start_raw IS NULL THEN 'missing start time'
           WHEN s.start_time IS NULL THEN 'unparsable start time'
           WHEN s.end_raw IS NULL THEN 'missing end time'
           WHEN s.end_time IS NULL THEN 'unparsable end time'
           WHEN s.end_time < s.start_time THEN 'visit ends before it starts' END AS skip_reason,
      NULL::VARCHAR AS report_reason
    FROM s LEFT JOIN ${keptPatients} k ON k.pid = s.patient_id`);

  await conn.run(emergencyLinksSql(p, staged.groupEmergency));

  await conn.run(`CREATE OR REPLACE TEMP TABLE ${p}_events AS
    WITH e AS (${await numberDuplicates(conn, staged.events, "dup_key", `${p}_dup_events`)})
    SELECT e.file_no, e.source_row, e.patient_id, coalesce(l.into_stay_id, e.stay_ref) AS stay_id,
      CASE WHEN e.time_from_stay THEN s.end_time ELSE e.time END AS time,
      e.kind, e.system, e.code, e.seq, ${staged.eventValues ? "e.value::DOUBLE" : "NULL::DOUBLE"} AS value,
      CASE WHEN e.pre_reason IS NOT NULL THEN e.pre_reason
           WHEN e.code IS NULL THEN 'missing code'
           WHEN e.system IS NULL THEN 'code of unknown system'
           WHEN NOT e.time_from_stay AND e.time_raw IS NULL THEN 'missing time'
           WHEN NOT e.time_from_stay AND e.time IS NULL THEN 'unparsable time'
           WHEN e.dup_no > 1 THEN 'duplicate row (an earlier row is the same)'
           WHEN k.pid IS NULL THEN '${UNKNOWN_PATIENT}'
           WHEN e.stay_ref IS NULL THEN 'event outside any visit (no visit id)'
           WHEN s.stay_id IS NULL THEN 'event outside any visit (visit not in the visit table, or skipped there)'
           WHEN s.patient_id <> e.patient_id THEN 'visit belongs to another patient' END AS skip_reason,
      e.report_reason
    FROM e LEFT JOIN ${keptPatients} k ON k.pid = e.patient_id
      LEFT JOIN ${keptStays} s ON s.stay_id = e.stay_ref
      LEFT JOIN ${p}_links l ON l.stay_id = e.stay_ref`);

  if (staged.notes) {
    await conn.run(`CREATE OR REPLACE TEMP TABLE ${p}_notes AS
      WITH n AS (${await numberDuplicates(conn, staged.notes.meta, "note_id", `${p}_dup_notes`)})
      SELECT n.file_no, n.source_row, n.note_id, n.patient_id, coalesce(l.into_stay_id, n.stay_ref) AS stay_id,
        n.time, n.category, n.description, n.seq,
        CASE WHEN n.pre_reason IS NOT NULL THEN n.pre_reason
             WHEN n.note_id IS NULL THEN 'missing note id'
             WHEN n.dup_no > 1 THEN 'duplicate note id (an earlier row has it)'
             WHEN k.pid IS NULL THEN '${UNKNOWN_PATIENT}'
             WHEN n.time_raw IS NOT NULL AND n.time IS NULL THEN 'unparsable time'
             WHEN n.stay_ref IS NOT NULL AND s.stay_id IS NULL
               THEN 'note of a visit not in the visit table (or skipped there)'
             WHEN s.patient_id <> n.patient_id THEN 'visit belongs to another patient' END AS skip_reason,
        CASE WHEN n.time_raw IS NULL THEN 'note without time (kept; time NULL)'
             WHEN n.stay_ref IS NULL THEN 'note without visit (kept; stay_id NULL)' END AS report_reason
      FROM n LEFT JOIN ${keptPatients} k ON k.pid = n.patient_id
        LEFT JOIN ${keptStays} s ON s.stay_id = n.stay_ref
        LEFT JOIN ${p}_links l ON l.stay_id = n.stay_ref
      ORDER BY n.file_no, n.source_row`);
  }

  await defineViews(conn, staged);

  const skips: SkipRecord[] = [];
  for (const t of ["patients", "stays", "events", ...(staged.notes ? ["notes"] : [])]) {
    skips.push(...(await collectSkips(conn, `${p}_${t}`, staged.files)));
  }
  return skips;
}

function notesPartSql(p: string, part: NoteTextPart): string {
  const aligned = `m.file_no IS NOT DISTINCT FROM t.file_no AND m.source_row IS NOT DISTINCT FROM t.source_row`;
  return `SELECT m.note_id::VARCHAR AS note_id, m.patient_id::VARCHAR AS patient_id, m.stay_id::VARCHAR AS stay_id,
      m.time::TIMESTAMP AS time, m.category::VARCHAR AS category, m.description::VARCHAR AS description,
      (CASE WHEN ${aligned} THEN t.text ELSE error('note texts out of step with their rows (file #' ||
        coalesce(m.file_no::VARCHAR, '?') || ', row ' || coalesce(m.source_row::VARCHAR, '?') || ')') END)::VARCHAR
        AS text,
      m.seq::BIGINT AS seq, m.source_row::BIGINT AS source_row
    FROM (SELECT * FROM ${p}_notes WHERE file_no IN (${part.fileNos.join(", ")})) m POSITIONAL JOIN (${part.sql}) t
    WHERE m.skip_reason IS NULL`;
}

async function defineViews(conn: DuckDBConnection, staged: StagedTimeline): Promise<void> {
  const p = staged.prefix;
  await conn.run(`CREATE OR REPLACE TEMP VIEW tl_patients AS
    SELECT patient_id::VARCHAR AS patient_id, birth_date::TIMESTAMP AS birth_date, sex::VARCHAR AS sex,
      death_time::TIMESTAMP AS death_time
    FROM ${p}_patients WHERE skip_reason IS NULL`);
  await conn.run(`CREATE OR REPLACE TEMP VIEW tl_stays AS
    SELECT stay_id::VARCHAR AS stay_id, patient_id::VARCHAR AS patient_id, start_time::TIMESTAMP AS start_time,
      end_time::TIMESTAMP AS end_time, stay_type::VARCHAR AS stay_type, inpatient::BOOLEAN AS inpatient,
      expire_flag::VARCHAR AS expire_flag, source_row::BIGINT AS source_row
    FROM ${p}_stays WHERE skip_reason IS NULL`);
  await conn.run(`CREATE OR REPLACE TEMP VIEW tl_events AS
    SELECT patient_id::VARCHAR AS patient_id, stay_id::VARCHAR AS stay_id, time::TIMESTAMP AS time,
      kind::VARCHAR AS kind, system::VARCHAR AS system, code::VARCHAR AS code, seq::INTEGER AS seq,
      source_row::BIGINT AS source_row, value::DOUBLE AS value
    FROM ${p}_events WHERE skip_reason IS NULL`);
  const parts = (staged.notes?.text ?? []).filter((part) => part.fileNos.length > 0);
  const notes =
    parts.length > 0
      ? parts.map((part) => notesPartSql(p, part)).join(" UNION ALL ")
      : `SELECT NULL::VARCHAR AS note_id, NULL::VARCHAR AS patient_id, NULL::VARCHAR AS stay_id,
         NULL::TIMESTAMP AS time, NULL::VARCHAR AS category, NULL::VARCHAR AS description, NULL::VARCHAR AS text,
         NULL::BIGINT AS seq, NULL::BIGINT AS source_row WHERE FALSE`;
  await conn.run(`CREATE OR REPLACE TEMP VIEW tl_notes AS ${notes}`);
  await conn.run(`CREATE OR REPLACE TEMP VIEW tl_code_titles AS
    SELECT system::VARCHAR AS system, code::VARCHAR AS code, title::VARCHAR AS title FROM (${staged.titles})`);
  await conn.run(`CREATE OR REPLACE TEMP VIEW tl_stay_links AS
    SELECT stay_id::VARCHAR AS stay_id, into_stay_id::VARCHAR AS into_stay_id FROM ${p}_links`);
}
