/** SQL expressions over FHIR R4 resources held as DuckDB JSON (column `res`). */
import { sqlCodeSystem } from "../common/codeSystems.ts";
import { sqlText } from "../common/sql.ts";

/** A resource's text field, NULL when absent or blank. */
export function field(path: string, res = "res"): string {
  return sqlText(`${res}->>'${path}'`);
}

/**
 * The id a reference points at: `Patient/abc` → `abc`, `urn:uuid:abc` → `abc` (Synthea Bundles),
 * `https://host/fhir/Patient/abc/_history/2` → `abc`.
 */
export function fhirRef(expr: string): string {
  return `nullif(regexp_extract(regexp_replace(trim(${expr}), '/_history/.*$', ''), '([^/:]+)$', 1), '')`;
}

const CODING_TYPE = `'[{"system":"VARCHAR","code":"VARCHAR","display":"VARCHAR"}]'`;

/**
 * The first coding (in the order written) whose system Prognos knows, as STRUCT(sys, code, display); NULL when
 * none. `codingPath` is the JSON path of a Coding array, e.g. `$.code.coding`.
 */
export function pickCoding(codingPath: string, procedure: boolean): string {
  const codings = `from_json(res->'${codingPath}', ${CODING_TYPE})`;
  return (
    `list_filter(list_transform(${codings}, lambda c: {'sys': ${sqlCodeSystem("c.system", procedure)}, ` +
    `'code': ${sqlText("c.code")}, 'display': c.display}), lambda c: c.sys IS NOT NULL)[1]`
  );
}

/** Why no coding could be picked: no coding at all, or the first coding's system is unknown. */
export function codingReason(codingPath: string, procedure: boolean): string {
  return (
    `CASE WHEN coalesce(json_array_length(res, '${codingPath}'), 0) = 0 THEN 'missing code (no coding)' ` +
    `WHEN ${pickCoding(codingPath, procedure)} IS NULL ` +
    `THEN 'code of unknown system: ' || coalesce(res->>'${codingPath}[0].system', '(no system)') END`
  );
}

const CONTENT_TYPE = `'[{"attachment":{"contentType":"VARCHAR","data":"VARCHAR"}}]'`;

/**
 * The base64 data of a DocumentReference's first inline text attachment (contentType text/plain, or none given).
 */
export function noteData(res = "res"): string {
  return (
    `list_filter(from_json(${res}->'$.content', ${CONTENT_TYPE}), lambda c: c.attachment.data IS NOT NULL AND ` +
    `(c.attachment.contentType IS NULL OR starts_with(lower(trim(c.attachment.contentType)), 'text/plain')))` +
    `[1].attachment.data`
  );
}

/** The decoded note text (UTF-8), NULL when the data is not base64 of UTF-8 text. */
export function noteText(res = "res"): string {
  return `try(decode(from_base64(${noteData(res)})))`;
}

/** Why a DocumentReference yields no note text (NULL when it does). */
export function noteReason(res = "res"): string {
  return (
    `CASE WHEN coalesce(json_array_length(${res}, '$.content'), 0) = 0 THEN 'DocumentReference without content' ` +
    `WHEN ${noteData(res)} IS NULL ` +
    `THEN 'no inline text/plain attachment (attachments by url and other content types are not read)' ` +
    `WHEN ${noteText(res)} IS NULL THEN 'attachment data is not base64-encoded UTF-8 text' END`
  );
}
