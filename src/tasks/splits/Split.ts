/** The three splits of every task, and how a patient is assigned to one. */

export type Split = "train" | "val" | "test";
export const SPLITS: readonly Split[] = ["train", "val", "test"];

export interface PatientSplitter {
  /** For manifests, e.g. "CORe's fixed SUBJECT_ID lists (data/core-tasks)". */
  description: string;
  /** The patient's split, or null when the patient is in none (their admissions are dropped and counted). */
  splitOf(patientId: string): Split | null;
}
