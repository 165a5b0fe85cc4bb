import type { SeededRandom } from "../../util/SeededRandom.ts";
import type { HazardState } from "./hazards.ts";
import type { AcuteEvent, AcuteKind } from "./types.ts";

/** Where an acute event is seen: [outpatient, emergency, inpatient] weights, and P(emergency visit first | inpatient). */
const SETTINGS: Readonly<Record<AcuteKind, readonly [number, number, number, number]>> = {
  hfExacerbation: [0, 0.2, 0.8, 0.75],
  hfOnset: [0, 0.25, 0.75, 0.7],
  mi: [0, 0, 1, 0.9],
  stroke: [0, 0.1, 0.9, 0.9],
  pneumonia: [0.3, 0.2, 0.5, 0.7],
  copdExacerbation: [0.25, 0.4, 0.35, 0.7],
  uti: [0.75, 0.2, 0.05, 0.6],
  sepsis: [0, 0, 1, 0.8],
  aki: [0.2, 0.1, 0.7, 0.5],
  hipFracture: [0, 0.05, 0.95, 0.9],
  cellulitis: [0.6, 0.3, 0.1, 0.6],
  chestPain: [0.3, 0.7, 0, 0],
  syncope: [0.1, 0.7, 0.2, 0.8],
  bronchitis: [0.9, 0.1, 0, 0],
  sinusitis: [0.95, 0.05, 0, 0],
  backPain: [0.85, 0.15, 0, 0],
  headache: [0.8, 0.2, 0, 0],
  cholecystitis: [0, 0.2, 0.8, 0.8],
  acutePancreatitis: [0, 0.1, 0.9, 0.85],
  pacaWorkup: [1, 0, 0, 0],
  pacaDiagnosis: [0.5, 0, 0.5, 0.5],
  terminal: [0, 0, 1, 0.6],
};

/** An acute event at `time`, its setting drawn from the table above. */
export function acuteEvent(r: SeededRandom, kind: AcuteKind, time: number): AcuteEvent {
  const [op, er, ip, viaEr] = SETTINGS[kind];
  const setting = (["outpatient", "emergency", "inpatient"] as const)[r.weightedIndex([op, er, ip])]!;
  return { time, kind, setting, viaEmergency: setting === "inpatient" && r.chance(viaEr), died: false };
}

/** The background acute events, in the order `acuteRates` fills its output (MI and HF onset are in Progression.ts). */
export const ACUTE_KINDS = [
  "hfExacerbation",
  "stroke",
  "pneumonia",
  "copdExacerbation",
  "uti",
  "sepsis",
  "aki",
  "hipFracture",
  "cellulitis",
  "chestPain",
  "syncope",
  "bronchitis",
  "sinusitis",
  "backPain",
  "headache",
  "cholecystitis",
  "acutePancreatitis",
] as const satisfies readonly AcuteKind[];

const A = (age: number, k: number, ref: number) => Math.exp(k * (age - ref));

/** Yearly rates of the background acute events, written into `out` (indexed like ACUTE_KINDS). */
export function acuteRates(s: HazardState, out: Float64Array): void {
  const a = s.age;
  const t2d = s.t2dYears >= 0;
  const ckd = s.ckdStage > 0;
  const female = !s.male;
  out[0] = s.hf ? 0.35 * (s.ckdStage >= 3 ? 1.3 : 1) : 0;
  out[1] = 0.0015 * A(a, 0.07, 65) * (s.afib ? 3 : 1) * (s.htn ? 1.5 : 1);
  out[2] = 0.008 * A(a, 0.05, 60) * (s.copd ? 3 : 1) * (s.hf ? 1.8 : 1);
  out[3] = s.copd ? 0.3 : 0;
  out[4] = 0.03 * (female ? 2.5 : 1) * A(a, 0.02, 50);
  out[5] = 0.002 * A(a, 0.06, 65) * (t2d ? 1.5 : 1) * (ckd ? 1.5 : 1);
  out[6] = ckd ? 0.04 : 0.002 * A(a, 0.05, 65);
  out[7] = 0.001 * A(a, 0.1, 75) * (female ? 2 : 1);
  out[8] = 0.01 * (t2d ? 2 : 1) * (s.obese ? 1.5 : 1);
  out[9] = 0.02 * A(a, 0.02, 50) * (s.cad ? 3 : 1);
  out[10] = 0.005 * A(a, 0.05, 60);
  out[11] = 0.06;
  out[12] = 0.06;
  out[13] = 0.05;
  out[14] = 0.03;
  out[15] = s.gallstones ? 0.05 : 0;
  out[16] = 0.0004 * (s.alcohol ? 10 : 1) * (s.gallstones ? 5 : 1);
}
