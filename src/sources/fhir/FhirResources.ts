/**
 * FHIR R4 resources from bulk NDJSON (`<Type>.ndjson`, `<Type>.000.ndjson`, …: one resource per line) and from
 * per-patient Bundles (`*.json` with resourceType Bundle, in the folder or its fhir/ sub-folder), both through
 * DuckDB's JSON reader. Each resource type lands in temp table `fhir_raw_<type>(file_no, source_row, full_url,
 * res)`; source_row is the 1-based line of an NDJSON file, or the 1-based position in a Bundle's `entry` array.
 * DocumentReference rows are stored without their attachments (text_reason says whether a text can be read);
 * the text itself is decoded lazily (`noteTextParts`), so large note sets never sit in memory.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { runOnFile } from "../common/csvTable.ts";
import { collectSkips } from "../common/skips.ts";
import { findJsonFiles, findNdjsonFiles, relativeName } from "../common/sourceFiles.ts";
import { sqlString } from "../common/sql.ts";
import type { NoteTextPart } from "../common/TimelineBuilder.ts";
import type { SkipRecord } from "../Timeline.ts";
import { noteReason, noteText } from "./fhirSql.ts";

export const FHIR_TYPES = [
  "Patient",
  "Encounter",
  "Condition",
  "Procedure",
  "MedicationRequest",
  "Observation",
  "DocumentReference",
] as const;
export type FhirType = (typeof FHIR_TYPES)[number];

/**
 * Largest JSON object read: a bulk line (one resource) or a Bundle (Synthea: a whole life, usually a few MB,
 * rarely tens). DuckDB allocates buffers of about twice this size up front, so it is not set higher than needed.
 */
const MAX_RESOURCE = 32 * 1024 * 1024;
const MAX_BUNDLE = 128 * 1024 * 1024;

interface FhirFile {
  no: number;
  path: string;
}

export interface FhirInput {
  files: string[];
  ndjson: Map<FhirType, FhirFile[]>;
  bundles: FhirFile[];
  /** Resources per type (NDJSON and Bundles together). */
  counts: Map<FhirType, number>;
  /** Bundle files that are not Bundles. */
  skips: SkipRecord[];
}

function ndjsonScan(f: FhirFile): string {
  return (
    `SELECT ${f.no} AS file_no, row_number() OVER () AS source_row, NULL::VARCHAR AS full_url, json AS res ` +
    `FROM read_json_objects(${sqlString(f.path)}, format = 'newline_delimited', maximum_object_size = ${MAX_RESOURCE})`
  );
}

/** Every Bundle file in one scan, in the order given (file_no from the file's place in the list). */
function bundlesScan(files: readonly FhirFile[]): string {
  const paths = `[${files.map((f) => sqlString(f.path)).join(", ")}]`;
  const nos = `[${files.map((f) => f.no).join(", ")}]`;
  return (
    `SELECT ${nos}[list_position(${paths}, filename)] AS file_no, generate_subscripts(entries, 1) AS source_row, ` +
    `unnest(entries) AS entry FROM (SELECT filename, from_json(json->'$.entry', '["JSON"]') AS entries ` +
    `FROM read_json_objects(${paths}, format = 'auto', filename = true, maximum_object_size = ${MAX_BUNDLE}) ` +
    `WHERE (json->>'resourceType') = 'Bundle')`
  );
}

/** One SELECT (file_no, source_row, full_url, res) over every NDJSON file and Bundle holding `type`. */
function typeScan(input: FhirInput, type: FhirType, fromBundles: string): string {
  const parts = (input.ndjson.get(type) ?? []).map(
    (f) => `SELECT * FROM (${ndjsonScan(f)}) WHERE (res->>'resourceType') = ${sqlString(type)}`,
  );
  if (input.bundles.length > 0) {
    parts.push(
      `SELECT file_no, source_row, entry->>'fullUrl' AS full_url, entry->'resource' AS res FROM ${fromBundles} ` +
        `WHERE (entry->>'$.resource.resourceType') = ${sqlString(type)}`,
    );
  }
  return parts.length > 0
    ? parts.join(" UNION ALL ")
    : `SELECT NULL::INTEGER AS file_no, NULL::BIGINT AS source_row, NULL::VARCHAR AS full_url, NULL::JSON AS res ` +
        `WHERE FALSE`;
}

