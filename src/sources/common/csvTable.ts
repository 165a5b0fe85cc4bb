/**
 * Reading CSV / CSV.GZ tables through DuckDB: every value as text (codes keep their leading zeros), column names
 * matched case-insensitively, missing columns reported by name, and each row numbered (1-based data row, header
 * not counted) so that skips and errors can point at it.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { PrognosError } from "../../util/errors.ts";
import { headerForMessage } from "../../util/headerForMessage.ts";
import { duckdbErrorSummary } from "./duckdbErrorSummary.ts";
import { readCsvHeader } from "./readCsvHeader.ts";
import { requireUtf8File } from "./requireUtf8File.ts";
import { sqlIdent, sqlString } from "./sql.ts";

export interface CsvScanOptions {
  /**
   * Quoted fields may hold line breaks (free-text notes: MIMIC-III NOTEEVENTS, MIMIC-IV note/discharge, OMOP NOTE):
   * read the file with one scanner (`parallel = false`). DuckDB's parallel CSV reader cuts a file into ranges (every
   * 8,000,000 bytes with the default max_line_size) and starts a scanner at each, which has to guess where the next
   * row begins; inside a quoted note whose lines look like rows of the table it guesses wrong (DuckDB says so itself
   * and asks for `parallel = false`: duckdb/duckdb pull requests 10306 and 19012). DuckDB 1.5 then fails ("The
   * Parallel CSV Reader currently does not support a full read on this file", or "CSV Error on Line: … Expected
   * Number of Columns: 11 Found: 2" on the 58k-admission synthetic NOTEEVENTS) — for a gzipped file too, and with
   * `SET threads = 1` too: the ranges do not depend on the thread count. One scanner reads a 1 GB notes file in
   * 2–3 s (docs/benchmarks.md, "Tasks"). test/sources/common/quotedNotesCsv.ts writes a file that defeats the
   * parallel reader; each notes reader's test (test/sources/<reader>/quotedLineBreaks.test.ts) reads one.
   */
  multiLine?: boolean;
  /** The largest row accepted, in bytes (DuckDB's `max_line_size`; its read buffers are 16 times this). */
  maxLineBytes?: number;
}

/**
 * The read_csv call every reader uses: explicit dialect (RFC 4180 quoting) and the given column names (the header's,
 * as written or upper-cased: they replace the header's), all VARCHAR, so nothing is guessed from a sample of rows.
 * An empty field and a quoted empty field are both NULL.
 */
export function csvScan(file: string, columns: readonly string[], options: CsvScanOptions = {}): string {
  const types = columns.map((name) => `${sqlString(name)}: 'VARCHAR'`).join(", ");
  return (
    `read_csv(${sqlString(file)}, header = true, auto_detect = false, columns = {${types}}, delim = ',', ` +
    `quote = '"', escape = '"', null_padding = false` +
    (options.maxLineBytes !== undefined ? `, max_line_size = ${options.maxLineBytes}` : "") +
    (options.multiLine ? ", parallel = false" : "") +
    ")"
  );
}

/**
 * The file's column names, as written: the first line, read by Prognos's own CSV parser (a DuckDB sniff would read
 * a sample of rows, and fail on a bad row with no line number before the real read could name it).
 */
export async function csvHeader(file: string, displayName: string): Promise<string[]> {
  return readCsvHeader(file, displayName);
}

export interface CsvColumns {
  /** Lower-case column names that must be there. */
  required: readonly string[];
  /** Lower-case column names read when present (NULL otherwise). */
  optional?: readonly string[];
}

export interface CsvSelect {
  /** The header as written (for csvScan). */
  header: readonly string[];
  /** `"Actual" AS lower, …` for every required and optional column (NULL::VARCHAR for absent optional ones). */
  columns: string;
  /** The optional columns the file has. */
  present: ReadonlySet<string>;
}

