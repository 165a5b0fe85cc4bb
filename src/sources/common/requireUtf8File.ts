/**
 * Checks that a notes file (CSV or CSV.GZ) is UTF-8 throughout, before any query reads its text. DuckDB reads note
 * text lazily, and a byte that is not UTF-8 inside a quoted field made it fail with an internal error ("Attempted to
 * access index 10 within vector of size 1", found by test/faults/sourceReaders.fuzz.test.ts), with no file or line.
 * Streams the file once (docs/faults.md gives its cost); the error names the line and byte offset, never the text.
 */
import { createReadStream } from "node:fs";
import { createGunzip } from "node:zlib";
import { PrognosError } from "../../util/errors.ts";
import { Utf8ChunkDecoder } from "../../util/strictUtf8.ts";

export async function requireUtf8File(path: string, displayName: string): Promise<void> {
  const raw = createReadStream(path, { highWaterMark: 1 << 20 });
  const stream = path.toLowerCase().endsWith(".gz") ? raw.pipe(createGunzip()) : raw;
  const decoder = new Utf8ChunkDecoder(displayName, "CSV file");
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) decoder.decode(chunk);
    decoder.end();
  } catch (e) {
    if (e instanceof PrognosError) throw e;
    throw new PrognosError(`cannot read: ${(e as Error).message}`, { file: displayName });
  } finally {
    raw.destroy();
  }
}
