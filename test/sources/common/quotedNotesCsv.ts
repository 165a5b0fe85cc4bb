/**
 * Test helper: writes a notes CSV built to defeat DuckDB's parallel CSV reader, for the readers' tests of quoted
 * line breaks (src/sources/common/csvTable.ts, CsvScanOptions.multiLine).
 *
 * DuckDB's parallel reader cuts a file into scan ranges and starts a scanner at each, which must guess where the
 * next row begins. Where they start was found by trial with DuckDB 1.5.6 (traps at some spacings made it fail, at
 * others not): multiples of 8,000,000 bytes with the default max_line_size (2 MiB; its source's
 * CSVIterator::BYTES_PER_THREAD), of 33,554,432 with the MIMIC-III reader's 8 MiB. Here almost every byte is quoted note text, made of lines that look
 * like whole rows of the same table (the right number of fields, unquoted), lines with commas and doubled quotes
 * (`""`), LF and CRLF breaks, blank lines and a few UTF-8 characters; and at each multiple of TRAP_SPACINGS the note
 * that holds it is padded, when needed, so that the offset falls inside its quoted text (never in a row's plain
 * fields) with a row-like line right after it. Those rows are listed in `straddling`. A gzipped file fails the same
 * way (DuckDB splits the decompressed stream). The file is written in one piece, in a temp folder: nothing large is
 * committed.
 */
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { SeededRandom } from "../../../src/util/SeededRandom.ts";

/** Where DuckDB 1.5 may start a scanner: multiples of these (default max_line_size; 8 MiB; and near misses). */
export const TRAP_SPACINGS = [8_000_000, 8_388_608, 32_000_000, 33_554_432] as const;

export interface QuotedNotesSpec {
  /** The header's column names, in file order. */
  header: readonly string[];
  /** The column that holds the note text (written quoted). */
  textColumn: string;
  /** The other columns' values of row `i` (0-based), by column name; plain text without commas or quotes. */
  fields(i: number): Record<string, string>;
  /** The file is at least this long. */
  minBytes: number;
  /** The random stream's seed. */
  seed?: string;
  /** Write the file gzipped (DuckDB splits the decompressed stream the same way). */
  gzip?: boolean;
}

export interface QuotedNotesCsv {
  /** Data rows written (the header not counted). */
  rows: number;
  /** The file's size in bytes (uncompressed). */
  bytes: number;
  /** The trap offsets (multiples of TRAP_SPACINGS below minBytes), ascending. */
  traps: readonly number[];
  /** MD5 (hex) of each row's note text as UTF-8, by row. */
  md5: readonly string[];
  /** Rows (0-based) whose quoted text holds a trap, with their exact text. */
  straddling: ReadonlyMap<number, string>;
  /** A few other rows' exact texts (the first, the last, some in between). */
  samples: ReadonlyMap<number, string>;
}

const WORDS = ["pt", "denies", "chest pain", "BP 120/80", "HR 72", "SOB", "afebrile", "Tmax 38.2°C", "µg", "q6h"];
/** Bytes kept clear of a trap at a text's start and end (more than a row's plain fields and a line). */
const CLEAR = 400;

function quoteCsv(text: string): string {
  return '"' + text.replaceAll('"', '""') + '"';
}

/** A line of note text that reads as a whole row of the table when a scanner thinks it is outside quotes. */
function rowLikeLine(spec: QuotedNotesSpec, id: number, rng: SeededRandom): string {
  const values = spec.fields(id);
  return spec.header.map((c) => (c === spec.textColumn ? rng.pick(WORDS) : (values[c] ?? ""))).join(",");
}

function proseLine(rng: SeededRandom): string {
  const kind = rng.int(0, 5);
  const w = () => rng.pick(WORDS);
  if (kind === 0) return `He said "stop, please", then "${w()}," and left`;
  if (kind === 1) return `"${w()}", "${w()}",, "${w()}"`;
  if (kind === 2) return `${w()}, ${w()}, ${w()} – ${w()}.`;
  if (kind === 3) return "";
  return `Plan: "${w()}"`;
}

