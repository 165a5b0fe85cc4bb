import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { checkOutput } from "../../util/checkOutput.ts";
import { PrognosError } from "../../util/errors.ts";
import { writeOutputFolder } from "../../util/outputFolder.ts";
import { writing } from "../../util/writeError.ts";
import { BAD_INPUT_KINDS, BadInputSchedule, type BadRow, DEFAULT_BAD_INPUT_EVERY } from "./BadInput.ts";
import { DIAGNOSIS_SYSTEMS, type DiagnosisSystem } from "./codeTypes.ts";
import { type DhfCounts, emptyDhfCounts, tallyDhf } from "./DhfTally.ts";
import { EHR_FORMATS, type EhrFormat } from "./EhrFormat.ts";
import { generatePatient } from "./generatePatient.ts";
import { Mimic3Writer } from "./Mimic3Writer.ts";
import { MIMIC3_TABLES } from "./mimic3Tables.ts";
import { OmopWriter } from "./OmopWriter.ts";
import { OMOP_TABLES } from "./omopTables.ts";

export const MANIFEST_FILE = "synth-ehr-manifest.json";

export interface SynthEhrOptions {
  patients: number;
  seed: number | string;
  format: EhrFormat;
  /** Diagnosis code system (OMOP only; MIMIC-III is always ICD-9-CM). Default SNOMED, as Synthea. */
  conditionCodes?: DiagnosisSystem;
  outDir: string;
  /** No bad-input rows. */
  clean?: boolean;
  /** One bad row of each kind every this many patients (default 2,000). */
  badInputEvery?: number;
  overwrite?: boolean;
  onProgress?: (done: number, total: number) => void;
}

export interface SynthEhrSummary {
  format: EhrFormat;
  conditionCodes: DiagnosisSystem | "icd9";
  seed: number | string;
  patients: number;
  /** Patients written (MIMIC-III: those with at least one inpatient stay). */
  patientsWritten: number;
  encounters: { outpatient: number; emergency: number; inpatient: number };
  /** Inpatient stays longer than 7 days. */
  staysOver7Days: number;
  deaths: number;
  inHospitalDeaths: number;
  /** Patients with a pancreatic-cancer code. */
  pancreaticCancer: number;
  /** The DHF cohort as the generator's own encounters give it (see DhfTally.ts). */
  dhf: DhfCounts;
  rows: Record<string, number>;
  badRows: BadRow[];
  files: string[];
}

function check(o: SynthEhrOptions): string[] {
  if (!Number.isInteger(o.patients) || o.patients < 1) {
    throw new PrognosError(`--patients must be a positive integer, got ${o.patients}`);
  }
  if (!EHR_FORMATS.includes(o.format)) {
    throw new PrognosError(`--format must be one of ${EHR_FORMATS.join(", ")}, got '${o.format}'`);
  }
  if (o.conditionCodes !== undefined && !DIAGNOSIS_SYSTEMS.includes(o.conditionCodes)) {
    throw new PrognosError(
      `--condition-codes must be one of ${DIAGNOSIS_SYSTEMS.join(", ")}, got '${o.conditionCodes}'`,
    );
  }
  if (o.format === "mimic3" && o.conditionCodes !== undefined && o.conditionCodes !== "icd9") {
    throw new PrognosError(`--condition-codes ${o.conditionCodes}: MIMIC-III codes diagnoses in ICD-9-CM only`);
  }
  const tables = o.format === "omop" ? OMOP_TABLES : MIMIC3_TABLES;
  return checkOutput({
    path: o.outDir,
    kind: "folder",
    holds: [...tables.map((t) => t.file), MANIFEST_FILE],
    what: "a synthetic EHR",
    overwrite: o.overwrite,
  }).existing;
}

/**
 * Writes a seeded synthetic EHR of `patients` patients to `outDir` as OMOP CDM 5.4 or MIMIC-III CSV, plus a
 * manifest (options, counts, every bad-input row). Patients are generated and written one at a time from their own
 * random streams (generatePatient.ts) and nothing is kept across patients but counters, so memory stays flat;
 * the same options give byte-identical files.
 */
export async function synthesizeEhr(o: SynthEhrOptions): Promise<SynthEhrSummary> {
  const earlier = check(o);
  // Written under a temporary sibling and moved into place at the end, the manifest last (util/outputFolder.ts).
  return writeOutputFolder(o.outDir, (dir) => writeEhr(o, dir), { replace: earlier, last: [MANIFEST_FILE] });
}

async function writeEhr(o: SynthEhrOptions, dir: string): Promise<SynthEhrSummary> {
  const system: DiagnosisSystem = o.format === "mimic3" ? "icd9" : (o.conditionCodes ?? "snomed");
  const writer = o.format === "omop" ? new OmopWriter(dir, system) : new Mimic3Writer(dir, o.seed);
  const schedule = new BadInputSchedule(o.clean ? null : (o.badInputEvery ?? DEFAULT_BAD_INPUT_EVERY));
  const dhf = emptyDhfCounts();
  const encounters = { outpatient: 0, emergency: 0, inpatient: 0 };
  const badRows: BadRow[] = [];
  let written = 0;
  let over7 = 0;
  let deaths = 0;
  let inHospital = 0;
  let paca = 0;
  for (let i = 0; i < o.patients; i++) {
    const p = generatePatient(o.seed, i);
    tallyDhf(dhf, p, o.format === "mimic3");
    let stays = 0;
    for (const e of p.encounters) {
      if (o.format === "mimic3" && e.type !== "inpatient") continue;
      encounters[e.type]++;
      if (e.type === "inpatient") {
        stays++;
        if (e.end - e.start > 7 * 86_400_000) over7++;
        if (e.died) inHospital++;
      }
    }
    if (o.format === "omop" || stays > 0) {
      written++;
      if (p.latent.death !== null) deaths++;
      if (
        p.encounters.some(
          (e) => (o.format === "omop" || e.type === "inpatient") && e.conditions.some((c) => c.key === "paca"),
        )
      )
        paca++;
    }
    const rows = writer.writePatient(p, schedule.due(i));
    schedule.hosted(rows);
    badRows.push(...rows);
    await writer.flushIfFull();
    if (o.onProgress && (i % 500 === 499 || i === o.patients - 1)) o.onProgress(i + 1, o.patients);
  }
  const rows = await writer.close();
  const summary: SynthEhrSummary = {
    format: o.format,
    conditionCodes: system,
    seed: o.seed,
    patients: o.patients,
    patientsWritten: written,
    encounters,
    staysOver7Days: over7,
    deaths,
    inHospitalDeaths: inHospital,
    pancreaticCancer: paca,
    dhf,
    rows,
    badRows,
    files: [...Object.keys(rows), MANIFEST_FILE].map((f) => join(o.outDir, f)),
  };
  const manifest = {
    generator: "prognos synth ehr",
    options: { patients: o.patients, seed: o.seed, format: o.format, conditionCodes: system, clean: !!o.clean },
    badInputKinds: BAD_INPUT_KINDS,
    ...summary,
    files: Object.keys(rows),
  };
  writing(dir, () => writeFileSync(join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`));
  return summary;
}
