import { readFile } from "node:fs/promises";
import { PrognosError } from "../util/errors.ts";
import { decodeUtf8 } from "../util/strictUtf8.ts";

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
