/**
 * The candidate notes of "candidates" rules, one stay at a time, in bounded memory and without asking DuckDB to
 * sort or group rows that carry note text (its sorts of large VARCHAR payloads do not spill reliably: ordering
 * 0.9 GB of discharge notes fails at a 512 MB memory limit, and MIMIC-IV's note module holds ~3.3 GB).
 *
 * When the candidates' text fits in one bucket (BUCKET_TEXT_BYTES) the table is read once and its notes are grouped
 * by stay in memory. Otherwise every stay goes to one of K buckets, chosen by a hash of its stay id (K = text
 * bytes / BUCKET_TEXT_BYTES, rounded up): the stay ids alone are read and hashed here, written to a small temp
 * table (stay id → bucket), and each bucket's notes are then read with a semi-join on that table, one bucket at a
 * time: only one bucket's text is in memory, and the text leaves DuckDB once (it used to go through K temporary
 * NDJSON files, written and parsed back: a third of the note step's time at 58k admissions). Within a bucket stays
 * come in stay-id order, a stay's notes in the rules' order (compareNotes). The order is part of the output (the
 * manifests list flags and drop reasons in the order first met), so it is the same for every way of reading.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import {
  type CandidateNoteRules,
  compareText,
  NOTE_CANDIDATES_TABLE,
  type StayNote,
  type StayOutcome,
} from "./AdmissionNoteRules.ts";

/** Text per bucket: 32 MiB of note text peaks at ~150 MB of JS heap while its stays are made. */
export const BUCKET_TEXT_BYTES = 32 * 1024 * 1024;

type Row = [string, string | null, string | null, string | null, string | null, string | null, string | null, string];

/** The stay id → bucket table of a bucketed read (dropped after it). */
const STAY_BUCKETS_TABLE = "prognos_stay_buckets";

const COLUMNS = "stay_id, patient_id, note_id, time, seq::VARCHAR, category, description, coalesce(text, '')";

export interface CandidateSummary {
  stays: number;
  textBytes: number;
}

export async function candidateSummary(conn: DuckDBConnection): Promise<CandidateSummary> {
  const r = await conn.runAndReadAll(
    `SELECT count(DISTINCT stay_id), coalesce(sum(strlen(text)), 0) FROM ${NOTE_CANDIDATES_TABLE}`,
  );
  const [stays, bytes] = r.getRows()[0]!;
  return { stays: Number(stays), textBytes: Number(bytes) };
}

/** What candidateStays needs of the rules: the notes' order and what one stay's notes become. */
export type PerStayRules<O> = Pick<CandidateNoteRules, "compareNotes"> & {
  admissionNote(notes: readonly StayNote[]): O;
};

/**
 * The stays' outcomes (by default admission notes; pre-training passes its own per-stay function);
 * `bucketBytes` (tests) overrides BUCKET_TEXT_BYTES.
 */
export async function* candidateStays<O = StayOutcome["outcome"]>(
  conn: DuckDBConnection,
  rules: PerStayRules<O>,
  summary: CandidateSummary,
  bucketBytes = BUCKET_TEXT_BYTES,
): AsyncGenerator<{ stayId: string; outcome: O }> {
  const buckets = Math.max(1, Math.ceil(summary.textBytes / bucketBytes));
  if (buckets === 1) {
    const result = await conn.stream(`SELECT ${COLUMNS} FROM ${NOTE_CANDIDATES_TABLE}`);
    const byStay = new Map<string, StayNote[]>();
    for await (const rows of result.yieldRows()) for (const row of rows) add(byStay, row as Row);
    yield* outcomes(byStay, rules);
    return;
  }
  await conn.run(`CREATE OR REPLACE TEMP TABLE ${STAY_BUCKETS_TABLE}(stay_id VARCHAR, bucket INTEGER)`);
  try {
    const ids = await conn.runAndReadAll(`SELECT DISTINCT stay_id FROM ${NOTE_CANDIDATES_TABLE}`);
    const appender = await conn.createAppender(STAY_BUCKETS_TABLE);
    for (const [stayId] of ids.getRows() as [string][]) {
      appender.appendVarchar(stayId);
      appender.appendInteger(bucketOf(stayId, buckets));
      appender.endRow();
    }
    appender.closeSync();
    for (let bucket = 0; bucket < buckets; bucket++) {
      const byStay = new Map<string, StayNote[]>();
      const rows = await conn.stream(
        `SELECT ${COLUMNS} FROM ${NOTE_CANDIDATES_TABLE}
         WHERE stay_id IN (SELECT stay_id FROM ${STAY_BUCKETS_TABLE} WHERE bucket = ${bucket})`,
      );
      for await (const chunk of rows.yieldRows()) for (const row of chunk) add(byStay, row as Row);
      yield* outcomes(byStay, rules);
    }
  } finally {
    await conn.run(`DROP TABLE IF EXISTS ${STAY_BUCKETS_TABLE}`);
  }
}

function add(
  byStay: Map<string, StayNote[]>,
  [stayId, patientId, noteId, time, seq, category, description, text]: Row,
) {
  const note: StayNote = { stayId, patientId, noteId, time, seq, category, description, text };
  const notes = byStay.get(stayId);
  if (notes) notes.push(note);
  else byStay.set(stayId, [note]);
}

function* outcomes<O>(
  byStay: Map<string, StayNote[]>,
  rules: PerStayRules<O>,
): Generator<{ stayId: string; outcome: O }> {
  for (const stayId of [...byStay.keys()].sort(compareText)) {
    const notes = byStay.get(stayId)!.sort(rules.compareNotes);
    byStay.delete(stayId);
    yield { stayId, outcome: rules.admissionNote(notes) };
  }
}

/** FNV-1a (32 bits) of the stay id's UTF-16 code units, modulo `buckets`. */
export function bucketOf(stayId: string, buckets: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < stayId.length; i++) {
    h ^= stayId.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % buckets;
}
