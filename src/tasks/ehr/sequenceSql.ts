/**
 * Med-BERT sequences in SQL (docs/medbert-method.md#input), after cohortSql.ts made ehr_decided:
 *   ehr_input   the kept patients' events inside their input window, one row per code, duplicates within a
 *               visit dropped (counted in ehr_duplicates)
 *   ehr_seq     one row per patient: split, label, index_time, tokens, visits, positions, plos_label, n_codes
 * Order: visits by start time (then stay id); within a visit diagnoses, procedures, drugs, each by seq (MIMIC
 * SEQ_NUM; NULL last), time, source row. The most recent `maxCodes` codes are kept; visit indices are renumbered
 * from 1 within the kept window; positions run 0…n−1. Token = system + '_' + code as the source writes it.
 * Split = seededHashSplit of the patient id (SHA-256 in DuckDB, checked against the TypeScript in the tests).
 * Lists are built as list_sort of (position, value) structs, never list(… ORDER BY …): DuckDB keeps a sort buffer
 * per group for an ordered aggregate, which ran out of a 1 GB limit at ~20k patients; and for a batch of patients
 * at a time (createInBatches), since even plain list aggregates stay in memory.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { sqlString } from "../../sources/common/sql.ts";
import { splitSql } from "./cohorts/cohortSql.ts";

export type EventKind = "dx" | "px" | "rx";
export const EVENT_KINDS: Record<EventKind, string> = { dx: "diagnosis", px: "procedure", rx: "drug" };

export interface SequenceOptions {
  kinds: EventKind[];
  maxCodes: number;
  seed: number;
  /** Input rows per batch of patients (createInBatches; default ROWS_PER_BATCH): for tests. */
  rowsPerBatch?: number;
}

export async function createSequences(conn: DuckDBConnection, o: SequenceOptions): Promise<void> {
  const kinds = o.kinds.map((k) => sqlString(EVENT_KINDS[k])).join(", ");
  await conn.run(`CREATE OR REPLACE TEMP TABLE ehr_input_all AS
    SELECT c.patient_id, s.stay_id, s.start_time AS vstart, s.end_time AS vend, e.kind, e.system, e.code, e.seq,
           coalesce(e.time, s.start_time) AS t, e.source_row,
           CASE e.kind WHEN 'diagnosis' THEN 0 WHEN 'procedure' THEN 1 ELSE 2 END AS kind_rank
    FROM ehr_decided c
    JOIN tl_events e ON e.patient_id = c.patient_id
    JOIN ehr_stays s ON s.stay_id = e.stay_id AND s.patient_id = e.patient_id
    WHERE c.keep AND e.kind IN (${kinds}) AND e.code IS NOT NULL AND
      CASE WHEN c.inclusive
        THEN (s.start_time < c.index_time OR s.stay_id = c.index_stay_id) AND coalesce(e.time, s.start_time) <= c.index_time
        ELSE s.start_time < c.index_time AND coalesce(e.time, s.start_time) < c.index_time END`);
  await conn.run(`CREATE OR REPLACE TEMP TABLE ehr_dedup AS
    SELECT patient_id, stay_id, any_value(vstart) AS vstart, any_value(vend) AS vend, kind,
      any_value(kind_rank) AS kind_rank, system, code,
      min({'s': coalesce(seq, 2147483647), 't': t, 'r': source_row}) AS first, count(*) AS copies,
      CASE WHEN count(*) > 1 THEN max(source_row) END AS extra_row
    FROM ehr_input_all GROUP BY patient_id, stay_id, kind, system, code`);
  await conn.run(`CREATE OR REPLACE TEMP TABLE ehr_duplicates AS
    SELECT kind, sum(copies - 1) AS n, list(extra_row ORDER BY extra_row)[1:5] AS rows
    FROM ehr_dedup WHERE copies > 1 GROUP BY kind`);
  await conn.run(`CREATE OR REPLACE TEMP TABLE ehr_input AS
    WITH ordered AS (
      SELECT *, row_number() OVER w AS k, count(*) OVER (PARTITION BY patient_id) AS n
      FROM (SELECT * EXCLUDE (first), first.s AS seq, first.t AS t, first.r AS source_row FROM ehr_dedup)
      WINDOW w AS (PARTITION BY patient_id ORDER BY vstart, stay_id, kind_rank, seq, t, source_row, code))
    SELECT *, dense_rank() OVER (PARTITION BY patient_id ORDER BY vstart, stay_id) AS visit,
              row_number() OVER (PARTITION BY patient_id ORDER BY k) - 1 AS position
    FROM ordered WHERE k > n - ${o.maxCodes}`);
  const rows = await countRows(conn, "SELECT count(*) AS n FROM ehr_input");
  await createInBatches(
    conn,
    "ehr_seq",
    rows,
    o.rowsPerBatch ?? ROWS_PER_BATCH,
    (inBatch) => `
    WITH plos AS (
      SELECT patient_id, bool_or(vend - vstart > INTERVAL 7 DAY) AS plos
      FROM (SELECT DISTINCT patient_id, stay_id, vstart, vend FROM ehr_input_all WHERE ${inBatch("patient_id")})
      GROUP BY patient_id),
    sorted AS (
      SELECT patient_id, list_sort(list({'p': position, 't': system || '_' || code, 'v': visit})) AS s,
             max(visit)::INTEGER AS n_visits
      FROM ehr_input WHERE ${inBatch("patient_id")} GROUP BY patient_id),
    seqs AS (
      SELECT patient_id, list_transform(s, x -> x.t) AS tokens, list_transform(s, x -> x.v)::INTEGER[] AS visits,
             list_transform(s, x -> x.p)::INTEGER[] AS positions, n_visits
      FROM sorted)
    SELECT d.patient_id, ${splitSql(o.seed, "d.patient_id")} AS split,
      d.label::INTEGER AS label, d.index_time, s.tokens, s.visits, s.positions, len(s.tokens)::INTEGER AS n_codes,
      s.n_visits, coalesce(plos.plos, false)::INTEGER AS plos_label
    FROM (SELECT * FROM ehr_decided WHERE keep AND ${inBatch("patient_id")}) d
    JOIN seqs s USING (patient_id) LEFT JOIN plos USING (patient_id)`,
  );
}

