import { existsSync } from "node:fs";
import { join } from "node:path";
import { readJsonFile } from "../../util/readJsonFile.ts";

/** What `prognos ehr build` writes: the files of an EHR cohort folder. */
export const EHR_COHORT_FILES = ["sequences.parquet", "sequences.jsonl", "vocab.json", "manifest.json"] as const;
/** The cohort folder's manifest, and the `kind` it declares. */
export const EHR_MANIFEST_FILE = "manifest.json";
export const EHR_COHORT_KIND = "prognos-ehr-cohort";

/** Whether `dir` is an EHR cohort folder (`prognos ehr build`): its manifest.json says kind "prognos-ehr-cohort". */
export function isEhrCohortFolder(dir: string): boolean {
  const path = join(dir, EHR_MANIFEST_FILE);
  if (!existsSync(path)) return false;
  try {
    return (readJsonFile(path) as { kind?: unknown } | null)?.kind === EHR_COHORT_KIND;
  } catch {
    return false;
  }
}
