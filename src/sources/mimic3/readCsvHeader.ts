/**
 * Reads the header line of a CSV or CSV.GZ file without touching the rest (a NOTEEVENTS file is ~4 GB): the column
 * names as written (quotes removed, a UTF-8 byte-order mark dropped).
 */
import { createReadStream } from "node:fs";
import { createGunzip } from "node:zlib";
import { PrognosError } from "../../util/errors.ts";

/** The longest header line accepted; a file without a line break in its first 1 MiB is not a CSV table. */
const MAX_HEADER_BYTES = 1 << 20;

export async function readCsvHeader(file: string, displayName = file): Promise<string[]> {
  const line = await readFirstLine(file, displayName);
  return parseCsvLine(line.replace(/^\uFEFF/, "").replace(/\r$/, ""), displayName);
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

/** One CSV line (RFC 4180 quoting, no line breaks inside fields) → its fields. */
export function parseCsvLine(line: string, displayName = "CSV line"): string[] {
  const fields: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let value = "";
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) throw new PrognosError("unterminated quote in the header line", { file: displayName });
        value += line.slice(i, q);
        if (line[q + 1] === '"') {
          value += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      fields.push(value);
      if (i < line.length && line[i] !== ",") {
        throw new PrognosError(`unexpected text after a quoted header field at column ${i + 1}`, {
          file: displayName,
        });
      }
      i++;
    } else {
      const comma = line.indexOf(",", i);
      const end = comma < 0 ? line.length : comma;
      fields.push(line.slice(i, end));
      i = end + 1;
    }
  }
  return fields;
}
