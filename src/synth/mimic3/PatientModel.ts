import type { SeededRandom } from "../../util/SeededRandom.ts";
import { ALLERGIES, CHRONIC_CONDITIONS } from "./catalog/chronicConditions.ts";
import type { ChronicCondition, CodeWeights, PatientState } from "./types.ts";

export const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** What the hospital plan fixes about a patient before the patient is sampled. */
export interface PatientSlot {
  index: number;
  subjectId: number;
  newborn: boolean;
  admissionCount: number;
}

/** The logit of having `c`, given the patient's age, sex, latent factors and the conditions sampled so far. */
export function conditionLogit(c: ChronicCondition, p: PatientState): number {
  let x = c.base + (c.perDecade * (p.ageAtFirst - 65)) / 10;
  x += (c.cardio ?? 0) * p.cardio + (c.substance ?? 0) * p.substance + (c.frailty ?? 0) * p.frailty;
  if (p.sex === "M") x += c.male ?? 0;
  if (c.after) for (const [id, boost] of Object.entries(c.after)) if (p.conditions.has(id)) x += boost;
  return x;
}

export function conditionCodes(c: ChronicCondition, p: PatientState): CodeWeights {
  return typeof c.codes === "function" ? c.codes(p) : c.codes;
}

/**
 * Samples a patient: sex, age, three latent factors (cardiometabolic, substance use, frailty) and the chronic
 * conditions they drive. Conditions are drawn in catalogue order, each with a logistic model on age, sex, the
 * factors and the conditions drawn before it — so hypertension, diabetes, CAD, CHF, AFib and CKD cluster, as do
 * alcohol, cirrhosis and hepatitis C. Patients with many admissions are frailer.
 */
export function samplePatient(r: SeededRandom, slot: PatientSlot): PatientState {
  const sex = r.chance(0.56) ? "M" : "F";
  const p: PatientState = {
    index: slot.index,
    subjectId: slot.subjectId,
    sex,
    ageAtFirst: slot.newborn ? 0 : Math.min(101, Math.max(18, r.normal(64, 17))),
    newborn: slot.newborn,
    cardio: r.normal(),
    substance: r.normal(),
    frailty: r.normal() + 0.35 * Math.log(slot.admissionCount),
    conditions: new Set(),
    conditionCode: new Map(),
    values: new Map(),
    allergies: [],
  };
  if (slot.newborn) {
    const preterm = r.chance(0.22);
    p.values.set("weeks", preterm ? r.int(24, 37) : r.int(37, 42));
    p.values.set("grams", preterm ? r.int(600, 2600) : r.int(2600, 4400));
    p.values.set("cesarean", r.chance(0.35) ? 1 : 0);
    p.values.set("twin", r.chance(preterm ? 0.2 : 0.03) ? 1 : 0);
    return p;
  }
  // Younger patients use more substances; older ones have more cardiometabolic disease (perDecade) and frailty.
  p.substance += -0.15 * ((p.ageAtFirst - 50) / 10);
  p.frailty += 0.15 * ((p.ageAtFirst - 65) / 10);
  for (const c of CHRONIC_CONDITIONS) {
    if (r.next() < sigmoid(conditionLogit(c, p))) {
      p.conditions.add(c.id);
      c.init?.(r, p);
    }
  }
  for (const c of CHRONIC_CONDITIONS) {
    if (!p.conditions.has(c.id)) continue;
    const codes = conditionCodes(c, p);
    p.conditionCode.set(
      c.id,
      r.weighted(
        codes.map((x) => x[0]),
        codes.map((x) => x[1]),
      ),
    );
  }
  if (r.chance(0.38)) {
    const n = r.weighted([1, 2, 3], [6, 3, 1]);
    for (let i = 0; i < n; i++) {
      const a = r.weighted(
        ALLERGIES.map((x) => x[0]),
        ALLERGIES.map((x) => x[1]),
      );
      if (!p.allergies.includes(a)) p.allergies.push(a);
    }
  }
  return p;
}
