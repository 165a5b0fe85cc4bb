/**
 * Source id → how its admission notes are made (AdmissionNoteRules). Every source with notes has an entry; a
 * source without notes (Synthea CSV) never reaches its rules (buildCoreTasks stops at "no notes" first).
 */
import type { SourceId } from "../../sources/Timeline.ts";
import { PrognosError } from "../../util/errors.ts";
import type { AdmissionNoteRules } from "./AdmissionNoteRules.ts";
import type { ExtractOptions } from "./coreSections.ts";
import { mimic3AdmissionNoteRules } from "./mimic3AdmissionNotes.ts";
import { mimic4AdmissionNoteRules } from "./mimic4AdmissionNotes.ts";
import { syntheaAdmissionNoteRules } from "./syntheaAdmissionNotes.ts";

/** Options every source's rules accept (they may ignore what does not apply to them). */
export type AdmissionNoteOptions = ExtractOptions;

export const ADMISSION_NOTE_RULES: ReadonlyMap<SourceId, (options: AdmissionNoteOptions) => AdmissionNoteRules> =
  new Map<SourceId, (options: AdmissionNoteOptions) => AdmissionNoteRules>([
    ["mimic3", mimic3AdmissionNoteRules],
    ["mimic4", mimic4AdmissionNoteRules],
    ["fhir", () => syntheaAdmissionNoteRules("fhir")],
    ["omop", () => syntheaAdmissionNoteRules("omop")],
  ]);

export function getAdmissionNoteRules(source: SourceId, options: AdmissionNoteOptions = {}): AdmissionNoteRules {
  const make = ADMISSION_NOTE_RULES.get(source);
  if (!make) throw new PrognosError(`source '${source}' has no notes, so no admission-note rules`);
  return make(options);
}
