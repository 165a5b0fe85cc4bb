/**
 * The MIMIC-III source reader (`mimic3`): PhysioNet's CSV / CSV.GZ files → the tl_* views of the Timeline
 * contract (src/sources/Timeline.ts).
 *
 * - ADMISSIONS, PATIENTS, DIAGNOSES_ICD, PROCEDURES_ICD (and D_ICD_*, PRESCRIPTIONS when present) are loaded
 *   once into temp tables (mimic3Staging.ts) with a skip or report reason per row.
 * - PRESCRIPTIONS (optional; the demo has none) → drug events: system NDC, or MIMIC3_FORMULARY with
 *   FORMULARY_DRUG_CD where NDC is 0/empty (reported); time = STARTDATE (its admission's DISCHTIME when empty or
 *   unparsable, reported); titles = the DRUG name per code.
 * - NOTEEVENTS (2M rows, ~4 GB in the full database) is never loaded: tl_notes is a view over the file, so a query
 *   that filters on CATEGORY or HADM_ID has DuckDB drop the other rows while it streams the file.
 *   Its source_row comes from a streaming row_number(), which keeps file order.
 * - Every value is read as text; codes keep leading zeros; times use MIMIC's `YYYY-MM-DD HH:MM:SS` (or a date).
 *   tl_notes.time is CHARTDATE (the date CORe sorts by; discharge summaries have no CHARTTIME); tl_notes.seq is
 *   ROW_ID; when the file has CHARTTIME, the view m3_notes_timed adds it (Timeline.notesWithChartTime); tl_events.time is the admission's DISCHTIME for ICD codes, STARTDATE for drugs; tl_stays.inpatient is TRUE (all are hospital stays).
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { PrognosError } from "../../util/errors.ts";
import { headerForMessage } from "../../util/headerForMessage.ts";
import { csvScan } from "../common/csvTable.ts";
import { duckdbErrorSummary } from "../common/duckdbErrorSummary.ts";
import { timelineConnection } from "../common/openTimeline.ts";
import { readCsvHeader } from "../common/readCsvHeader.ts";
import { requireUtf8File } from "../common/requireUtf8File.ts";
import { sqlString, sqlText } from "../common/sql.ts";
import type { SkipRecord, SourceOpenOptions, SourceReader, Timeline } from "../Timeline.ts";
import { findMimic3Files } from "./findMimic3Files.ts";
import { MIMIC3_MAX_LINE_BYTES, runReading, sqlMimicTime } from "./mimic3Sql.ts";
import {
  stagingDrugsSql,
  stagingEventsSql,
  stagingPatientsSql,
  stagingStaysSql,
  stagingTitlesSql,
} from "./mimic3Staging.ts";
import { MIMIC3_TABLES } from "./mimic3Tables.ts";

/** How many example rows a skip record lists. */
const EXAMPLE_ROWS = 5;

export const mimic3Reader: SourceReader = { id: "mimic3", open: openMimic3 };

interface TableScan {
  scan: string;
  path: string;
  fileName: string;
  /** The header's column names, upper-cased. */
  columns: readonly string[];
}

/** The MIMIC-III view of notes with CHARTTIME (Timeline.notesWithChartTime). */
export const MIMIC3_TIMED_NOTES_VIEW = "m3_notes_timed";
/** The table of a NoteTriageRequest (Timeline.noteTriage). */
export const MIMIC3_NOTE_TRIAGE_TABLE = "m3_note_triage";

export async function openMimic3(dir: string, options?: SourceOpenOptions): Promise<Timeline> {
  const tables = await scanTables(dir);
  const t = (name: string) => tables.get(name);
  const need = (name: string) => tables.get(name)!;
  // Its own instance keeps DuckDB's default memory limit, as this reader always had (the other readers take 1GB).
  const { connection: conn, close } = await timelineConnection(options, null);
  try {
    await runReading(
      conn,
      stagingStaysSql(need("ADMISSIONS").scan),
      need("ADMISSIONS").fileName,
      need("ADMISSIONS").path,
    );
    await runReading(conn, stagingPatientsSql(need("PATIENTS").scan), need("PATIENTS").fileName, need("PATIENTS").path);
    await runReadingOf(conn, stagingEventsSql(need("DIAGNOSES_ICD").scan, need("PROCEDURES_ICD").scan), [
      need("DIAGNOSES_ICD"),
      need("PROCEDURES_ICD"),
    ]);
    const drugs = t("PRESCRIPTIONS");
    if (drugs) await runReading(conn, stagingDrugsSql(drugs.scan), drugs.fileName, drugs.path);
    const dictionaries = [t("D_ICD_DIAGNOSES"), t("D_ICD_PROCEDURES")].filter((d) => d !== undefined);
    await runReadingOf(
      conn,
      stagingTitlesSql(t("D_ICD_DIAGNOSES")?.scan, t("D_ICD_PROCEDURES")?.scan, drugs !== undefined),
      dictionaries,
    );
    const chartTime = need("NOTEEVENTS").columns.includes("CHARTTIME");
    await defineViews(conn, need("NOTEEVENTS").scan, drugs !== undefined, chartTime);
    await requireUtf8File(need("NOTEEVENTS").path, need("NOTEEVENTS").fileName);
    const triage = options?.noteTriage;
    if (triage) await stageNotes(conn, need("NOTEEVENTS"), triage.textCategory);
    const notes = await noteCheck(conn, need("NOTEEVENTS"), triage ? MIMIC3_NOTE_TRIAGE_TABLE : null);
    const skips = [
      ...(await collectSkips(conn, "m3_patients", [need("PATIENTS").fileName])),
      ...(await collectSkips(conn, "m3_stays", [need("ADMISSIONS").fileName])),
      ...(await collectSkips(conn, "m3_events", [need("DIAGNOSES_ICD").fileName, need("PROCEDURES_ICD").fileName])),
      ...(drugs ? await collectSkips(conn, "m3_drugs", [drugs.fileName]) : []),
      ...notes.skips,
    ];
    const timeline: Timeline = { source: "mimic3", dir, connection: conn, hasNotes: notes.rows > 0, skips, close };
    if (chartTime) timeline.notesWithChartTime = MIMIC3_TIMED_NOTES_VIEW;
    if (triage) timeline.noteTriage = MIMIC3_NOTE_TRIAGE_TABLE;
    return timeline;
  } catch (e) {
    close();
    throw e;
  }
}

