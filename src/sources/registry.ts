/**
 * Source id → reader. Every command that takes `--source` looks readers up here; add a reader by adding its
 * entry to SOURCE_READERS (ids are fixed in Timeline.ts: mimic3, mimic4, omop, synthea-csv, fhir, meds).
 */
import { PrognosError } from "../util/errors.ts";
import { fhirReader } from "./fhir/FhirReader.ts";
import { medsReader } from "./meds/MedsReader.ts";
import { mimic3Reader } from "./mimic3/Mimic3Reader.ts";
import { mimic4Reader } from "./mimic4/Mimic4Reader.ts";
import { omopReader } from "./omop/OmopReader.ts";
import { syntheaCsvReader } from "./synthea/SyntheaCsvReader.ts";
import { SOURCE_IDS, type SourceId, type SourceReader } from "./Timeline.ts";

export const SOURCE_READERS: ReadonlyMap<SourceId, SourceReader> = new Map<SourceId, SourceReader>([
  ["mimic3", mimic3Reader],
  ["mimic4", mimic4Reader],
  ["omop", omopReader],
  ["synthea-csv", syntheaCsvReader],
  ["fhir", fhirReader],
  ["meds", medsReader],
]);

export function isSourceId(id: string): id is SourceId {
  return (SOURCE_IDS as readonly string[]).includes(id);
}

/** The reader for `id`; a PrognosError lists the valid ids, or says the source is not supported yet. */
export function getSourceReader(id: string, argument = "--source"): SourceReader {
  if (!isSourceId(id)) {
    throw new PrognosError(`${argument}: unknown source '${id}'; valid sources: ${SOURCE_IDS.join(", ")}`);
  }
  const reader = SOURCE_READERS.get(id);
  if (!reader) {
    const ready = [...SOURCE_READERS.keys()].join(", ");
    throw new PrognosError(`${argument}: source '${id}' is not yet supported (readers available: ${ready})`);
  }
  return reader;
}
