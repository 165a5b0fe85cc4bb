import { join } from "node:path";
import { checkOutput } from "../../util/checkOutput.ts";
import { PrognosError } from "../../util/errors.ts";
import { writeOutputFolder } from "../../util/outputFolder.ts";
import { SeededRandom } from "../../util/SeededRandom.ts";
import type { CsvFile } from "../common/CsvFile.ts";
import { formatDateTime } from "../common/time.ts";
import { incidentalPools } from "./catalog/incidental.ts";
import { admissionLanguage, sampleDemographics } from "./Demographics.ts";
import { allocate, HospitalPlan, readSplitSubjectIds } from "./HospitalPlan.ts";
import { IcdTables } from "./IcdTables.ts";
import * as T from "./mimicTables.ts";
import { emptyNoteCounts, type NoteCounts, noteWeight, writePatientNotes } from "./NoteStream.ts";
import { type PatientHistory, samplePatientHistory } from "./PatientHistory.ts";
import { openTable } from "./TableSchema.ts";

/** MIMIC-III v1.4 has 2,023,528 notes besides its 59,652 discharge summaries, for 58,976 admissions. */
export const OTHER_NOTES_PER_ADMISSION = 2_023_528 / 58_976;
/** Share of the other notes written outside any admission (no HADM_ID). */
const OUTPATIENT_SHARE = 0.06;

export interface SynthMimic3Options {
  /** Number of admissions (rows of ADMISSIONS.csv), newborns included. */
  admissions: number;
  /** Number of patients; default: MIMIC-III's ratio (about 0.79 per admission). */
  patients?: number;
  /** Number of notes other than discharge summaries; default: MIMIC-III's ratio (about 34 per admission). */
  otherNotes?: number;
  seed: number | string;
  /** Output folder (created if missing); existing MIMIC-III files in it are refused unless `overwrite`. */
  outDir: string;
  overwrite?: boolean;
  /** Called as patients are sampled ("plan": first pass) and written ("write": second pass). */
  onProgress?: (done: number, total: number, phase: "plan" | "write") => void;
}

export interface SynthMimic3Summary {
  patients: number;
  newbornPatients: number;
  admissions: number;
  inHospitalDeaths: number;
  rows: Record<string, number>;
  notes: NoteCounts;
  files: string[];
}

function checkOptions(o: SynthMimic3Options): { patients: number; otherNotes: number; earlier: string[] } {
  if (!Number.isInteger(o.admissions) || o.admissions < 1) {
    throw new PrognosError(`--admissions must be a positive integer, got ${o.admissions}`);
  }
  const patients = o.patients ?? HospitalPlan.defaultPatients(o.admissions);
  const otherNotes = o.otherNotes ?? Math.round(o.admissions * OTHER_NOTES_PER_ADMISSION);
  if (!Number.isInteger(otherNotes) || otherNotes < 0) {
    throw new PrognosError(`--other-notes must be a non-negative integer, got ${o.otherNotes}`);
  }
  const earlier = checkOutput({
    path: o.outDir,
    kind: "folder",
    holds: T.MIMIC3_TABLES.map((t) => t.file),
    what: "MIMIC-III tables",
    overwrite: o.overwrite,
  }).existing;
  return { patients, otherNotes, earlier };
}

/**
 * Writes a seeded, MIMIC-III-shaped synthetic hospital to `outDir`: PATIENTS, ADMISSIONS, DIAGNOSES_ICD,
 * PROCEDURES_ICD, NOTEEVENTS, D_ICD_DIAGNOSES and D_ICD_PROCEDURES, as MIMIC-III v1.4 writes them.
 *
 * Two passes over the patients, each patient regenerated from its own random stream: the first only measures each
 * admission's stay (to share the other notes out exactly), the second writes rows. Nothing but typed arrays is kept
 * across patients, so memory does not grow with the hospital; the same options give byte-identical files.
 */