/**
 * Runs SQL reading several tables; when it fails, each table is read alone to name the file at fault (DuckDB's
 * error does not say which of the scans it came from).
 */
async function runReadingOf(conn: DuckDBConnection, sql: string, tables: readonly TableScan[]): Promise<void> {
  try {
    await conn.run(sql);
  } catch (e) {
    for (const table of tables) await runReading(conn, `SELECT * FROM ${table.scan}`, table.fileName, table.path);
    await runReading(conn, sql, tables.map((t) => t.fileName).join(" or "));
    throw e;
  }
}

/** Finds the files, checks every needed column is in each header, and builds the read_csv scans. */
async function scanTables(dir: string): Promise<Map<string, TableScan>> {
  const files = findMimic3Files(dir);
  const scans = new Map<string, TableScan>();
  for (const spec of MIMIC3_TABLES) {
    const path = files.paths.get(spec.name);
    if (!path) continue;
    const fileName = files.names.get(spec.name)!;
    const header = await readCsvHeader(path, fileName);
    const upper = header.map((h) => h.trim().toUpperCase());
    const twice = upper.find((h, i) => upper.indexOf(h) !== i);
    if (twice !== undefined) throw new PrognosError(`column ${twice} appears twice in the header`, { file: fileName });
    for (const col of spec.columns) {
      if (!upper.includes(col)) {
        throw new PrognosError(`missing column ${col} (any case); the header has: ${headerForMessage(header, false)}`, {
          file: fileName,
        });
      }
    }
    const scan = csvScan(path, upper, { multiLine: spec.multiLine, maxLineBytes: MIMIC3_MAX_LINE_BYTES });
    scans.set(spec.name, { scan, path, fileName, columns: upper });
  }
  return scans;
}

async function defineViews(
  conn: DuckDBConnection,
  notesScan: string,
  withDrugs: boolean,
  chartTime: boolean,
): Promise<void> {
  const drugEvents = withDrugs
    ? `UNION ALL SELECT patient_id, stay_id, time, kind, system, code, seq, source_row::BIGINT AS source_row,
         NULL::DOUBLE AS value FROM m3_drugs WHERE skip_reason IS NULL`
    : "";
  await conn.run(`CREATE OR REPLACE TEMP VIEW tl_patients AS
    SELECT patient_id, birth_date, sex, death_time FROM m3_patients WHERE skip_reason IS NULL`);
  await conn.run(`CREATE OR REPLACE TEMP VIEW tl_stays AS
    SELECT stay_id, patient_id, start_time, end_time, stay_type, TRUE AS inpatient, expire_flag,
      source_row::BIGINT AS source_row
    FROM m3_stays WHERE skip_reason IS NULL`);
  await conn.run(`CREATE OR REPLACE TEMP VIEW tl_events AS
    SELECT patient_id, stay_id, time, kind, system, code, seq, source_row::BIGINT AS source_row, NULL::DOUBLE AS value
    FROM m3_events WHERE skip_reason IS NULL ${drugEvents}`);
  const notes = (extra: string) => `SELECT ${noteColumns(", source_row::BIGINT AS source_row")}${extra}
    FROM (SELECT row_number() OVER () AS source_row, * FROM ${notesScan})`;
  await conn.run(`CREATE OR REPLACE TEMP VIEW tl_notes AS ${notes("")}`);
  if (chartTime) {
    await conn.run(
      `CREATE OR REPLACE TEMP VIEW ${MIMIC3_TIMED_NOTES_VIEW} AS ${notes(
        `, ${sqlMimicTime('"CHARTTIME"')} AS chart_time, ${sqlText('"CHARTTIME"')} AS chart_raw`,
      )}`,
    );
  }
  await conn.run(`CREATE OR REPLACE TEMP VIEW tl_code_titles AS
    SELECT system::VARCHAR AS system, code::VARCHAR AS code, title::VARCHAR AS title FROM m3_code_titles`);
}

