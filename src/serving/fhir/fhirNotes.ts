import { PrognosError } from "../../util/errors.ts";
import { isObject } from "../../util/readJsonFile.ts";
import { decodeUtf8 } from "../../util/strictUtf8.ts";

/** A FHIR Reference as it is copied into a RiskAssessment (only the parts Prognos writes back). */
export interface FhirReference {
  reference?: string;
  type?: string;
  display?: string;
  identifier?: Record<string, unknown>;
}

/** Where a note read from FHIR came from: what its RiskAssessment points back to (docs/fhir.md). */
export interface FhirNoteSource {
  /** The DocumentReference, for RiskAssessment.basis: `DocumentReference/<id>`, or the Bundle entry's fullUrl. */
  basis: FhirReference;
  /** DocumentReference.subject (the patient), copied as it is; absent when the document has none. */
  subject?: FhirReference;
  /** DocumentReference.context.encounter[0], copied as it is. */
  encounter?: FhirReference;
  /** "entry 2 (DocumentReference/abc)" or "DocumentReference/abc": names the resource in messages. */
  where: string;
  /** The note came in a Bundle (the answer is a Bundle too), not as a lone DocumentReference. */
  inBundle: boolean;
}

/** The FHIR input: one DocumentReference, or a Bundle holding several (any Bundle type, a searchset included). */
export interface FhirNotes {
  bundle: boolean;
  notes: { id: string; text: string; fhir: FhirNoteSource }[];
}

/** True for parsed JSON that is a FHIR resource Prognos reads notes from. */
export function isFhirNoteInput(value: unknown): boolean {
  return isObject(value) && (value.resourceType === "DocumentReference" || value.resourceType === "Bundle");
}

/**
 * The notes of a FHIR R4 DocumentReference, or of each DocumentReference in a Bundle (entries of another type in a
 * searchset, `search.mode` include or outcome, are skipped; elsewhere they are an error). The text is the first
 * `content[].attachment` with inline base64 `data` whose `contentType` is text/plain (or absent), decoded as strict
 * UTF-8. Attachments given only by `url` are refused: Prognos never fetches a document (docs/fhir.md). Errors are
 * PrognosErrors naming the entry and the field; note text never appears in them.
 */
export function fhirNotes(value: unknown): FhirNotes {
  if (!isObject(value)) throw new PrognosError("expected a FHIR resource (a JSON object with resourceType)");
  if (value.resourceType === "DocumentReference") {
    const note = documentNote(value, undefined, referenceName(value, undefined, "the DocumentReference"), false);
    return { bundle: false, notes: [note] };
  }
  if (value.resourceType !== "Bundle")
    throw new PrognosError(
      `resourceType: expected DocumentReference or Bundle, got ${JSON.stringify(value.resourceType ?? null)}`,
    );
  const entries = value.entry ?? [];
  if (!Array.isArray(entries)) throw new PrognosError("Bundle.entry: expected an array");
  const notes: FhirNotes["notes"] = [];
  entries.forEach((entry, i) => {
    const at = `entry ${i + 1}`;
    if (!isObject(entry) || !isObject(entry.resource))
      throw new PrognosError(`${at}: expected an object with a resource`);
    const resource = entry.resource;
    if (resource.resourceType !== "DocumentReference") {
      const mode = isObject(entry.search) ? entry.search.mode : undefined;
      if (value.type === "searchset" && (mode === "include" || mode === "outcome")) return;
      throw new PrognosError(
        `${at}: expected a DocumentReference, got ${JSON.stringify(resource.resourceType ?? null)}`,
      );
    }
    const fullUrl = typeof entry.fullUrl === "string" ? entry.fullUrl : undefined;
    const where = `${at} (${referenceName(resource, fullUrl, "DocumentReference")})`;
    notes.push(documentNote(resource, fullUrl, where, true));
  });
  const seen = new Set<string>();
  for (const n of notes) {
    if (seen.has(n.id)) throw new PrognosError(`${n.fhir.where}: the same DocumentReference appears twice`);
    seen.add(n.id);
  }
  return { bundle: true, notes };
}

