/**
 * ClinicalBERT's 30-day readmission tasks from notes (docs/readmission-task.md): one label rule, three inputs — the
 * discharge summary, or the notes of the first 2 or 3 days of the stay. Distinct from the structured
 * `readmission-30d` cohort of `prognos ehr build` (coded visits, docs/ehr-cohorts.md).
 */

export type ReadmissionTaskName = "READMISSION_30D_discharge" | "READMISSION_30D_early_2d" | "READMISSION_30D_early_3d";

export interface ReadmissionTaskSpec {
  name: ReadmissionTaskName;
  /** Short name accepted by `--tasks`. */
  alias: string;
  labelColumn: "readmission_30d";
  labelType: "binary";
  description: string;
  /** The input: the admission's discharge summary, or its notes of the first `days` days. */
  variant: "discharge" | "early";
  /** Early notes: the window, in days from the admission (2 or 3); null for the discharge summary. */
  days: 2 | 3 | null;
}

export const READMISSION_LABEL_COLUMN = "readmission_30d";

/** How early notes are placed in their window: CHARTDATE (the reference's rule) or CHARTTIME. */
export type EarlyWindow = "chartdate" | "charttime";
export const EARLY_WINDOWS: readonly EarlyWindow[] = ["chartdate", "charttime"];

const LABEL_RULE =
  "1 when the patient's next admission that is not ELECTIVE starts less than 30 days after this discharge";

export const READMISSION_TASKS: readonly ReadmissionTaskSpec[] = [
  {
    name: "READMISSION_30D_discharge",
    alias: "readmit-discharge",
    labelColumn: READMISSION_LABEL_COLUMN,
    labelType: "binary",
    description: `30-day readmission from the discharge summary (ClinicalBERT): ${LABEL_RULE}`,
    variant: "discharge",
    days: null,
  },
  {
    name: "READMISSION_30D_early_2d",
    alias: "readmit-2d",
    labelColumn: READMISSION_LABEL_COLUMN,
    labelType: "binary",
    description:
      `30-day readmission from the notes of the first 2 days (ClinicalBERT's early notes): ${LABEL_RULE}; ` +
      "val and test keep the stays that lasted at least 2 days",
    variant: "early",
    days: 2,
  },
  {
    name: "READMISSION_30D_early_3d",
    alias: "readmit-3d",
    labelColumn: READMISSION_LABEL_COLUMN,
    labelType: "binary",
    description:
      `30-day readmission from the notes of the first 3 days (ClinicalBERT's early notes): ${LABEL_RULE}; ` +
      "val and test keep the stays that lasted at least 3 days",
    variant: "early",
    days: 3,
  },
];

export const READMISSION_LABEL_TITLES: Readonly<Record<string, string>> = {
  "0": "no non-elective readmission within 30 days",
  "1": "non-elective readmission within 30 days of discharge",
};

export function isReadmissionTask(task: { name: string }): task is ReadmissionTaskSpec {
  return READMISSION_TASKS.some((t) => t.name === task.name);
}
