import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type SynthMimic3Summary, synthesizeMimic3 } from "../../../src/synth/mimic3/synthesizeMimic3.ts";
import { type CsvTable, readCsv, records } from "./mimicCsv.ts";

export interface Hospital {
  dir: string;
  summary: SynthMimic3Summary;
  admissions: Array<Record<string, string | null>>;
  patients: Array<Record<string, string | null>>;
  diagnoses: Array<Record<string, string | null>>;
  procedures: Array<Record<string, string | null>>;
  notes: Array<Record<string, string | null>>;
  table: (file: string) => CsvTable;
}

/** Writes a seeded hospital to a fresh temporary folder and reads its tables back. */
export async function makeHospital(admissions: number, otherNotes: number, seed: number): Promise<Hospital> {
  const dir = mkdtempSync(join(tmpdir(), "prognos-synth-"));
  const summary = await synthesizeMimic3({ admissions, otherNotes, seed, outDir: dir });
  const read = (file: string) => records(readCsv(join(dir, file)));
  return {
    dir,
    summary,
    admissions: read("ADMISSIONS.csv"),
    patients: read("PATIENTS.csv"),
    diagnoses: read("DIAGNOSES_ICD.csv"),
    procedures: read("PROCEDURES_ICD.csv"),
    notes: read("NOTEEVENTS.csv"),
    table: (file) => readCsv(join(dir, file)),
  };
}

/** The 3-character group of a diagnosis code as CORe forms it (V and E codes keep 4 characters). */
export function diagnosisGroup(code: string): string {
  return /^[VE]/.test(code) ? code.slice(0, 4) : code.slice(0, 3);
}

/** Discharge-summary "Report" notes of non-newborn admissions, one per admission (the last by ROW_ID). */
export function adultReports(h: Hospital): Map<string, string> {
  const newborn = new Set(h.admissions.filter((a) => a.ADMISSION_TYPE === "NEWBORN").map((a) => a.HADM_ID));
  const out = new Map<string, string>();
  for (const n of h.notes) {
    if (n.CATEGORY === "Discharge summary" && n.DESCRIPTION === "Report" && n.HADM_ID && !newborn.has(n.HADM_ID)) {
      out.set(n.HADM_ID, n.TEXT!);
    }
  }
  return out;
}
