import { once } from "node:events";
import { createWriteStream, type WriteStream } from "node:fs";
import { type CsvQuoting, type CsvValue, csvField } from "../../util/csvField.ts";
import { PrognosError } from "../../util/errors.ts";
import { systemErrorText } from "../../util/writeError.ts";

/** Rows are handed to the file stream in chunks of about 64 KiB (1 MiB chunks made `synth ehr` twice as slow). */
const FLUSH_CHARS = 1 << 16;

/** How a file quotes its header names and each column's values (util/csvField.ts); "needed" unless said. */
export interface CsvFileQuoting {
  header?: CsvQuoting;
  /** Per column, in column order. */
  columns?: readonly CsvQuoting[];
}

/**
 * Streams one table of a synthetic data set to a CSV file: a header line, then rows buffered up to about 64 KiB and
 * written with back-pressure (`flushIfFull` waits for the stream to drain), so memory stays flat however many rows
 * are written. A file that cannot be opened or written ends the run with a PrognosError naming it.
 * `rows` counts data rows (the header not counted): the 1-based data row of the next row is `rows + 1`.
 */
export class CsvFile {
  readonly name: string;
  readonly columns: readonly string[];
  rows = 0;
  private readonly quoting: readonly CsvQuoting[];
  private stream: WriteStream;
  private buffer: string[] = [];
  private bufferedChars = 0;
  private failure: Error | null = null;
  private last: string | null = null;

  constructor(path: string, name: string, columns: readonly string[], quoting: CsvFileQuoting = {}) {
    this.name = name;
    this.columns = columns;
    this.quoting = quoting.columns ?? columns.map(() => "needed");
    if (this.quoting.length !== columns.length) {
      throw new Error(`${name}: ${this.quoting.length} quoting rules for ${columns.length} columns`);
    }
    this.stream = createWriteStream(path, { encoding: "utf8", highWaterMark: 1 << 22 });
    this.stream.on("error", (e) => {
      this.failure = e;
    });
    // The header goes out at once, so a file that cannot be written fails at the start, not rows later.
    this.stream.write(`${columns.map((c) => csvField(c, quoting.header ?? "needed")).join(",")}\n`);
  }

  /** Appends one row (values in column order, null for a missing value) and returns its 1-based data row. */
  row(values: readonly CsvValue[]): number {
    if (values.length !== this.columns.length) {
      throw new Error(`${this.name}: row has ${values.length} values for ${this.columns.length} columns`);
    }
    let line = csvField(values[0]!, this.quoting[0]);
    for (let i = 1; i < values.length; i++) line += `,${csvField(values[i]!, this.quoting[i])}`;
    this.last = line;
    this.push(`${line}\n`);
    return ++this.rows;
  }

  /** Writes the last row again, byte for byte (a duplicate row), and returns the duplicate's data row. */
  repeatLast(): number {
    if (this.last === null) throw new Error(`${this.name}: no row to repeat`);
    this.push(`${this.last}\n`);
    return ++this.rows;
  }

  private push(chunk: string): void {
    this.buffer.push(chunk);
    this.bufferedChars += chunk.length;
  }

  /** Writes the buffer out once it holds about 64 KiB, waiting for the file stream to drain if it is full. */
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
