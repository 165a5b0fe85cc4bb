import { sigmoid } from "./PatientModel.ts";
import type { AdmissionState, PatientState } from "./types.ts";

/**
 * Early returns (docs/synthetic-hospital.md "Readmissions"): whether a patient with another admission to come is
 * back within 30 days of this discharge. Without it the gap between stays ignores the patient (2 + a log-normal
 * around 140 days, ~9% under 30 days), so a 30-day readmission label would be noise to any model of the notes.
 * With it the chance rises with what the notes show: chronic organ failure and cancer (named in the history, their
 * drugs and numbers), frailty, a severe or complicated stay, and leaving against medical advice.
 * Calibrated so that about 6–7% of the admissions ClinicalBERT's label counts are positive (its MIMIC-III share).
 */
const INTERCEPT = -3.3;
const CONDITION_WEIGHTS: Readonly<Record<string, number>> = {
  chf: 1.3,
  copd: 1.1,
  cirrhosis: 1.3,
  ckd: 0.9,
  cancer: 1.0,
  alcohol: 0.5,
  drugs: 0.6,
  dm: 0.3,
};

/** The probability that the next admission starts within 30 days of this one's discharge. */
export function earlyReturnProbability(p: PatientState, a: AdmissionState): number {
  let x = INTERCEPT + 0.4 * p.frailty + 0.3 * a.severity + 0.2 * Math.min(a.complications.length, 4);
  for (const [id, w] of Object.entries(CONDITION_WEIGHTS)) if (p.conditions.has(id)) x += w;
  if (a.losDays > 10) x += 0.3;
  if (a.dischargeLocation === "LEFT AGAINST MEDICAL ADVI") x += 1.2;
  if (a.admissionType === "ELECTIVE") x -= 0.8;
  return sigmoid(x);
}

/** Days from discharge to the next admission of an early return: 1 to 29.5, weighted towards the first weeks. */
export function earlyReturnGapDays(u: number): number {
  return 1 + 28.5 * u * u;
}