/** Matches the wanted columns against the header; a missing required column is a PrognosError naming it. */
export async function csvSelect(file: string, displayName: string, wanted: CsvColumns): Promise<CsvSelect> {
  const header = await csvHeader(file, displayName);
  const byLower = new Map<string, string>();
  for (const name of header) byLower.set(name.trim().toLowerCase(), name);
  const parts: string[] = [];
  for (const col of wanted.required) {
    const actual = byLower.get(col);
    if (actual === undefined) {
      throw new PrognosError(`missing column ${col} (any case); the header has: ${headerForMessage(header, false)}`, {
        file: displayName,
      });
    }
    parts.push(`${sqlIdent(actual)} AS ${sqlIdent(col)}`);
  }
  const present = new Set<string>();
  for (const col of wanted.optional ?? []) {
    const actual = byLower.get(col);
    if (actual !== undefined) present.add(col);
    parts.push(actual === undefined ? `NULL::VARCHAR AS ${sqlIdent(col)}` : `${sqlIdent(actual)} AS ${sqlIdent(col)}`);
  }
  return { header, columns: parts.join(", "), present };
}

/**
 * Loads the wanted columns of a CSV file into temp table `table` with a `source_row` column (1-based data row)
 * and `row_hash`, the MD5 (as a HUGEINT) of the file's name and the whole raw row (every column, NULLs
 * distinguished) for finding duplicate rows (`rowHash: false` skips it: NULL). Returns the optional columns the
 * file has. Only the named columns are kept: wide tables stay small. `columns` replaces the kept columns by a
 * select list over the wanted (lower-case) names, table alias `t` — parse times and trim ids while loading, so
 * the table holds typed values instead of text. `multiLine`: the file's quoted fields may hold line breaks (notes),
 * read in one scan (CsvScanOptions.multiLine).
 *
 * The rows are stored in parallel (one thread for a `multiLine` file), in file order (insertion order is preserved while loading), as
 * `<table>_rows`; `table` is a view adding `source_row` from the row id. (A `row_number() OVER ()` over the scan
 * would number them too, but runs the whole load, hash and parsing included, on one thread.)
 */
export async function loadCsvTable(
  conn: DuckDBConnection,
  table: string,
  file: string,
  displayName: string,
  wanted: CsvColumns,
  options: { rowHash?: boolean; columns?: string; multiLine?: boolean } = {},
): Promise<ReadonlySet<string>> {
  const select = await csvSelect(file, displayName, wanted);
  const hash = options.rowHash === false ? "NULL::HUGEINT" : rowHash(displayName, select.header);
  const kept = await conn.runAndReadAll("SELECT current_setting('preserve_insertion_order') AS kept");
  const preserved = kept.getRowObjectsJS()[0]!.kept === true;
  if (!preserved) await conn.run("SET preserve_insertion_order = true");
  try {
    await runOnFile(
      conn,
      `CREATE OR REPLACE TEMP TABLE ${table}_rows AS SELECT row_hash, ${options.columns ?? "* EXCLUDE (row_hash)"} ` +
        `FROM (SELECT ${hash} AS row_hash, ${select.columns} FROM ${csvScan(file, select.header, { multiLine: options.multiLine })}) t`,
      displayName,
      file,
    );
  } finally {
    if (!preserved) await conn.run("SET preserve_insertion_order = false");
  }
  await conn.run(`CREATE OR REPLACE TEMP VIEW ${table} AS SELECT rowid + 1 AS source_row, * FROM ${table}_rows`);
  return select.present;
}

function rowHash(displayName: string, header: readonly string[]): string {
  const cols = header.map((c) => `coalesce(${sqlIdent(c)}, chr(30))`);
  return `md5_number(concat_ws(chr(31), ${sqlString(displayName)}, ${cols.join(", ")}))`;
}

/**
 * Runs SQL that reads `displayName`; DuckDB's parse errors become a PrognosError naming the file. Given the file's
 * `path`, an internal DuckDB error (which a byte that is not UTF-8 can cause) is explained by checking the file.
 */
export async function runOnFile(
  conn: DuckDBConnection,
  sql: string,
  displayName: string,
  path?: string,
): Promise<void> {
  try {
    await conn.run(sql);
  } catch (e) {
    if (path !== undefined && /^INTERNAL Error/.test((e as Error).message)) await requireUtf8File(path, displayName);
    // Not the whole message, nor the error as `cause`: DuckDB's CSV errors quote the row, which may be note text.
    throw new PrognosError(`cannot read: ${duckdbErrorSummary(e)}`, { file: displayName });
  }
}
