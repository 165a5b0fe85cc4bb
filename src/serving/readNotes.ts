import { readFileSync } from "node:fs";
import { extname } from "node:path";
import { readCsvRecords } from "../util/CsvRecordParser.ts";
import { PrognosError } from "../util/errors.ts";
import { headerForMessage } from "../util/headerForMessage.ts";
import { openDuckDB } from "../util/openDuckDB.ts";
import { readJsonFile } from "../util/readJsonFile.ts";
import { decodeUtf8 } from "../util/strictUtf8.ts";
import { type FhirNoteSource, fhirNotes } from "./fhir/fhirNotes.ts";

/** One note to score: its id (kept in the output) and its text (never logged). */
export interface NoteInput {
  id: string;
  text: string;
  /** Notes read from FHIR: the DocumentReference they came from (docs/fhir.md). */
  fhir?: FhirNoteSource;
}

/**
 * Reads notes to score from a file: JSON lines (`{"id": …, "text": …}` per line), CSV or Parquet with columns `id`
 * and `text`, or a FHIR R4 DocumentReference or Bundle of them (`.json`, fhir/fhirNotes.ts; the id is
 * `DocumentReference/<id>`). Every problem is a PrognosError naming the file and the line (or row); note text never appears in
 * a message. Ids must be unique, so that each output row is one note's.
 */
export async function readNotes(path: string): Promise<NoteInput[]> {
  const ext = extname(path).toLowerCase();
  let notes: NoteInput[];
  if (ext === ".jsonl" || ext === ".ndjson") notes = readJsonLines(path);
  else if (ext === ".csv") notes = await readCsv(path);
  else if (ext === ".parquet") notes = await readParquet(path);
  else if (ext === ".json") notes = readFhir(path);
  else
    throw new PrognosError(
      `--input: expected a .jsonl, .csv, .parquet or FHIR .json file, got '${ext || "no extension"}'`,
      {
        file: path,
      },
    );
  const seen = new Set<string>();
  notes.forEach((n, i) => {
    if (seen.has(n.id)) throw new PrognosError(`note ${i + 1}: id '${n.id}' appears twice`, { file: path });
    seen.add(n.id);
  });
  return notes;
}

/** Refuses empty notes (nothing to predict from), naming up to five of their ids; never their text. */
export function checkNotesNotEmpty(notes: readonly NoteInput[]): void {
  const empty = notes.filter((n) => n.text.trim() === "");
  if (empty.length > 0) {
    throw new PrognosError(
      `${empty.length} empty note(s) (ids ${empty
        .slice(0, 5)
        .map((n) => n.id)
        .join(", ")}${empty.length > 5 ? ", …" : ""}): nothing to predict from`,
    );
  }
}

function readJsonLines(path: string): NoteInput[] {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new PrognosError(`cannot read the notes: ${(e as Error).message}`, { file: path });
  }
  const out: NoteInput[] = [];
  decodeUtf8(bytes, path, "notes file")
    .split("\n")
    .forEach((line, i) => {
      if (line.trim() === "") return;
      let row: unknown;
      try {
        row = JSON.parse(line);
      } catch {
        throw new PrognosError(`line ${i + 1}: not a JSON object`, { file: path });
      }
      out.push(noteOf(row as Record<string, unknown>, `line ${i + 1}`, path));
    });
  return out;
}

/** A FHIR DocumentReference or Bundle (a .json file): any other JSON is refused, naming what was expected. */
function readFhir(path: string): NoteInput[] {
  const value = readJsonFile(path, "notes file");
  try {
    return fhirNotes(value).notes;
  } catch (e) {
    if (e instanceof PrognosError) throw new PrognosError(`FHIR input: ${e.message}`, { file: path });
    throw e;
  }
}

function noteOf(row: Record<string, unknown> | null, where: string, path: string): NoteInput {
  if (typeof row !== "object" || row === null || Array.isArray(row))
    throw new PrognosError(`${where}: expected an object with "id" and "text"`, { file: path });
  const id = row.id;
  if (typeof id !== "string" && typeof id !== "number")
    throw new PrognosError(`${where}: "id" must be a string or a number`, { file: path });
  if (typeof row.text !== "string") throw new PrognosError(`${where}: "text" must be a string`, { file: path });
  return { id: String(id), text: row.text };
}

async function readCsv(path: string): Promise<NoteInput[]> {
  const out: NoteInput[] = [];
  let header: string[] | null = null;
  let idCol = -1;
  let textCol = -1;
  for await (const record of readCsvRecords(path)) {
    if (!header) {
      header = record.fields;
      idCol = header.indexOf("id");
      textCol = header.indexOf("text");
      if (idCol < 0 || textCol < 0)
        throw new PrognosError(`line 1: expected columns id and text, got ${headerForMessage(header)}`, { file: path });
      continue;
    }
    if (record.fields.length !== header.length)
      throw new PrognosError(`line ${record.line}: ${record.fields.length} fields, the header has ${header.length}`, {
        file: path,
      });
    out.push({ id: record.fields[idCol]!, text: record.fields[textCol]! });
  }
  return out;
}

async function readParquet(path: string): Promise<NoteInput[]> {
  const db = await openDuckDB(null);
  try {
    const quoted = `'${path.replaceAll("'", "''")}'`;
    const reader = await db.connection.runAndReadAll(
      `SELECT CAST(id AS VARCHAR) AS id, text FROM read_parquet(${quoted})`,
    );
    return reader.getRowObjectsJS().map((r, i) => noteOf(r as Record<string, unknown>, `row ${i + 1}`, path));
  } catch (e) {
    if (e instanceof PrognosError) throw e;
    throw new PrognosError(`cannot read the notes (columns id and text): ${(e as Error).message}`, { file: path });
  } finally {
    db.close();
  }
}
