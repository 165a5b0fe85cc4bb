import type { IcdTables } from "../IcdTables.ts";

/**
 * CCS categories an adult's incidental diagnoses are never drawn from: pregnancy and childbirth (176–196),
 * perinatal conditions and congenital anomalies of newborns (211–224), unclassified and external-cause groupings
 * (259, E-code categories ≥ 2600), and the invalid-code category 0.
 */
function excluded(ccs: number): boolean {
  return ccs === 0 || (ccs >= 176 && ccs <= 196) || (ccs >= 211 && ccs <= 224) || ccs === 259 || ccs >= 2600;
}

/**
 * The long tail of diagnoses: every CMS v32 diagnosis code whose CCS category an adult inpatient can plausibly
 * have, without V codes. Real admissions carry a few rarely seen codes each (MIMIC-III's diagnosis task has 1,266
 * three-digit labels); drawing 0–2 per admission from this pool gives a similar long tail.
 */
export function incidentalPool(tables: IcdTables): string[] {
  const out: string[] = [];
  for (const e of tables.diagnoses.values()) {
    if (e.code.startsWith("V") || e.code.startsWith("E")) continue;
    if (!excluded(e.ccs)) out.push(e.code);
  }
  return out.sort();
}

/** CCS procedure categories never drawn incidentally: obstetrics and gynaecology of pregnancy (121–141), smears. */
function excludedProcedure(ccs: number): boolean {
  return ccs === 0 || (ccs >= 121 && ccs <= 141) || ccs === 206;
}

/** The long tail of procedures (MIMIC-III's procedure task has 711 three-digit labels). */
export function incidentalProcedurePool(tables: IcdTables): string[] {
  const out: string[] = [];
  for (const e of tables.procedures.values()) if (!excludedProcedure(e.ccs)) out.push(e.code);
  return out.sort();
}

/** Both long-tail pools, as the admission model takes them. */
export interface IncidentalPools {
  diagnoses: readonly string[];
  procedures: readonly string[];
}

export function incidentalPools(tables: IcdTables): IncidentalPools {
  return { diagnoses: incidentalPool(tables), procedures: incidentalProcedurePool(tables) };
}
