/**
 * Runs a source's AdmissionNoteRules over an open timeline: the rules' SQL picks the candidate notes in DuckDB,
 * then the candidates stream to JS one DuckDB chunk at a time, grouped by stay, and each stay's admission note
 * goes to `onNote` as soon as it is made — no more than one chunk and one stay's notes are held at once.
 *
 * `onNote` must not run queries on the timeline's connection: DuckDB ends an open streaming result when the same
 * connection runs something else. Collect the notes elsewhere (a file, another database) and load them after.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { type AdmissionNoteRules, NOTE_CANDIDATES_TABLE, type NoteDrop, type StayNote } from "./AdmissionNoteRules.ts";

export interface AdmissionNote {
  stayId: string;
  patientId: string;
  noteId: string | null;
  text: string;
}

export interface AdmissionNotesReport {
  /** Every drop, the rules' SQL steps first, then the per-stay ones in step order. */
  drops: NoteDrop[];
  /** Stays that had at least one candidate note. */
  candidateStays: number;
  /** Admission notes made. */
  kept: number;
  /** Diagnostic flags the rules raised, with how many notes raised each. */
  flags: Record<string, number>;
}

export interface BuildAdmissionNotesOptions {
  onNote: (note: AdmissionNote) => void | Promise<void>;
  /** Called after each stay with (stays done, candidate stays). */
  onProgress?: (done: number, total: number) => void;
}

export async function buildAdmissionNotes(
  conn: DuckDBConnection,
  rules: AdmissionNoteRules,
  options: BuildAdmissionNotesOptions,
): Promise<AdmissionNotesReport> {
  const sqlDrops = await rules.selectCandidates(conn);
  const totalReader = await conn.runAndReadAll(`SELECT count(DISTINCT stay_id) FROM ${NOTE_CANDIDATES_TABLE}`);
  const total = Number(totalReader.getRows()[0]![0]);
  const stayDrops = new Map<string, NoteDrop>();
  const flags: Record<string, number> = {};
  let done = 0;
  let kept = 0;

  const finish = async (notes: StayNote[]) => {
    const outcome = rules.admissionNote(notes);
    done++;
    if (outcome.kept) {
      kept++;
      for (const f of outcome.flags ?? []) flags[f] = (flags[f] ?? 0) + 1;
      await options.onNote({
        stayId: notes[0]!.stayId,
        patientId: outcome.patientId,
        noteId: outcome.noteId,
        text: outcome.text,
      });
    } else {
      const key = `${outcome.step}\u0000${outcome.reason}`;
      const drop = stayDrops.get(key) ?? { step: outcome.step, unit: "admissions", reason: outcome.reason, count: 0 };
      drop.count++;
      stayDrops.set(key, drop);
    }
    options.onProgress?.(done, total);
  };

  const result = await conn.stream(
    `SELECT stay_id, patient_id, note_id, time, category, description, text FROM ${NOTE_CANDIDATES_TABLE}
     ORDER BY stay_id, ord`,
  );
  let stay: StayNote[] = [];
  for await (const rows of result.yieldRows()) {
    for (const [stayId, patientId, noteId, time, category, description, text] of rows as (string | null)[][]) {
      if (stay.length > 0 && stay[0]!.stayId !== stayId) {
        await finish(stay);
        stay = [];
      }
      stay.push({ stayId: stayId!, patientId, noteId, time, category, description, text: text ?? "" });
    }
  }
  if (stay.length > 0) await finish(stay);
  await conn.run(`DROP TABLE IF EXISTS ${NOTE_CANDIDATES_TABLE}`);

  const perStay = [...stayDrops.values()].sort((a, b) => a.step.localeCompare(b.step, "en", { numeric: true }));
  return { drops: [...sqlDrops, ...perStay], candidateStays: total, kept, flags };
}
