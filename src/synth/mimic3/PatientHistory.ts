import { SeededRandom } from "../../util/SeededRandom.ts";
import { DAY_MS, dayOf, toMinute, YEAR_MS } from "../common/time.ts";
import { sampleAdmission } from "./AdmissionModel.ts";
import type { IncidentalPools } from "./catalog/incidental.ts";
import { sampleNewborn } from "./NewbornModel.ts";
import { type PatientSlot, samplePatient, sigmoid } from "./PatientModel.ts";
import { earlyReturnGapDays, earlyReturnProbability } from "./ReadmissionModel.ts";
import type { AdmissionState, PatientState } from "./types.ts";

/** MIMIC-III shifts every patient's dates into 2100–2200, consistently within a patient. */
const SHIFT_START = Date.UTC(2100, 0, 1);
const SHIFT_SPAN = Date.UTC(2195, 0, 1) - SHIFT_START;

export interface PatientHistory {
  patient: PatientState;
  admissions: AdmissionState[];
  /** Times in ms since the epoch (UTC, shifted years); dates are at 00:00. */
  dob: number;
  dod: number | null;
  dodHosp: number | null;
  dodSsn: number | null;
}

/**
 * Samples one patient's whole history from its own random stream (`seed`, "patient", index), so that it can be
 * regenerated identically without keeping it in memory: the patient, each admission in time order (gaps of weeks
 * to years between stays, or an early return within 30 days: ReadmissionModel.ts), date of birth (age over 89
 * shifted to about 300 years, as MIMIC-III does) and death (in hospital on the last admission, or later, outside).
 * Early returns draw from their own stream ("readmission"), so the rest of a patient's history is drawn as before.
 */
export function samplePatientHistory(
  seed: number | string,
  slot: PatientSlot,
  firstAdmissionIndex: number,
  hadmIds: Int32Array,
  pools: IncidentalPools,
): PatientHistory {
  const r = SeededRandom.from(seed, "patient", slot.index);
  const back = SeededRandom.from(seed, "readmission", slot.index);
  const p = samplePatient(r, slot);
  let t = toMinute(SHIFT_START + r.next() * SHIFT_SPAN);
  p.values.set("firstAdmitTime", t);
  const admissions: AdmissionState[] = [];
  for (let k = 0; k < slot.admissionCount; k++) {
    const admitSlot = {
      index: firstAdmissionIndex + k,
      hadmId: hadmIds[firstAdmissionIndex + k]!,
      seqInPatient: k,
      isLast: k === slot.admissionCount - 1,
      admitTime: t,
    };
    const a = slot.newborn ? sampleNewborn(r, p, admitSlot) : sampleAdmission(r, p, admitSlot, pools);
    admissions.push(a);
    let gapDays = 2 + r.logNormal(Math.log(140), 1.2);
    if (!slot.newborn && back.next() < earlyReturnProbability(p, a)) gapDays = earlyReturnGapDays(back.next());
    t = a.dischTime + toMinute(gapDays * DAY_MS);
  }
  const first = admissions[0]!;
  let dob: number;
  if (slot.newborn) dob = dayOf(first.admitTime);
  else if (p.ageAtFirst >= 89) dob = dayOf(first.admitTime - r.uniform(300, 301) * YEAR_MS);
  else dob = dayOf(first.admitTime - p.ageAtFirst * YEAR_MS);
  const last = admissions[admissions.length - 1]!;
  let dod: number | null = null;
  let dodHosp: number | null = null;
  let dodSsn: number | null = null;
  if (last.died) {
    dod = dodHosp = dayOf(last.dischTime);
    dodSsn = r.chance(0.75) ? dod : null;
  } else if (!slot.newborn) {
    const old = (last.age - 65) / 10;
    const x =
      -1.4 + 0.5 * old + 0.4 * p.frailty + (p.values.get("metastatic") ? 1.6 : 0) + (last.events.comfortCare ? 3 : 0);
    if (r.next() < sigmoid(x)) {
      dod = dodSsn = dayOf(last.dischTime + r.logNormal(Math.log(last.events.comfortCare ? 10 : 400), 1.1) * DAY_MS);
    }
  }
  return { patient: p, admissions, dob, dod, dodHosp, dodSsn };
}