/** Finds the files and loads every type's resources into fhir_raw_<type> tables. */
export async function loadFhirResources(conn: DuckDBConnection, dir: string): Promise<FhirInput> {
  const files: string[] = [];
  const add = (path: string): FhirFile => ({ no: files.push(relativeName(dir, path)) - 1, path });
  const ndjson = new Map<FhirType, FhirFile[]>();
  for (const type of FHIR_TYPES) ndjson.set(type, findNdjsonFiles(dir, type).map(add));
  const bundles = findJsonFiles(dir).map(add);
  const input: FhirInput = { files, ndjson, bundles, counts: new Map(), skips: [] };

  if (bundles.length > 0) {
    // Which .json files are Bundles at all: the others are reported, not read.
    const paths = `[${bundles.map((f) => sqlString(f.path)).join(", ")}]`;
    const where = bundles.length === 1 ? files[bundles[0]!.no]! : `${bundles.length} .json files`;
    await runOnFile(
      conn,
      `CREATE OR REPLACE TEMP TABLE fhir_raw_files AS SELECT ` +
        `[${bundles.map((f) => f.no).join(", ")}][list_position(${paths}, filename)] AS file_no, ` +
        `1::BIGINT AS source_row, CASE WHEN (json->>'resourceType') IS DISTINCT FROM 'Bundle' ` +
        `THEN 'not a FHIR Bundle (resourceType ' || coalesce(json->>'resourceType', 'missing') || ')' END ` +
        `AS skip_reason, NULL::VARCHAR AS report_reason FROM read_json_objects(${paths}, format = 'auto', ` +
        `filename = true, maximum_object_size = ${MAX_BUNDLE})`,
      where,
    );
    input.skips = await collectSkips(conn, "fhir_raw_files", files);
    // The entries of the types Prognos reads, with note attachments replaced by a readability check.
    await runOnFile(
      conn,
      `CREATE OR REPLACE TEMP TABLE fhir_raw_entries AS SELECT file_no, source_row, ` +
        `CASE WHEN (entry->>'$.resource.resourceType') = 'DocumentReference' THEN json_merge_patch(entry, ` +
        `json_object('resource', json_object('content', NULL, 'prognos_text_reason', ${noteReason("(entry->'resource')")}))) ` +
        `ELSE entry END AS entry FROM (${bundlesScan(bundles)}) ` +
        `WHERE (entry->>'$.resource.resourceType') IN (${FHIR_TYPES.map(sqlString).join(", ")})`,
      where,
    );
  }

  for (const type of FHIR_TYPES) {
    const table = `fhir_raw_${type.toLowerCase()}`;
    const scan = typeScan(input, type, "fhir_raw_entries");
    const where = (ndjson.get(type) ?? []).map((f) => files[f.no]).join(", ") || "FHIR Bundles";
    if (type === "DocumentReference") {
      // NDJSON notes: keep the check, drop the attachment (Bundle entries were stripped above).
      await runOnFile(
        conn,
        `CREATE OR REPLACE TEMP TABLE ${table} AS SELECT file_no, source_row, full_url, ` +
          `CASE WHEN (res->'$.content') IS NULL THEN res ELSE json_merge_patch(res, json_object('content', NULL, ` +
          `'prognos_text_reason', ${noteReason()})) END AS res FROM (${scan})`,
        where,
      );
    } else {
      await runOnFile(conn, `CREATE OR REPLACE TEMP TABLE ${table} AS ${scan}`, where);
    }
    const n = await conn.runAndReadAll(`SELECT count(*) AS n FROM ${table}`);
    input.counts.set(type, Number(n.getRowObjectsJS()[0]!.n));
  }
  return input;
}

/**
 * Lazily decoded note texts, one part per NDJSON file and one for all Bundles, each in file order and holding
 * exactly the rows of fhir_raw_documentreference for its files (see NoteTextPart).
 */
export function noteTextParts(input: FhirInput): NoteTextPart[] {
  const parts: NoteTextPart[] = (input.ndjson.get("DocumentReference") ?? []).map((f) => ({
    fileNos: [f.no],
    sql:
      `SELECT file_no, source_row, ${noteText()} AS text FROM (${ndjsonScan(f)}) ` +
      `WHERE (res->>'resourceType') = 'DocumentReference'`,
  }));
  if (input.bundles.length > 0) {
    parts.push({
      fileNos: input.bundles.map((f) => f.no),
      sql:
        `SELECT file_no, source_row, ${noteText("(entry->'resource')")} AS text FROM (${bundlesScan(input.bundles)}) ` +
        `WHERE (entry->>'$.resource.resourceType') = 'DocumentReference'`,
    });
  }
  return parts;
}
