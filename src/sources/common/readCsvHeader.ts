/**
 * Reads the header line of a CSV or CSV.GZ file without touching the rest (a NOTEEVENTS file is ~4 GB): the column
 * names as written (quotes removed, a UTF-8 byte-order mark dropped).
 */
import { createReadStream } from "node:fs";
import { createGunzip } from "node:zlib";
import { parseCsv } from "../../util/CsvRecordParser.ts";
import { PrognosError } from "../../util/errors.ts";

/** The longest header line accepted; a file without a line break in its first 1 MiB is not a CSV table. */
const MAX_HEADER_BYTES = 1 << 20;

export async function readCsvHeader(file: string, displayName = file): Promise<string[]> {
  const line = await readFirstLine(file, displayName);
  return parseCsv(line, displayName)[0]?.fields ?? [];
}

async function readFirstLine(file: string, displayName: string): Promise<string> {
  const raw = createReadStream(file);
  const stream = file.toLowerCase().endsWith(".gz") ? raw.pipe(createGunzip()) : raw;
  const parts: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const nl = chunk.indexOf(10);
      parts.push(nl >= 0 ? chunk.subarray(0, nl) : chunk);
      size += chunk.length;
      if (nl >= 0) break;
      if (size > MAX_HEADER_BYTES) {
        throw new PrognosError(`no line break in the first ${MAX_HEADER_BYTES} bytes: not a CSV table`, {
          file: displayName,
        });
      }
    }
  } catch (e) {
    if (e instanceof PrognosError) throw e;
    throw new PrognosError(`cannot read the header: ${(e as Error).message}`, { file: displayName, cause: e });
  } finally {
    raw.destroy();
  }
  const line = Buffer.concat(parts).toString("utf8");
  if (line.trim() === "") throw new PrognosError("empty file: no header line", { file: displayName });
  return line;
}
