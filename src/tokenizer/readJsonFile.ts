import { PrognosError } from "../util/errors.ts";
import { readUtf8File } from "./readUtf8File.ts";

/** A JSON object read from a file: strict UTF-8, must parse, must be an object. Errors name the file. */
export async function readJsonObject(path: string, what: string): Promise<Record<string, unknown>> {
  const text = await readUtf8File(path, what);
  let value: unknown;
  try {
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    throw new PrognosError(`malformed ${what}: ${(e as Error).message}`, { file: path, cause: e });
  }
  if (!isObject(value)) throw new PrognosError(`malformed ${what}: expected a JSON object at the top`, { file: path });
  return value;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** An optional boolean setting: undefined when absent or null, an error naming the file and key otherwise. */
export function optionalBoolean(obj: Record<string, unknown>, key: string, path: string): boolean | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "boolean")
    throw new PrognosError(`"${key}" must be true, false or null, got ${JSON.stringify(v)}`, { file: path });
  return v;
}

/**
 * A special-token setting of tokenizer_config.json / special_tokens_map.json: a string, or an AddedToken
 * object (`{"content": "[CLS]", ...}`, with or without `"__type": "AddedToken"`). undefined when absent or null.
 */
export function specialTokenSetting(obj: Record<string, unknown>, key: string, path: string): string | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === "string") return v;
  if (isObject(v) && typeof v.content === "string") return v.content;
  throw new PrognosError(`"${key}" must be a token string or {"content": ...}, got ${JSON.stringify(v)}`, {
    file: path,
  });
}
