/**
 * Admission notes of a Synthea-derived timeline (fhir, or omop with Synthea notes), one record per inpatient stay,
 * streamed from DuckDB (one chunk of notes in memory at a time).
 *
 *   admission time = the stay's start, or the start of the emergency visit that leads into it (tl_stay_links,
 *                    see common/emergencyGrouping.ts) when that is earlier;
 *   note           = the stay's first note by (time, seq, note_id) — with an emergency visit grouped into the
 *                    stay, that visit's note (written at arrival);
 *   drugs before admission = display titles (tl_code_titles) of the patient's drug events strictly before the
 *                    admission time, lower-cased;
 *   text           = syntheaAdmissionNote(note, drugs before admission).
 * Stays without a note are yielded too, with `note` null, so callers count them.
 */
import type { Timeline } from "../Timeline.ts";
import { type SyntheaAdmissionNote, syntheaAdmissionNote } from "./syntheaAdmissionNote.ts";

export interface SyntheaAdmission {
  stayId: string;
  patientId: string;
  admitTime: Date;
  /** The note used, or null when the stay has none. */
  noteId: string | null;
  note: SyntheaAdmissionNote | null;
}

async function hasView(timeline: Timeline, name: string): Promise<boolean> {
  const r = await timeline.connection.runAndReadAll(
    `SELECT count(*) AS n FROM duckdb_views() WHERE view_name = '${name}'`,
  );
  return Number(r.getRowObjectsJS()[0]!.n) > 0;
}

export async function* readSyntheaAdmissionNotes(timeline: Timeline): AsyncGenerator<SyntheaAdmission> {
  const links = (await hasView(timeline, "tl_stay_links"))
    ? "tl_stay_links"
    : "(SELECT NULL::VARCHAR AS stay_id, NULL::VARCHAR AS into_stay_id WHERE FALSE)";
  const sql = `
    WITH adm AS (
      SELECT s.stay_id, s.patient_id, least(s.start_time, min(er.start_time)) AS admit_time
      FROM tl_stays s LEFT JOIN ${links} l ON l.into_stay_id = s.stay_id
        LEFT JOIN tl_stays er ON er.stay_id = l.stay_id
      WHERE s.inpatient GROUP BY s.stay_id, s.patient_id, s.start_time),
    first_note AS (
      SELECT n.stay_id, n.note_id, n.text FROM tl_notes n JOIN adm USING (stay_id)
      QUALIFY row_number() OVER (PARTITION BY n.stay_id ORDER BY n.time, n.seq, n.note_id) = 1),
    drugs AS (
      SELECT a.stay_id, list(DISTINCT lower(t.title)) AS names
      FROM adm a JOIN tl_events e ON e.patient_id = a.patient_id AND e.kind = 'drug' AND e.time < a.admit_time
        JOIN tl_code_titles t ON t.system = e.system AND t.code = e.code
      GROUP BY a.stay_id)
    SELECT a.stay_id, a.patient_id, a.admit_time, f.note_id, f.text, d.names
    FROM adm a LEFT JOIN first_note f USING (stay_id) LEFT JOIN drugs d USING (stay_id)
    ORDER BY a.patient_id, a.admit_time, a.stay_id`;
  const result = await timeline.connection.stream(sql);
  for await (const rows of result.yieldRowObjectJs()) {
    for (const r of rows) {
      const text = r.text as string | null;
      yield {
        stayId: String(r.stay_id),
        patientId: String(r.patient_id),
        admitTime: r.admit_time as Date,
        noteId: r.note_id === null ? null : String(r.note_id),
        note: text === null ? null : syntheaAdmissionNote(text, new Set((r.names as string[] | null) ?? [])),
      };
    }
  }
}
