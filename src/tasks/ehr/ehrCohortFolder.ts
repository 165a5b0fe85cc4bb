/** What `prognos ehr build` writes: the files of an EHR cohort folder. */
export const EHR_COHORT_FILES = ["sequences.parquet", "sequences.jsonl", "vocab.json", "manifest.json"] as const;
/** The cohort folder's manifest, and the `kind` it declares. */
export const EHR_MANIFEST_FILE = "manifest.json";
export const EHR_COHORT_KIND = "prognos-ehr-cohort";
