/** Settings of a tokenizer's JSON files (tokenizer_config.json, special_tokens_map.json, tokenizer.json). */
import { PrognosError } from "../util/errors.ts";
import { isObject } from "../util/readJsonFile.ts";

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
