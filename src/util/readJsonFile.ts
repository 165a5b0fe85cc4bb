import { PrognosError } from "./errors.ts";
import { readUtf8FileSync } from "./readUtf8File.ts";
import { strictJsonParse } from "./strictJsonParse.ts";

/**
 * Reads a JSON file the one way Prognos reads the JSON files it is given: strict UTF-8 (a leading byte-order mark
 * skipped) and strictJsonParse (no duplicate keys, bounded nesting). Every failure is a PrognosError naming the
 * file: `<what> not found`, `cannot read <what>: …`, invalid UTF-8 with its line, or `malformed JSON at line L,
 * column C: …`.
 */
export function readJsonFile(path: string, what = "file"): unknown {
  const text = readUtf8FileSync(path, what);
  return strictJsonParse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, path);
}

/** readJsonFile, for a file that must hold a JSON object. */
export function readJsonObject(path: string, what = "file"): Record<string, unknown> {
  const value = readJsonFile(path, what);
  if (!isObject(value)) throw new PrognosError(`malformed ${what}: expected a JSON object at the top`, { file: path });
  return value;
}

/** A JSON object (not null, not an array). */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