/** `DocumentReference/<id>`, else the entry's fullUrl, else `fallback`. */
function referenceName(doc: Record<string, unknown>, fullUrl: string | undefined, fallback: string): string {
  if (typeof doc.id === "string" && doc.id !== "") return `DocumentReference/${doc.id}`;
  return fullUrl ?? fallback;
}

function documentNote(doc: Record<string, unknown>, fullUrl: string | undefined, where: string, inBundle: boolean) {
  if (doc.id !== undefined && (typeof doc.id !== "string" || !/^[A-Za-z0-9\-.]{1,64}$/.test(doc.id)))
    throw new PrognosError(`${where}: id: expected a FHIR id (letters, digits, '-' and '.', at most 64)`);
  if (doc.status === "entered-in-error")
    throw new PrognosError(`${where}: status is entered-in-error; such a document is not scored`);
  const id = typeof doc.id === "string" ? `DocumentReference/${doc.id}` : fullUrl;
  if (id === undefined)
    throw new PrognosError(`${where}: no id and no Bundle entry fullUrl: the RiskAssessment could not point to it`);
  const contents = doc.content;
  if (!Array.isArray(contents) || contents.length === 0)
    throw new PrognosError(`${where}: content: expected at least one attachment`);
  let urlOnly = false;
  for (const [k, content] of contents.entries()) {
    const field = `${where}: content[${k}].attachment`;
    const a = isObject(content) ? content.attachment : undefined;
    if (!isObject(a)) throw new PrognosError(`${field}: expected an object`);
    const type = a.contentType;
    if (type !== undefined && typeof type !== "string") throw new PrognosError(`${field}.contentType: not a string`);
    if (a.data === undefined) {
      if (a.url !== undefined) urlOnly = true;
      continue;
    }
    if (type !== undefined && !isPlainText(type)) continue;
    if (typeof a.data !== "string") throw new PrognosError(`${field}.data: expected base64 text`);
    return {
      id,
      text: decodeBase64Text(a.data, field),
      fhir: { where, inBundle, basis: { reference: id, type: "DocumentReference" }, ...references(doc, where) },
    };
  }
  throw new PrognosError(
    urlOnly
      ? `${where}: content[].attachment has only a url; Prognos does not fetch documents: send the text inline as base64 attachment.data (contentType text/plain)`
      : `${where}: content[].attachment: no inline text/plain data (base64 attachment.data with contentType text/plain)`,
  );
}

/** text/plain, with at most a UTF-8 (or US-ASCII) charset. */
function isPlainText(type: string): boolean {
  const [media, ...params] = type.split(";").map((s) => s.trim().toLowerCase());
  if (media !== "text/plain") return false;
  return params.every((p) => !p.startsWith("charset=") || /^charset="?(utf-8|us-ascii)"?$/.test(p));
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2,3})?$/;

function decodeBase64Text(data: string, field: string): string {
  // FHIR's base64Binary allows whitespace (line breaks of MIME base64); nothing else outside the alphabet.
  const compact = data.replace(/[ \t\r\n]/g, "");
  if (!BASE64.test(compact)) throw new PrognosError(`${field}.data: not valid base64`);
  const text = decodeUtf8(Buffer.from(compact, "base64"), `${field}.data`, "note");
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function references(doc: Record<string, unknown>, where: string) {
  const out: { subject?: FhirReference; encounter?: FhirReference } = {};
  if (doc.subject !== undefined) out.subject = reference(doc.subject, `${where}: subject`);
  const context = doc.context;
  if (isObject(context) && Array.isArray(context.encounter) && context.encounter.length > 0)
    out.encounter = reference(context.encounter[0], `${where}: context.encounter[0]`);
  return out;
}

function reference(value: unknown, field: string): FhirReference {
  if (!isObject(value)) throw new PrognosError(`${field}: expected a Reference object`);
  const out: FhirReference = {};
  for (const key of ["reference", "type", "display"] as const) {
    const v = value[key];
    if (v === undefined) continue;
    if (typeof v !== "string") throw new PrognosError(`${field}.${key}: expected a string`);
    out[key] = v;
  }
  if (isObject(value.identifier)) out.identifier = value.identifier;
  if (Object.keys(out).length === 0) throw new PrognosError(`${field}: a Reference with no reference or identifier`);
  return out;
}
