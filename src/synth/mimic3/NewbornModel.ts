import type { SeededRandom } from "../../util/SeededRandom.ts";
import { DAY_MS, toMinute } from "../common/time.ts";
import type { AdmissionSlot } from "./AdmissionModel.ts";
import type { AdmissionState, Observations, PatientState, StayEvents } from "./types.ts";

/** Birthweight code (765.0x/765.1x by grams) and gestational-age code (765.2x by weeks) of a preterm infant. */
function pretermCodes(weeks: number, grams: number): string[] {
  const w = grams < 750 ? "76512" : grams < 1250 ? "76514" : grams < 1750 ? "76516" : "76518";
  const g = weeks <= 28 ? "76524" : weeks <= 30 ? "76525" : weeks <= 32 ? "76526" : weeks <= 34 ? "76527" : "76528";
  return [w, g];
}

const NO_EVENTS: StayEvents = {
  intubated: false,
  intubatedOnArrival: false,
  longVentilation: false,
  pressors: false,
  centralLine: false,
  artLine: false,
  transfusion: false,
  dialysis: false,
  feedingTube: false,
  parenteral: false,
  tracheostomy: false,
  dnrOnAdmission: false,
  comfortCare: false,
};

/**
 * A NEWBORN admission (the CORe tasks drop them; the data has them): liveborn V30/V31 codes, prematurity, jaundice,
 * hepatitis B vaccination; term babies stay 2–4 days, preterm babies weeks. Deaths are rare (extreme prematurity).
 */
export function sampleNewborn(r: SeededRandom, p: PatientState, slot: AdmissionSlot): AdmissionState {
  const weeks = p.values.get("weeks")!;
  const grams = p.values.get("grams")!;
  const preterm = weeks < 37;
  const cesarean = p.values.get("cesarean") === 1;
  const twin = p.values.get("twin") === 1;
  const dx = [twin ? (cesarean ? "V3101" : "V3100") : cesarean ? "V3001" : "V3000"];
  const pr: string[] = [];
  const events = { ...NO_EVENTS };
  if (preterm) {
    dx.push(...pretermCodes(weeks, grams));
    if (weeks < 34 && r.chance(0.7)) dx.push("769");
    if (r.chance(0.5)) dx.push("7742");
    if (weeks < 32 && r.chance(0.6)) dx.push("77081");
    if (r.chance(0.4)) dx.push("77931");
    if (weeks < 30 && r.chance(0.3)) dx.push("7470");
    if (weeks < 33) {
      events.intubated = r.chance(0.55);
      events.longVentilation = events.intubated && r.chance(0.5);
      events.parenteral = r.chance(0.7);
      events.centralLine = r.chance(0.6);
      events.feedingTube = true;
    }
    if (events.intubated) pr.push("9604", events.longVentilation ? "9672" : "9671");
    else if (r.chance(0.5)) pr.push("9390");
    if (events.centralLine) pr.push(r.chance(0.7) ? "3892" : "3893");
    if (events.parenteral) pr.push("9915");
    if (events.feedingTube) pr.push("966");
  } else {
    if (r.chance(0.25)) dx.push("7706");
    if (r.chance(0.15)) dx.push("7756");
    if (r.chance(0.12)) dx.push("77931");
  }
  if (r.chance(0.45)) dx.push("V290");
  if (r.chance(0.75)) dx.push("V053");
  if (p.sex === "M" && r.chance(0.35)) {
    dx.push("V502");
    pr.push("640");
  }
  if (r.chance(preterm ? 0.45 : 0.1)) pr.push("9983");
  if (r.chance(0.7)) pr.push("9955");
  const died = weeks < 27 && r.chance(0.25);
  const losDays = preterm ? Math.max(2, (40 - weeks) * 7 * r.uniform(0.6, 1.2) + r.normal(0, 4)) : r.uniform(1.6, 4.5);
  const los = died ? r.uniform(0.5, losDays) : losDays;
  const dischTime = slot.admitTime + toMinute(los * DAY_MS);
  const obs: Observations = {
    temp: 98.4,
    hr: r.int(120, 165),
    sbp: r.int(50, 75),
    dbp: r.int(25, 45),
    rr: r.int(35, 65),
    spo2: r.int(90, 100),
    wbc: Math.round(r.uniform(8, 25) * 10) / 10,
    hgb: Math.round(r.uniform(13, 20) * 10) / 10,
    plt: r.int(150, 400),
    na: r.int(134, 144),
    k: Math.round(r.uniform(4, 6) * 10) / 10,
    cr: Math.round(r.uniform(0.4, 1) * 10) / 10,
    lactate: 1.5,
    glucose: r.int(40, 100),
    inr: 1.1,
    gcs: 15,
  };
  return {
    index: slot.index,
    hadmId: slot.hadmId,
    seqInPatient: slot.seqInPatient,
    isLast: slot.isLast,
    age: 0,
    admitTime: slot.admitTime,
    dischTime,
    edRegTime: null,
    edOutTime: null,
    admissionType: "NEWBORN",
    admissionLocation: preterm ? "CLINIC REFERRAL/PREMATURE" : "PHYS REFERRAL/NORMAL DELI",
    dischargeLocation: died ? "DEAD/EXPIRED" : preterm && r.chance(0.1) ? "SHORT TERM HOSPITAL" : "HOME",
    reason: "newborn",
    variant: preterm ? "preterm" : "term",
    severity: preterm ? (40 - weeks) / 5 : -1,
    died,
    losDays: (dischTime - slot.admitTime) / DAY_MS,
    obs,
    events,
    complications: [],
    codedChronic: [],
    incidental: [],
    diagnoses: [...new Set(dx)],
    procedures: [...new Set(pr)],
    insurance: r.weighted(["Private", "Medicaid", "Government"], [65, 32, 3]),
    admitDiagnosis: "NEWBORN",
    service: "NB",
  };
}