/** tl_notes' columns but source_row, computed from NOTEEVENTS' raw ones (`, expr AS name` for `extra` columns). */
function noteColumns(extra = ""): string {
  return `${sqlText('"ROW_ID"')} AS note_id, ${sqlText('"SUBJECT_ID"')} AS patient_id,
      ${sqlText('"HADM_ID"')} AS stay_id, ${sqlMimicTime('"CHARTDATE"')} AS time, "CATEGORY" AS category,
      "DESCRIPTION" AS description, "TEXT" AS text, TRY_CAST(${sqlText('"ROW_ID"')} AS BIGINT) AS seq${extra}`;
}

/**
 * The one pass of a NoteTriageRequest: TEMP TABLE m3_note_triage, tl_notes' rows and columns (source_row aside),
 * text kept for `textCategory` alone, no_text, and no_date (CHARTDATE empty) for noteCheck. The table keeps the
 * file's order (one scan thread, DuckDB's insertion order), so a row's source_row is its rowid + 1: no
 * row_number() window (tl_notes'), which took a third of the pass's time.
 */
async function stageNotes(conn: DuckDBConnection, notes: TableScan, textCategory: string): Promise<void> {
  await runReading(
    conn,
    `CREATE OR REPLACE TEMP TABLE ${MIMIC3_NOTE_TRIAGE_TABLE} AS
      SELECT note_id, patient_id, stay_id, time, category, description, seq, no_date, text IS NULL AS no_text,
        CASE WHEN category IS NOT DISTINCT FROM ${sqlString(textCategory)} THEN text END AS text
      FROM (SELECT ${noteColumns(`, ${sqlText('"CHARTDATE"')} IS NULL AS no_date`)} FROM ${notes.scan})`,
    notes.fileName,
    notes.path,
  );
}

/**
 * NOTEEVENTS' row count and CHARTDATE skips: from the triage table when there is one, else from one pass over the
 * file's CHARTDATE column (DuckDB skips decoding the text).
 */
async function noteCheck(
  conn: DuckDBConnection,
  notes: TableScan,
  triageTable: string | null,
): Promise<{ rows: number; skips: SkipRecord[] }> {
  const examples = (cond: string) => `(list(source_row ORDER BY source_row) FILTER (WHERE ${cond}))[1:${EXAMPLE_ROWS}]`;
  const from = triageTable
    ? `(SELECT rowid + 1 AS source_row, no_date, time FROM ${triageTable})`
    : `(SELECT row_number() OVER () AS source_row, ${sqlText('"CHARTDATE"')} IS NULL AS no_date,
        ${sqlMimicTime('"CHARTDATE"')} AS time FROM ${notes.scan})`;
  let row: Record<string, unknown>;
  try {
    const reader = await conn.runAndReadAll(`
      SELECT count(*) AS n,
        count(*) FILTER (WHERE no_date) AS no_date, ${examples("no_date")} AS no_date_rows,
        count(*) FILTER (WHERE NOT no_date AND time IS NULL) AS bad_date,
        ${examples("NOT no_date AND time IS NULL")} AS bad_date_rows
      FROM ${from}`);
    row = reader.getRowObjectsJS()[0]!;
  } catch (e) {
    throw new PrognosError(`cannot read the table: ${duckdbErrorSummary(e)}`, { file: notes.fileName });
  }
  const skips: SkipRecord[] = [];
  const add = (count: unknown, rows: unknown, reason: string) => {
    if (Number(count) > 0) {
      skips.push({ file: notes.fileName, reason, count: Number(count), exampleRows: (rows as bigint[]).map(Number) });
    }
  };
  add(row.no_date, row.no_date_rows, "no CHARTDATE (note kept, time NULL: ordered after the dated notes)");
  add(row.bad_date, row.bad_date_rows, "unparsable CHARTDATE (note kept, time NULL: ordered after the dated notes)");
  return { rows: Number(row.n), skips };
}

/** One SkipRecord per file and reason from a staging table (skip_reason, else each of report_reasons). */
async function collectSkips(conn: DuckDBConnection, table: string, files: readonly string[]): Promise<SkipRecord[]> {
  const fileNo = files.length > 1 ? "file_no" : "0";
  const reader = await conn.runAndReadAll(`
    SELECT ${fileNo} AS file_no, reason, count(*) AS n,
      list(source_row ORDER BY source_row)[1:${EXAMPLE_ROWS}] AS example_rows
    FROM (SELECT *, unnest(CASE WHEN skip_reason IS NOT NULL THEN [skip_reason] ELSE report_reasons END) AS reason
          FROM ${table})
    WHERE reason IS NOT NULL GROUP BY ALL ORDER BY file_no, reason`);
  return reader.getRowObjectsJS().map((r) => ({
    file: files[Number(r.file_no)]!,
    reason: String(r.reason),
    count: Number(r.n),
    exampleRows: (r.example_rows as bigint[]).map(Number),
  }));
}
