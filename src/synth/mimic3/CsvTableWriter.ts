import { once } from "node:events";
import { createWriteStream, type WriteStream } from "node:fs";
import { csvField } from "../../util/csvField.ts";
import { PrognosError } from "../../util/errors.ts";
import { systemErrorText } from "../../util/writeError.ts";

/**
 * How MIMIC-III v1.4's CSV files write a column: numbers and timestamps bare, text in double quotes (a quote inside
 * doubled), and a missing value (NULL) as nothing at all — `,,` — whatever the type.
 */
export type ColumnType = "int" | "text" | "time";

export interface TableSchema {
  file: string;
  columns: ReadonlyArray<readonly [name: string, type: ColumnType]>;
}

const FLUSH_CHARS = 1 << 20;

/**
 * Streams the rows of one MIMIC-III table to a CSV file: the header line as MIMIC-III writes it (every name quoted),
 * then rows buffered in memory up to about 1 MiB and written with back-pressure (`flushIfFull` waits for the
 * stream to drain), so memory stays flat however many rows are written.
 */
export class CsvTableWriter {
  readonly schema: TableSchema;
  rows = 0;
  private stream: WriteStream;
  private buffer: string[] = [];
  private bufferedChars = 0;
  private failure: Error | null = null;

  private constructor(schema: TableSchema, path: string) {
    this.schema = schema;
    this.stream = createWriteStream(path, { encoding: "utf8", highWaterMark: FLUSH_CHARS });
    this.stream.on("error", (e) => {
      this.failure = e;
    });
    // The header goes out at once, so a file that cannot be written fails at the start, not 1 MiB later.
    this.stream.write(`${schema.columns.map(([name]) => csvField(name, "always")).join(",")}\n`);
  }

  static open(schema: TableSchema, dir: string): CsvTableWriter {
    return new CsvTableWriter(schema, `${dir}/${schema.file}`);
  }

  /** Appends one row; `values` follow the schema's column order (null for a missing value). */
  row(values: ReadonlyArray<string | number | null>): void {
    const cols = this.schema.columns;
    if (values.length !== cols.length) {
      throw new Error(`${this.schema.file}: row has ${values.length} values for ${cols.length} columns`);
    }
    let line = "";
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (i > 0) line += ",";
      if (v === null || v === undefined) continue;
      line += cols[i]![1] === "text" ? csvField(v, "always") : String(v);
    }
    this.push(`${line}\n`);
    this.rows++;
  }

  private push(chunk: string): void {
    this.buffer.push(chunk);
    this.bufferedChars += chunk.length;
  }

  /** Writes the buffer out once it holds about 1 MiB, waiting for the file stream to drain if it is full. */
  async flushIfFull(): Promise<void> {
    this.check(); // a file that could not be opened, or a failed write, ends the run at once
    if (this.bufferedChars >= FLUSH_CHARS) await this.flush();
  }

  async flush(): Promise<void> {
    this.check();
    if (this.buffer.length === 0) return;
    const chunk = this.buffer.join("");
    this.buffer = [];
    this.bufferedChars = 0;
    if (!this.stream.write(chunk)) {
      // A failed write emits 'error' (once() rejects with it), never 'drain': keep the error, say which file.
      await once(this.stream, "drain").catch((e: Error) => {
        this.failure ??= e;
      });
    }
    this.check();
  }

  async close(): Promise<void> {
    await this.flush();
    await new Promise<void>((resolve) => {
      this.stream.end((e?: Error | null) => {
        if (e) this.failure ??= e;
        resolve();
      });
    });
    this.check();
  }

  private check(): void {
    if (!this.failure && this.stream.errored) this.failure = this.stream.errored;
    if (this.failure) {
      throw new PrognosError(`cannot write: ${systemErrorText(this.failure)}`, {
        file: this.stream.path.toString(),
        cause: this.failure,
      });
    }
  }
}