function noteText(spec: QuotedNotesSpec, i: number, rng: SeededRandom): string {
  const eol = rng.chance(0.3) ? "\r\n" : "\n";
  const lines: string[] = [];
  const n = rng.int(8, 40);
  for (let j = 0; j < n; j++)
    lines.push(j % 2 === 0 ? rowLikeLine(spec, 1_000_000 + i * 100 + j, rng) : proseLine(rng));
  return lines.join(eol);
}

function trapOffsets(minBytes: number): number[] {
  const all = new Set<number>();
  for (const step of TRAP_SPACINGS) for (let b = step; b < minBytes; b += step) all.add(b);
  return [...all].sort((a, b) => a - b);
}

/** `text` with a row-like line inserted right after the first line break at or after byte `at` of its quoted form. */
function rowLikeLineAfter(text: string, at: number, line: string): string {
  const quoted = Buffer.from(quoteCsv(text).slice(1, -1));
  const nl = quoted.indexOf("\n", at);
  if (nl < 0) throw new Error(`quotedNotesCsv: no line break after byte ${at} of a note`);
  const cut = quoted
    .subarray(0, nl + 1)
    .toString()
    .replaceAll('""', '"');
  return cut + line + "\n" + text.slice(cut.length);
}

/** Writes the CSV (LF row ends, RFC 4180 quoting) to `path`. */
export function writeQuotedNotesCsv(path: string, spec: QuotedNotesSpec): QuotedNotesCsv {
  const rng = SeededRandom.from(spec.seed ?? "quoted-notes");
  const traps = trapOffsets(spec.minBytes);
  const parts: Buffer[] = [Buffer.from(spec.header.join(",") + "\n")];
  let offset = parts[0]!.length;
  let next = 0; // the first trap not yet placed
  const md5: string[] = [];
  const samples = new Map<number, string>();
  const straddling = new Map<number, string>();
  const t = spec.header.indexOf(spec.textColumn);
  for (let i = 0; offset < spec.minBytes; i++) {
    const values = spec.fields(i);
    const head =
      spec.header
        .slice(0, t)
        .map((c) => (values[c] ?? "") + ",")
        .join("") + '"';
    const tail =
      spec.header
        .slice(t + 1)
        .map((c) => "," + (values[c] ?? ""))
        .join("") + "\n";
    const textStart = offset + Buffer.byteLength(head);
    let text = noteText(spec, i, rng);
    const textEnd = () => textStart + Buffer.byteLength(quoteCsv(text)) - 2;
    const trap = traps[next];
    if (trap !== undefined && trap < textStart + CLEAR) {
      throw new Error(`quotedNotesCsv: trap ${trap} fell outside a note's text (row ${i})`);
    }
    // A trap in this text's last bytes or in the next row's plain fields: lengthen this text past it.
    while (trap !== undefined && trap < textEnd() + 2 * CLEAR && textEnd() < trap + CLEAR) {
      text += "\n" + rowLikeLine(spec, 2_000_000 + i, rng);
    }
    for (let k = traps[next]; k !== undefined && k < textEnd(); k = traps[++next]) {
      text = rowLikeLineAfter(text, k - textStart, rowLikeLine(spec, 3_000_000 + next, rng));
      straddling.set(i, text);
    }
    const row = Buffer.from(head + quoteCsv(text).slice(1) + tail);
    parts.push(row);
    offset += row.length;
    md5.push(createHash("md5").update(text, "utf8").digest("hex"));
    if (i % 997 === 0 || offset >= spec.minBytes) samples.set(i, text);
  }
  if (next < traps.length) throw new Error(`quotedNotesCsv: trap ${traps[next]} was not placed`);
  const bytes = Buffer.concat(parts);
  writeFileSync(path, spec.gzip ? gzipSync(bytes, { level: 1 }) : bytes);
  return { rows: md5.length, bytes: offset, traps, md5, straddling, samples };
}
