import { readFile } from "node:fs/promises";
import { PrognosError } from "../util/errors.ts";

const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * Reads a file as strict UTF-8. A missing file or invalid bytes throw a PrognosError naming the file (and,
 * for bad bytes, the line and byte offset of the first one). A byte-order mark is kept, as Python's "utf-8"
 * codec keeps it; callers decide what to do with it.
 */
export async function readUtf8File(path: string, what = "file"): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new PrognosError(`${what} not found`, { file: path });
    if (code === "EISDIR") throw new PrognosError(`${what} is a directory, expected a file`, { file: path });
    throw new PrognosError(`cannot read ${what}: ${(e as Error).message}`, { file: path, cause: e });
  }
  return decodeUtf8(bytes, path, what);
}

/** Strict UTF-8 decoding of bytes that came from `path` (used in error messages only). */
export function decodeUtf8(bytes: Uint8Array, path: string, what = "file"): string {
  try {
    return decoder.decode(bytes);
  } catch (e) {
    const at = firstInvalidByte(bytes);
    let line = 1;
    for (let i = 0; i < at; i++) if (bytes[i] === 0x0a) line++;
    throw new PrognosError(
      `${what} is not valid UTF-8 (line ${line}, byte offset ${at}: 0x${bytes[at]?.toString(16).padStart(2, "0")}); save it as UTF-8`,
      { file: path, cause: e },
    );
  }
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidByte(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    let need = 0;
    let min = 0;
    if (c < 0x80) {
      i++;
      continue;
    } else if (c >= 0xc2 && c <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    let cp = c & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const cc = b[i + k];
      if (cc === undefined || (cc & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (cc & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return b.length;
}
