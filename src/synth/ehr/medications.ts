import type { SeededRandom } from "../../util/SeededRandom.ts";
import { DAY_MS } from "../common/time.ts";
import type { MedicationCourse } from "./types.ts";

const ACE_ARB = ["lisinopril", "losartan"];
const STATINS = ["atorvastatin", "simvastatin"];

/**
 * Drugs started when a condition is diagnosed: [drug, probability, skip if any of these is already taken,
 * course length in days (default: until the end)]. The probabilities are the generator's, not epidemiology.
 */
const ON_DIAGNOSIS: Readonly<Record<string, ReadonlyArray<readonly [string, number, string[]?, number?]>>> = {
  t2d: [
    ["metformin", 0.85],
    ["lisinopril", 0.35, ACE_ARB],
    ["atorvastatin", 0.3, STATINS],
  ],
  hypertension: [
    ["lisinopril", 0.45, ACE_ARB],
    ["losartan", 0.12, ACE_ARB],
    ["amlodipine", 0.25],
    ["hctz", 0.25],
  ],
  hyperlipidemia: [
    ["atorvastatin", 0.45, STATINS],
    ["simvastatin", 0.3, STATINS],
  ],
  ckd1: [["lisinopril", 0.4, ACE_ARB]],
  cad: [
    ["aspirin", 0.7],
    ["atorvastatin", 0.6, STATINS],
    ["nitroglycerin", 0.3],
  ],
  mi: [
    ["clopidogrel", 0.8, [], 365],
    ["aspirin", 0.8, ["aspirin"]],
  ],
  afib: [
    ["warfarin", 0.6],
    ["digoxin", 0.1],
  ],
  hf: [
    ["furosemide", 0.85, ["furosemide"]],
    ["carvedilol", 0.6],
    ["lisinopril", 0.6, ACE_ARB],
    ["spironolactone", 0.3],
    ["digoxin", 0.08, ["digoxin"]],
  ],
  copd: [
    ["albuterol", 0.8],
    ["fluticasoneSalmeterol", 0.5],
  ],
  t1d: [
    ["insulin", 1],
    ["insulinLispro", 0.7],
  ],
  secondaryDm: [["insulin", 0.5, ["insulin"]]],
  gestational: [["insulin", 0.3, ["insulin"], 90]],
  chronicPancreatitis: [["pancreatin", 0.5]],
  paca: [["pancreatin", 0.3, ["pancreatin"]]],
  smoker: [["nicotinePatch", 0.08, [], 60]],
};

/** Whether `drug` is taken at `time`. */
export function takes(courses: readonly MedicationCourse[], drug: string, time: number): boolean {
  for (const c of courses) if (c.drug === drug && c.start <= time && time < c.stop) return true;
  return false;
}

/** Starts the drugs a diagnosis of `condition` at `time` calls for (appends to `courses`). */
export function startOnDiagnosis(r: SeededRandom, courses: MedicationCourse[], condition: string, time: number): void {
  for (const [drug, p, unless, days] of ON_DIAGNOSIS[condition] ?? []) {
    if (!r.chance(p)) continue;
    if ((unless ?? [drug]).some((d) => takes(courses, d, time)) || takes(courses, drug, time)) continue;
    courses.push({ drug, start: time, stop: days === undefined ? Number.POSITIVE_INFINITY : time + days * DAY_MS });
  }
}

/** Ends every course of `drug` running at `time` (metformin at CKD stage 4, say). */
export function stopDrug(courses: MedicationCourse[], drug: string, time: number): void {
  for (const c of courses) if (c.drug === drug && c.start <= time && time < c.stop) c.stop = time;
}

/** Starts `drug` at `time` unless already taken (insulin when diabetes advances, say). */
export function startDrug(courses: MedicationCourse[], drug: string, time: number, days?: number): void {
  if (takes(courses, drug, time)) return;
  courses.push({ drug, start: time, stop: days === undefined ? Number.POSITIVE_INFINITY : time + days * DAY_MS });
}