export async function synthesizeMimic3(options: SynthMimic3Options): Promise<SynthMimic3Summary> {
  const { patients, otherNotes, earlier } = checkOptions(options);
  const seed = options.seed;
  const tables = IcdTables.load();
  const pools = incidentalPools(tables);
  const plan = HospitalPlan.create(seed, options.admissions, patients, readSplitSubjectIds());
  const history = (i: number): PatientHistory =>
    samplePatientHistory(seed, plan.slot(i), plan.firstAdmission[i]!, plan.hadmIds, pools);

  const weights = new Float64Array(plan.admissions);
  const patientWeights = new Float64Array(plan.patients);
  for (let i = 0; i < plan.patients; i++) {
    for (const a of history(i).admissions) weights[a.index] = noteWeight(a);
    patientWeights[i] = plan.newborn[i] ? 0 : plan.admissionCount[i]!;
    if (options.onProgress && (i % 500 === 499 || i === plan.patients - 1))
      options.onProgress(i + 1, plan.patients, "plan");
  }
  const outpatient = allocate(Math.round(otherNotes * OUTPATIENT_SHARE), patientWeights);
  let outpatientTotal = 0;
  for (const n of outpatient) outpatientTotal += n;
  const perAdmission = allocate(otherNotes - outpatientTotal, weights);

  // Written under a temporary sibling and moved into place at the end (util/outputFolder.ts): a killed run leaves
  // no half-written tables.
  const { rows, counts, deaths } = await writeOutputFolder(
    options.outDir,
    async (dir) => {
      const w = {
        patients: openTable(T.PATIENTS, dir),
        admissions: openTable(T.ADMISSIONS, dir),
        diagnoses: openTable(T.DIAGNOSES_ICD, dir),
        procedures: openTable(T.PROCEDURES_ICD, dir),
        notes: openTable(T.NOTEEVENTS, dir),
        dDiagnoses: openTable(T.D_ICD_DIAGNOSES, dir),
        dProcedures: openTable(T.D_ICD_PROCEDURES, dir),
      };
      const dictionaries: Array<[CsvFile, IcdTables["diagnoses"]]> = [
        [w.dDiagnoses, tables.diagnoses],
        [w.dProcedures, tables.procedures],
      ];
      for (const [writer, entries] of dictionaries) {
        for (const code of [...entries.keys()].sort()) {
          const e = entries.get(code)!;
          writer.row([writer.rows + 1, e.code, e.shortTitle, e.longTitle]);
        }
      }
      const counts = emptyNoteCounts();
      const titleOf = (code: string) => tables.diagnoses.get(code)?.longTitle ?? code;
      let deaths = 0;
      const ts = (t: number | null) => (t === null ? null : formatDateTime(t));
      for (let i = 0; i < plan.patients; i++) {
        const h = history(i);
        const p = h.patient;
        const demo = sampleDemographics(SeededRandom.from(seed, "demographics", i), p);
        const r = SeededRandom.from(seed, "notes", i);
        w.patients.row([
          w.patients.rows + 1,
          p.subjectId,
          p.sex,
          ts(h.dob),
          ts(h.dod),
          ts(h.dodHosp),
          ts(h.dodSsn),
          h.dod === null ? 0 : 1,
        ]);
        for (const a of h.admissions) {
          if (a.died) deaths++;
          w.admissions.row([
            w.admissions.rows + 1,
            p.subjectId,
            a.hadmId,
            ts(a.admitTime),
            ts(a.dischTime),
            a.died ? ts(a.dischTime) : null,
            a.admissionType,
            a.admissionLocation,
            a.dischargeLocation,
            a.insurance,
            admissionLanguage(r, demo, a),
            demo.religion,
            demo.marital,
            demo.ethnicity,
            ts(a.edRegTime),
            ts(a.edOutTime),
            a.admitDiagnosis,
            a.died ? 1 : 0,
            r.chance(0.97) ? 1 : 0,
          ]);
          // MIMIC-III has a few admissions whose only DIAGNOSES_ICD row is empty (no SEQ_NUM, no code).
          if (a.admissionType !== "NEWBORN" && r.chance(0.001))
            w.diagnoses.row([w.diagnoses.rows + 1, p.subjectId, a.hadmId, null, null]);
          else
            a.diagnoses.forEach((code, k) =>
              w.diagnoses.row([w.diagnoses.rows + 1, p.subjectId, a.hadmId, k + 1, code]),
            );
          a.procedures.forEach((code, k) =>
            w.procedures.row([w.procedures.rows + 1, p.subjectId, a.hadmId, k + 1, code]),
          );
        }
        writePatientNotes(r, h, perAdmission, outpatient[i]!, titleOf, w.notes, counts);
        for (const writer of Object.values(w)) await writer.flushIfFull();
        if (options.onProgress && (i % 200 === 199 || i === plan.patients - 1))
          options.onProgress(i + 1, plan.patients, "write");
      }
      for (const writer of Object.values(w)) await writer.close();
      const rows: Record<string, number> = {};
      for (const writer of Object.values(w)) rows[writer.name] = writer.rows;
      return { rows, counts, deaths };
    },
    { replace: earlier },
  );
  return {
    patients: plan.patients,
    newbornPatients: plan.newborns,
    admissions: plan.admissions,
    inHospitalDeaths: deaths,
    rows,
    notes: counts,
    files: T.MIMIC3_TABLES.map((t) => join(options.outDir, t.file)),
  };
}
