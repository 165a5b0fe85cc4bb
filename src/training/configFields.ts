import { PrognosError } from "../util/errors.ts";
import { describeRange, inRange, type NumberRange } from "../util/NumberRange.ts";

/** What one field of a run config accepts (and its default: none means optional, or required for strings). */
export type FieldSpec<T> = [T] extends [number]
  ? { kind: "number"; range: NumberRange; default?: number }
  : [T] extends [boolean]
    ? { kind: "boolean"; default: boolean }
    : [T] extends [readonly string[]]
      ? { kind: "strings"; required: true }
      :
          | { kind: "string"; required: true }
          | { kind: "string"; default: string }
          | { kind: "choice"; choices: readonly T[]; default?: T };

/** A config's field table: every field of C with its spec, in the order configs are written (and compared). */
export type FieldTable<C> = { readonly [K in keyof C]-?: FieldSpec<NonNullable<C[K]>> };

type AnySpec = { kind: string; range?: NumberRange; choices?: readonly string[] };

function expected(spec: AnySpec): string {
  if (spec.kind === "number") return describeRange(spec.range!);
  if (spec.kind === "choice") return `one of ${spec.choices!.map((c) => JSON.stringify(c)).join(", ")}`;
  if (spec.kind === "strings") return "a non-empty array of strings";
  return spec.kind === "boolean" ? "true or false" : "a string";
}

function accepts(spec: AnySpec, v: unknown): boolean {
  if (spec.kind === "number") return typeof v === "number" && inRange(v, spec.range!);
  if (spec.kind === "choice") return typeof v === "string" && spec.choices!.includes(v);
  if (spec.kind === "strings") return Array.isArray(v) && v.length > 0 && v.every((s) => typeof s === "string");
  return spec.kind === "boolean" ? typeof v === "boolean" : typeof v === "string";
}

/**
 * Checks the fields present in a config (a parsed run.json, or options built in code) without requiring any: each
 * must have its type and range, and a field that is not an option is refused (a typo would otherwise be ignored
 * and its option silently left at the default). Errors name `source` (the file), the field and its value.
 */
export function readConfigFields<C>(table: FieldTable<C>, raw: unknown, source: string): Partial<C> {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    const got = raw === null ? "null" : Array.isArray(raw) ? "an array" : typeof raw;
    throw new PrognosError(`expected a JSON object of run options, got ${got}`, { file: source });
  }
  const names = Object.keys(table);
  const unknown = Object.keys(raw).filter((k) => !names.includes(k));
  if (unknown.length > 0) {
    throw new PrognosError(
      `unknown field${unknown.length > 1 ? "s" : ""} ${unknown.map((k) => JSON.stringify(k)).join(", ")}; the fields are ${names.join(", ")}`,
      { file: source },
    );
  }
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    const spec = (table as Record<string, AnySpec>)[key]!;
    if (!accepts(spec, value)) {
      const shown = typeof value === "number" ? String(value) : (JSON.stringify(value)?.slice(0, 200) ?? String(value));
      throw new PrognosError(`field "${key}": expected ${expected(spec)}, got ${shown}`, { file: source });
    }
    fields[key] = value;
  }
  return fields as Partial<C>;
}

/** A complete config: fields checked (readConfigFields), required ones present, defaults filled in, table order. */
export function parseConfig<C>(table: FieldTable<C>, raw: unknown, source: string): C {
  const fields: Record<string, unknown> = readConfigFields(table, raw, source);
  // Always in the table's order: the config's JSON is the key that --resume compares.
  const config: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(table) as [string, AnySpec & { required?: true; default?: unknown }][]) {
    if (fields[key] !== undefined) config[key] = fields[key];
    else if (spec.required) throw new PrognosError(`field "${key}" is required`, { file: source });
    else if (spec.default !== undefined) config[key] = spec.default;
  }
  return config as C;
}
