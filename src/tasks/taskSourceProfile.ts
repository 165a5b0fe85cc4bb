/**
 * How a task build names each source's tables and facts in its reasons, titles and messages: the tables its codes
 * come from (for skip records), where its code titles come from, what its mortality flag is, and why a source
 * without notes has none. Rules live elsewhere (codeGroups.ts, the note rules); this is wording only.
 */
import type { SourceId } from "../sources/Timeline.ts";
import type { CodeKind } from "./labels/codeGroups.ts";

export interface TaskSourceProfile {
  /** The source's event table per kind, as skip records name it. */
  eventFiles: Readonly<Record<CodeKind, string>>;
  /** The source's own title table for a code system (labels.json titleSource "source:<this>"). */
  titleTable(system: string): string;
  /** "ICD-9" in "no ICD-9 diagnosis code for the admission". */
  codeNoun: string;
  /** Why an admission has no mortality label (expire_flag NULL). */
  flagUnknown: string;
  /** Why an admission is left out of LOS (expire_flag '1'). */
  died: string;
  /** Why the source has no notes (completes "has no notes (…)"). */
  noNotes: string;
}

const MIMIC_FLAG = "HOSPITAL_EXPIRE_FLAG unknown (not 0 or 1)";
const MIMIC_DIED = "died in hospital (HOSPITAL_EXPIRE_FLAG 1)";
const DERIVED_FLAG = "in-hospital death unknown (the death date could not be read)";
const DERIVED_DIED = "died during the stay (death recorded within the stay's dates)";

export const TASK_SOURCE_PROFILES: Readonly<Record<SourceId, TaskSourceProfile>> = {
  mimic3: {
    eventFiles: { diagnosis: "DIAGNOSES_ICD", procedure: "PROCEDURES_ICD" },
    titleTable: (system) => (system === "ICD9" ? "D_ICD_DIAGNOSES" : "D_ICD_PROCEDURES"),
    codeNoun: "ICD-9",
    flagUnknown: MIMIC_FLAG,
    died: MIMIC_DIED,
    noNotes: "its note table has no rows",
  },
  mimic4: {
    eventFiles: { diagnosis: "hosp/diagnoses_icd", procedure: "hosp/procedures_icd" },
    titleTable: (system) => (system === "ICD9" || system === "ICD10" ? "d_icd_diagnoses" : "d_icd_procedures"),
    codeNoun: "ICD-9 or ICD-10",
    flagUnknown: "hospital_expire_flag unknown (not 0 or 1)",
    died: "died in hospital (hospital_expire_flag 1)",
    noNotes: "no note/discharge table with rows: MIMIC-IV-Note is a separate download (put it in <dir>/note/)",
  },
  omop: {
    eventFiles: { diagnosis: "condition_occurrence", procedure: "procedure_occurrence" },
    titleTable: () => "CONCEPT",
    codeNoun: "SNOMED or ICD",
    flagUnknown: DERIVED_FLAG,
    died: DERIVED_DIED,
    noNotes: "its NOTE table is absent or has no rows",
  },
  "synthea-csv": {
    eventFiles: { diagnosis: "conditions", procedure: "procedures" },
    titleTable: () => "DESCRIPTION",
    codeNoun: "SNOMED or ICD",
    flagUnknown: DERIVED_FLAG,
    died: DERIVED_DIED,
    noNotes: "Synthea's CSV export has no note table; export FHIR (DocumentReference notes) to get notes",
  },
  fhir: {
    eventFiles: { diagnosis: "Condition", procedure: "Procedure" },
    titleTable: () => "coding display",
    codeNoun: "SNOMED or ICD",
    flagUnknown: DERIVED_FLAG,
    died: DERIVED_DIED,
    noNotes: "no DocumentReference with a readable inline text",
  },
  meds: {
    eventFiles: { diagnosis: "data/*.parquet", procedure: "data/*.parquet" },
    titleTable: () => "metadata/codes.parquet",
    codeNoun: "ICD or SNOMED",
    flagUnknown: "in-hospital death unknown (no VISIT//END or HOSPITAL_DISCHARGE code)",
    died: "died in hospital (VISIT//END//1 or a HOSPITAL_DISCHARGE code naming DIED)",
    noNotes: "Prognos does not read MEDS text_value rows as notes",
  },
};