/** Vocabulary on the train split only: [PAD]=0, [UNK]=1, [MASK]=2, then codes with count ≥ minCount. */
export async function createVocabulary(
  conn: DuckDBConnection,
  minCount: number,
  rowsPerBatch = ROWS_PER_BATCH,
): Promise<void> {
  await conn.run(`CREATE OR REPLACE TEMP TABLE ehr_vocab AS
    SELECT * FROM (VALUES ('[PAD]', 0, 0), ('[UNK]', 1, 0), ('[MASK]', 2, 0)) v(token, id, count)
    UNION ALL
    SELECT token, (2 + row_number() OVER (ORDER BY n DESC, token))::INTEGER AS id, n AS count FROM (
      SELECT token, count(*)::INTEGER AS n FROM (SELECT unnest(tokens) AS token FROM ehr_seq WHERE split = 'train')
      GROUP BY token HAVING count(*) >= ${minCount})`);
  const rows = await countRows(conn, "SELECT coalesce(sum(n_codes), 0) AS n FROM ehr_seq");
  await createInBatches(
    conn,
    "ehr_out",
    rows,
    rowsPerBatch,
    (inBatch) => `
    WITH x AS (SELECT patient_id, unnest(tokens) AS token, generate_subscripts(tokens, 1) AS i FROM ehr_seq
               WHERE ${inBatch("patient_id")}),
    ids AS (
      SELECT x.patient_id, list_sort(list({'i': x.i, 'id': coalesce(v.id, 1)})) AS s,
             (count(*) FILTER (WHERE v.id IS NULL))::INTEGER AS n_unk
      FROM x LEFT JOIN ehr_vocab v USING (token) GROUP BY x.patient_id)
    SELECT s.*, list_transform(ids.s, y -> y.id)::INTEGER[] AS token_ids, ids.n_unk FROM ehr_seq s JOIN ids USING (patient_id)`,
  );
}

/**
 * Input rows per statement for the per-patient list aggregates: DuckDB keeps an aggregate's lists in memory (it
 * spills sorts, joins and tables, not those), so ehr_seq and ehr_out are built for one batch of patients at a
 * time. 1M rows is a few hundred MB; at 1M patients dhf's input is ~14M rows.
 */
const ROWS_PER_BATCH = 1_000_000;

async function countRows(conn: DuckDBConnection, sql: string): Promise<number> {
  return Number((await conn.runAndReadAll(sql)).getRowObjectsJS()[0]!.n);
}

/** Creates `table` from `select` batch by batch, patients assigned to batches by a hash of their id. */
async function createInBatches(
  conn: DuckDBConnection,
  table: string,
  rows: number,
  rowsPerBatch: number,
  select: (inBatch: (column: string) => string) => string,
): Promise<void> {
  const batches = Math.max(1, Math.ceil(rows / rowsPerBatch));
  for (let b = 0; b < batches; b++) {
    const inBatch = (column: string) => (batches === 1 ? "TRUE" : `hash(${column}) % ${batches} = ${b}`);
    const sql = select(inBatch);
    await conn.run(b === 0 ? `CREATE OR REPLACE TEMP TABLE ${table} AS ${sql}` : `INSERT INTO ${table} ${sql}`);
  }
}
