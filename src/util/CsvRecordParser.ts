import { createReadStream } from "node:fs";
import { PrognosError } from "./errors.ts";
import { Utf8ChunkDecoder } from "./strictUtf8.ts";

/** One CSV record and the line (1-based) it starts on. */
export interface CsvRecord {
  fields: string[];
  line: number;
}

enum State {
  FieldStart,
  Unquoted,
  Quoted,
  /** A `"` inside a quoted field: either the closing quote or the first of a doubled `""`. */
  QuoteInQuoted,
}

/**
 * RFC 4180 CSV, pushed in chunks of any size (a quoted field may hold newlines, commas and doubled quotes and may
 * straddle chunks). Strict where a sloppy reader would guess: a quote inside an unquoted field, text after a
 * closing quote and an unterminated quote are errors naming the line. `\r\n` ends a record like `\n`; blank
 * lines are skipped (as pandas does); a UTF-8 byte order mark at the start is ignored.
 */
export class CsvRecordParser {
  private state = State.FieldStart;
  private field: string[] = [];
  private fields: string[] = [];
  private line = 1;
  private recordLine = 1;
  private fieldQuoted = false;
  private pendingCR = false;
  private started = false;

  /** `file` is named in error messages (none: the messages name the line only). */
  constructor(private readonly file?: string) {}

  /** Parses `chunk` and returns the records it completed. */
  push(chunk: string): CsvRecord[] {
    const out: CsvRecord[] = [];
    let i = 0;
    if (!this.started && chunk.length > 0) {
      this.started = true;
      if (chunk.charCodeAt(0) === 0xfeff) i = 1;
    }
    const n = chunk.length;
    while (i < n) {
      const c = chunk[i]!;
      if (this.pendingCR) {
        this.pendingCR = false;
        if (c !== "\n") this.field.push("\r");
      }
      switch (this.state) {
        case State.Quoted: {
          const q = chunk.indexOf('"', i);
          const end = q < 0 ? n : q;
          const text = chunk.slice(i, end);
          this.line += countNewlines(text);
          this.field.push(text);
          if (q < 0) return out;
          this.state = State.QuoteInQuoted;
          i = q + 1;
          continue;
        }
        case State.QuoteInQuoted:
          if (c === '"') {
            this.field.push('"');
            this.state = State.Quoted;
            i++;
            continue;
          }
          if (c !== "," && c !== "\n" && c !== "\r") {
            throw this.error(
              `unexpected ${JSON.stringify(c)} after a closing quote (quotes inside a field are doubled)`,
            );
          }
          this.state = State.Unquoted;
          this.fieldQuoted = true;
          continue;
        case State.FieldStart:
          if (c === '"') {
            this.state = State.Quoted;
            i++;
            continue;
          }
          this.state = State.Unquoted;
          this.fieldQuoted = false;
          continue;
        case State.Unquoted:
          if (c === ",") {
            this.endField();
            i++;
          } else if (c === "\n") {
            this.endRecord(out);
            this.line++;
            this.recordLine = this.line;
            i++;
          } else if (c === "\r") {
            this.pendingCR = true;
            i++;
          } else if (c === '"') {
            throw this.error(this.fieldQuoted ? "unexpected quote" : "a quote inside an unquoted field");
          } else {
            if (this.fieldQuoted) throw this.error(`unexpected ${JSON.stringify(c)} after a closing quote`);
            let j = i + 1;
            while (j < n) {
              const d = chunk[j];
              if (d === "," || d === "\n" || d === "\r" || d === '"') break;
              j++;
            }
            this.field.push(chunk.slice(i, j));
            i = j;
          }
          continue;
      }
    }
    return out;
  }

  /** Ends the input: returns the last record if the file does not end with a newline. */
  end(): CsvRecord[] {
    if (this.state === State.Quoted) {
      throw new PrognosError(`line ${this.recordLine}: a quoted field is never closed (unterminated quote)`, {
        file: this.file,
      });
    }
    if (this.pendingCR) {
      this.pendingCR = false;
    }
    const out: CsvRecord[] = [];
    if (this.state !== State.FieldStart || this.fields.length > 0) this.endRecord(out);
    return out;
  }

  private endField(): void {
    this.fields.push(this.field.join(""));
    this.field = [];
    this.state = State.FieldStart;
    this.fieldQuoted = false;
  }

  private endRecord(out: CsvRecord[]): void {
    const blank = this.fields.length === 0 && this.field.length === 0 && !this.fieldQuoted;
    this.endField();
    if (!blank) out.push({ fields: this.fields, line: this.recordLine });
    this.fields = [];
  }

  private error(message: string): PrognosError {
    return new PrognosError(`line ${this.line}: ${message}`, { file: this.file });
  }
}

function countNewlines(s: string): number {
  let k = 0;
  for (let p = s.indexOf("\n"); p >= 0; p = s.indexOf("\n", p + 1)) k++;
  return k;
}

/** The records of a whole CSV text (see CsvRecordParser); `file` is named in error messages. */
export function parseCsv(text: string, file?: string): CsvRecord[] {
  const parser = new CsvRecordParser(file);
  return [...parser.push(text), ...parser.end()];
}

/**
 * Streams the records of a UTF-8 CSV file (see CsvRecordParser), the header first. Bytes that are not UTF-8 (a
 * Latin-1 export, say) are refused with their line, never replaced silently.
 */
export async function* readCsvRecords(path: string, displayName = path): AsyncGenerator<CsvRecord> {
  const parser = new CsvRecordParser(displayName);
  const decoder = new Utf8ChunkDecoder(displayName, "CSV file");
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  for await (const chunk of stream) yield* parser.push(decoder.decode(chunk as Buffer));
  yield* parser.push(decoder.end());
  yield* parser.end();
}
