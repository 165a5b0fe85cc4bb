/**
 * The candidate notes of "candidates" rules, one stay at a time, in bounded memory and without asking DuckDB to
 * sort or group rows that carry note text (its sorts of large VARCHAR payloads do not spill reliably: ordering
 * 0.9 GB of discharge notes fails at a 512 MB memory limit, and MIMIC-IV's note module holds ~3.3 GB).
 *
 * The candidates table is read once, in table order. When their text fits in one bucket (BUCKET_TEXT_BYTES) the
 * notes are grouped by stay in memory; otherwise each note goes to one of K temporary NDJSON files, chosen by a hash
 * of its stay id (K = text bytes / BUCKET_TEXT_BYTES, rounded up), and the files are then read back one at a time:
 * every stay's notes are in one bucket, and only one bucket is in memory. Within a bucket stays come in stay-id
 * order, a stay's notes in the rules' order (compareNotes); nothing downstream depends on the order of stays.
 */
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import type { DuckDBConnection } from "@duckdb/node-api";
import { NdjsonSpool } from "../NdjsonSpool.ts";
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
  const result = await conn.stream(`SELECT ${COLUMNS} FROM ${NOTE_CANDIDATES_TABLE}`);
  if (buckets === 1) {
    const byStay = new Map<string, StayNote[]>();
    for await (const rows of result.yieldRows()) for (const row of rows) add(byStay, row as Row);
    yield* outcomes(byStay, rules);
    return;
  }
  const spools = Array.from({ length: buckets }, () => NdjsonSpool.create());
  try {
    for await (const rows of result.yieldRows()) {
      for (const row of rows) await spools[bucketOf(row[0] as string, buckets)]!.write(row);
    }
    for (const spool of spools) await spool.close();
    for (const spool of spools) {
      const byStay = new Map<string, StayNote[]>();
      const lines = createInterface({ input: createReadStream(spool.path, { encoding: "utf8" }), crlfDelay: Infinity });
      for await (const line of lines) add(byStay, JSON.parse(line) as Row);
      spool.remove();
      yield* outcomes(byStay, rules);
    }
  } finally {
    for (const spool of spools) spool.remove();
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
