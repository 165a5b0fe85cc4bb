/**
 * Source id → how its admission notes are made (AdmissionNoteRules). A source without an entry has no note rules
 * yet; add yours here next to its reader in src/sources/registry.ts.
 */
import type { SourceId } from "../../sources/Timeline.ts";
import { PrognosError } from "../../util/errors.ts";
import type { AdmissionNoteRules } from "./AdmissionNoteRules.ts";
import type { ExtractOptions } from "./coreSections.ts";
import { mimic3AdmissionNoteRules } from "./mimic3AdmissionNotes.ts";

/** Options every source's rules accept (they may ignore what does not apply to them). */
export type AdmissionNoteOptions = ExtractOptions;

export const ADMISSION_NOTE_RULES: ReadonlyMap<SourceId, (options: AdmissionNoteOptions) => AdmissionNoteRules> =
  new Map([["mimic3", mimic3AdmissionNoteRules]]);

export function getAdmissionNoteRules(source: SourceId, options: AdmissionNoteOptions = {}): AdmissionNoteRules {
  const make = ADMISSION_NOTE_RULES.get(source);
  if (!make) throw new PrognosError(`source '${source}' has no admission-note rules yet`);
  return make(options);
}
