/**
 * A temporary newline-delimited JSON file, written row by row with back-pressure, for results made while a DuckDB
 * stream is open on the connection they must end up in (DuckDB ends an open stream when its connection runs
 * anything else). Load it afterwards with read_json(…, format = 'newline_delimited').
 */

import { once } from "node:events";
import { createWriteStream, mkdtempSync, rmSync, type WriteStream } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export class NdjsonSpool {
  readonly path: string;
  private readonly dir: string;
  private readonly out: WriteStream;
  private failed: Error | null = null;
  rows = 0;

  private constructor(dir: string) {
    this.dir = dir;
    this.path = join(dir, "rows.ndjson");
    this.out = createWriteStream(this.path, { encoding: "utf8" });
    this.out.on("error", (e) => {
      this.failed = e;
    });
  }

  /** A spool in a fresh private folder under the system's temp folder. */
  static create(): NdjsonSpool {
    return new NdjsonSpool(mkdtempSync(join(tmpdir(), "prognos-spool-")));
  }

  async write(row: object): Promise<void> {
    if (this.failed) throw this.failed;
    this.rows++;
    if (!this.out.write(`${JSON.stringify(row)}\n`)) await once(this.out, "drain");
  }

  /** Flushes and closes the file (it stays until remove()). */
  async close(): Promise<void> {
    this.out.end();
    await once(this.out, "finish");
    if (this.failed) throw this.failed;
  }

  remove(): void {
    this.out.destroy();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
