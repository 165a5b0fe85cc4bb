import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { PrognosError } from "./errors.ts";
import { decodeUtf8 } from "./strictUtf8.ts";
import { systemErrorText } from "./writeError.ts";

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
    throw readFailure(e, path, what);
  }
  return decodeUtf8(bytes, path, what);
}

/** readUtf8File, synchronously. */
export function readUtf8FileSync(path: string, what = "file"): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw readFailure(e, path, what);
  }
  return decodeUtf8(bytes, path, what);
}

function readFailure(e: unknown, path: string, what: string): PrognosError {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return new PrognosError(`${what} not found`, { file: path });
  if (code === "EISDIR") return new PrognosError(`${what} is a directory, expected a file`, { file: path });
  return new PrognosError(`cannot read ${what}: ${systemErrorText(e)}`, { file: path, cause: e });
}
