/** The file layouts `synth ehr` writes: OMOP CDM 5.4 CSV or MIMIC-III CSV. */
export type EhrFormat = "omop" | "mimic3";
export const EHR_FORMATS: readonly EhrFormat[] = ["omop", "mimic3"];
