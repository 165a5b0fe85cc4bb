/**
 * Checks that a notes file (CSV or CSV.GZ) is UTF-8 throughout, before any query reads its text. DuckDB reads note
 * text lazily, and a byte that is not UTF-8 inside a quoted field made it fail with an internal error ("Attempted to
 * access index 10 within vector of size 1", found by test/faults/sourceReaders.fuzz.test.ts), with no file or line.
 * Streams the file once with Node's isUtf8 (simdutf); only a file that fails it is streamed again through the strict
 * decoder, whose error names the line and byte offset, never the text (docs/faults.md gives the cost: the decoder
 * alone took ~2.4 CPU s for the 58k-admission synthetic NOTEEVENTS, docs/benchmarks.md "Tasks").
 */
import { isUtf8 } from "node:buffer";
import { createReadStream } from "node:fs";
import { createGunzip } from "node:zlib";
import { PrognosError } from "../../util/errors.ts";
import { Utf8ChunkDecoder } from "../../util/strictUtf8.ts";

export async function requireUtf8File(path: string, displayName: string): Promise<void> {
  if (await chunks(path, displayName, validUtf8)) return;
  const decoder = new Utf8ChunkDecoder(displayName, "CSV file");
  await chunks(path, displayName, async (stream) => {
    for await (const chunk of stream) decoder.decode(chunk);
    decoder.end();
    return true;
  });
}

/** Runs `f` over the file's (decompressed) chunks; read errors become a PrognosError naming the file. */
async function chunks<T>(path: string, displayName: string, f: (stream: AsyncIterable<Buffer>) => Promise<T>) {
  const raw = createReadStream(path, { highWaterMark: 1 << 20 });
  const stream = path.toLowerCase().endsWith(".gz") ? raw.pipe(createGunzip()) : raw;
  try {
    return await f(stream as AsyncIterable<Buffer>);
  } catch (e) {
    if (e instanceof PrognosError) throw e;
    throw new PrognosError(`cannot read: ${(e as Error).message}`, { file: displayName });
  } finally {
    raw.destroy();
  }
}

/** Whether the chunks are UTF-8; a sequence cut at a chunk's end is carried into the next chunk. */
async function validUtf8(stream: AsyncIterable<Buffer>): Promise<boolean> {
  let carry = Buffer.alloc(0);
  for await (const chunk of stream) {
    const bytes = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
    const cut = completePrefix(bytes);
    if (!isUtf8(bytes.subarray(0, cut))) return false;
    carry = Buffer.from(bytes.subarray(cut));
  }
  return carry.length === 0 || isUtf8(carry);
}

/**
 * The length of `b` without a multi-byte sequence that its end cuts short (a lead byte followed by fewer
 * continuation bytes than it announces); anything else is left for isUtf8 to judge.
 */
export function completePrefix(b: Uint8Array): number {
  let i = b.length - 1;
  while (i >= 0 && b.length - i <= 3 && (b[i]! & 0xc0) === 0x80) i--;
  if (i < 0) return b.length;
  const lead = b[i]!;
  const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return b.length - i < need ? i : b.length;
}
