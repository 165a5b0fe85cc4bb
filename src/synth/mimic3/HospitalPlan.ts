import { readFileSync } from "node:fs";
import { PrognosError } from "../../util/errors.ts";
import { SeededRandom } from "../../util/SeededRandom.ts";
import { ICD_SYNTH_DIR } from "./IcdTables.ts";
import type { PatientSlot } from "./PatientModel.ts";

/** MIMIC-III v1.4: 7,863 of 58,976 admissions are NEWBORN; adults have 1.32 admissions per patient. */
export const NEWBORN_SHARE = 7_863 / 58_976;
export const ADULT_ADMISSIONS_PER_PATIENT = 1.32;
/** Share of adult patients given an id outside CORe's split lists (dropped by its split, as some real ones are). */
const OUTSIDE_SPLIT_SHARE = 0.02;

/** The SUBJECT_IDs of CORe's MIMIC-III split lists (train/val/test), copied into data/icd-synth/. */
export function readSplitSubjectIds(dir = ICD_SYNTH_DIR): number[] {
  const file = `${dir}/core-split-subject-ids.csv`;
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new PrognosError(`cannot read CORe's split subject ids (${(e as Error).message})`, { file, cause: e });
  }
  return text
    .split("\n")
    .slice(1)
    .filter((l) => l.trim() !== "")
    .map((l) => Number(l.split(",")[0]));
}

/**
 * The fixed skeleton of a synthetic hospital, decided before any patient is sampled: which patients are newborns,
 * how many admissions each has, their SUBJECT_IDs (adults mostly from CORe's split lists, so that the CORe pipeline
 * keeps them; newborns from outside them) and each admission's HADM_ID. Typed arrays only: small at any scale.
 */
export class HospitalPlan {
  readonly patients: number;
  readonly admissions: number;
  readonly newborns: number;
  readonly newborn: Uint8Array;
  readonly admissionCount: Int32Array;
  readonly firstAdmission: Int32Array;
  readonly subjectId: Int32Array;
  readonly hadmIds: Int32Array;

  private constructor(patients: number, admissions: number, newborns: number) {
    this.patients = patients;
    this.admissions = admissions;
    this.newborns = newborns;
    this.newborn = new Uint8Array(patients);
    this.admissionCount = new Int32Array(patients);
    this.firstAdmission = new Int32Array(patients);
    this.subjectId = new Int32Array(patients);
    this.hadmIds = new Int32Array(admissions);
  }

  /** The default number of patients for N admissions: MIMIC-III's ratio of newborn and adult patients. */
  static defaultPatients(admissions: number): number {
    const newborns = HospitalPlan.defaultNewborns(admissions);
    return newborns + Math.max(1, Math.round((admissions - newborns) / ADULT_ADMISSIONS_PER_PATIENT));
  }

  private static defaultNewborns(admissions: number): number {
    return admissions < 2 ? 0 : Math.round(admissions * NEWBORN_SHARE);
  }

  static create(
    seed: number | string,
    admissions: number,
    patients: number,
    splitIds: readonly number[],
  ): HospitalPlan {
    if (!Number.isInteger(admissions) || admissions < 1) {
      throw new PrognosError(`--admissions must be a positive integer, got ${admissions}`);
    }
    if (!Number.isInteger(patients) || patients < 1 || patients > admissions) {
      throw new PrognosError(
        `--patients must be an integer from 1 to the number of admissions (${admissions}), got ${patients}`,
      );
    }
    const r = SeededRandom.from(seed, "plan");
    const newborns = Math.min(HospitalPlan.defaultNewborns(admissions), patients - 1);
    const plan = new HospitalPlan(patients, admissions, newborns);
    for (const i of r.sample(
      Array.from({ length: patients }, (_, i) => i),
      newborns,
    ))
      plan.newborn[i] = 1;
    plan.distributeAdmissions(r);
    plan.assignSubjectIds(r, splitIds);
    plan.assignHadmIds(r);
    return plan;
  }

  /** Every patient gets one admission; adults share the rest with heavy-tailed weights (some return often). */
  private distributeAdmissions(r: SeededRandom): void {
    const adults: number[] = [];
    for (let i = 0; i < this.patients; i++) {
      this.admissionCount[i] = 1;
      if (!this.newborn[i]) adults.push(i);
    }
    const extra = this.admissions - this.patients;
    const cumulative = new Float64Array(adults.length);
    let total = 0;
    adults.forEach((_, k) => {
      total += r.logNormal(0, 1.3);
      cumulative[k] = total;
    });
    for (let e = 0; e < extra; e++) {
      const x = r.next() * total;
      let lo = 0;
      let hi = adults.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cumulative[mid]! > x) hi = mid;
        else lo = mid + 1;
      }
      this.admissionCount[adults[lo]!]!++;
    }
    let next = 0;
    for (let i = 0; i < this.patients; i++) {
      this.firstAdmission[i] = next;
      next += this.admissionCount[i]!;
    }
  }

  private assignSubjectIds(r: SeededRandom, splitIds: readonly number[]): void {
    const inSplit = r.shuffle([...new Set(splitIds)]);
    const taken = new Set(inSplit);
    const outside: number[] = [];
    for (let id = 1; id < 100_000; id++) if (!taken.has(id)) outside.push(id);
    r.shuffle(outside);
    let a = 0;
    let b = 0;
    let overflow = 100_000;
    const nextOutside = () => (b < outside.length ? outside[b++]! : overflow++);
    for (let i = 0; i < this.patients; i++) {
      const useSplit = !this.newborn[i] && a < inSplit.length && !r.chance(OUTSIDE_SPLIT_SHARE);
      this.subjectId[i] = useSplit ? inSplit[a++]! : nextOutside();
    }
  }

  /** HADM_IDs are distinct random numbers from 100001 (MIMIC-III's range), extended for very large hospitals. */
  private assignHadmIds(r: SeededRandom): void {
    const range = Math.max(99_999, this.admissions * 2);
    const ids = new Int32Array(range);
    for (let i = 0; i < range; i++) ids[i] = 100_001 + i;
    for (let i = 0; i < this.admissions; i++) {
      const j = i + Math.floor(r.next() * (range - i));
      const t = ids[i]!;
      ids[i] = ids[j]!;
      ids[j] = t;
      this.hadmIds[i] = ids[i]!;
    }
  }

  slot(i: number): PatientSlot {
    return {
      index: i,
      subjectId: this.subjectId[i]!,
      newborn: this.newborn[i] === 1,
      admissionCount: this.admissionCount[i]!,
    };
  }
}

/** Splits `total` into integer parts proportional to `weights` (largest remainder; ties broken by index). */
export function allocate(total: number, weights: Float64Array): Int32Array {
  const out = new Int32Array(weights.length);
  let sum = 0;
  for (const w of weights) sum += w;
  if (total <= 0 || sum <= 0) return out;
  const remainders: Array<[number, number]> = [];
  let given = 0;
  for (let i = 0; i < weights.length; i++) {
    const exact = (weights[i]! / sum) * total;
    out[i] = Math.floor(exact);
    given += out[i]!;
    remainders.push([exact - out[i]!, i]);
  }
  remainders.sort((x, y) => y[0] - x[0] || x[1] - y[1]);
  for (let k = 0; k < total - given; k++) out[remainders[k]![1]]!++;
  return out;
}
