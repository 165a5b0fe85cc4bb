import type { SeededRandom } from "../../util/SeededRandom.ts";
import { DAY_MS, dayOf, MINUTE_MS, toMinute } from "../common/time.ts";
import { codeDiagnoses, codeProcedures } from "./AdmissionCoding.ts";
import { CHRONIC_BY_ID } from "./catalog/chronicConditions.ts";
import { COMPLICATIONS } from "./catalog/complications.ts";
import type { IncidentalPools } from "./catalog/incidental.ts";
import { REASONS } from "./catalog/reasons.ts";
import { sampleObservations } from "./Observations.ts";
import { sigmoid } from "./PatientModel.ts";
import type { AcuteReason, AdmissionState, AdmissionType, PatientState, StayEvents } from "./types.ts";

/** What the plan fixes about an admission before it is sampled. */
export interface AdmissionSlot {
  index: number;
  hadmId: number;
  seqInPatient: number;
  isLast: boolean;
  admitTime: number;
}

/** The death-logit intercept, calibrated so that about 10% of all admissions end in death (as in MIMIC-III). */
const DEATH_INTERCEPT = -3.75;

function chooseReason(r: SeededRandom, p: PatientState, age: number): AcuteReason {
  const weights = REASONS.map((reason) => {
    if (reason.requires?.some((id) => !p.conditions.has(id))) return 0;
    let w = reason.weight * Math.exp(((reason.perDecade ?? 0) * (age - 65)) / 10);
    if (p.sex === "M") w *= reason.male ?? 1;
    else if (reason.male) w /= Math.sqrt(reason.male);
    if (reason.boosts) for (const [id, b] of Object.entries(reason.boosts)) if (p.conditions.has(id)) w *= b;
    return w;
  });
  return REASONS[r.weightedIndex(weights)]!;
}

function chronicSum(p: PatientState, key: "severity" | "mortality" | "los"): number {
  let s = 0;
  for (const id of p.conditions) s += CHRONIC_BY_ID.get(id)![key];
  return s;
}

function sampleEvents(
  r: SeededRandom,
  p: PatientState,
  reason: AcuteReason,
  s: number,
  comps: Set<string>,
  age: number,
): StayEvents {
  const intubated = r.chance(sigmoid(-3.3 + 1.3 * s + (reason.airway ?? 0) + (comps.has("respFailure") ? 1.8 : 0)));
  const longVentilation = intubated && r.chance(sigmoid(-0.6 + 0.8 * s));
  const pressors = r.chance(sigmoid(-3.6 + 1.3 * s + (reason.shock ?? 0) + (comps.has("hypotension") ? 1 : 0)));
  const esrd = p.values.get("esrd") === 1;
  const dementiaOrStroke = p.conditions.has("dementia") || reason.group === "stroke";
  return {
    intubated,
    intubatedOnArrival: intubated && r.chance(0.55),
    longVentilation,
    pressors,
    centralLine: pressors || r.chance(sigmoid(-1.8 + 0.9 * s)),
    artLine: (intubated || pressors) && r.chance(0.55),
    transfusion: r.chance(
      sigmoid(-2.6 + 0.6 * s + (comps.has("bloodLossAnemia") ? 2.6 : 0) + (reason.group === "gi-bleed" ? 1.5 : 0)),
    ),
    dialysis: esrd ? r.chance(0.85) : comps.has("aki") && r.chance(sigmoid(-2.6 + 0.7 * s)),
    feedingTube: (longVentilation && r.chance(0.5)) || (dementiaOrStroke && r.chance(0.06)),
    parenteral: r.chance(["bowel", "cancer-surgery", "pancreatitis"].includes(reason.group) ? 0.2 : 0.015),
    tracheostomy: longVentilation && r.chance(0.25),
    dnrOnAdmission: r.chance(
      sigmoid(
        -3.6 +
          (0.5 * (age - 65)) / 10 +
          (p.conditions.has("dementia") ? 1.3 : 0) +
          (p.values.get("metastatic") ? 1.5 : 0),
      ),
    ),
    comfortCare: false,
  };
}

function admissionType(r: SeededRandom, reason: AcuteReason): AdmissionType {
  if (r.chance(reason.elective)) return "ELECTIVE";
  return r.chance(0.04) ? "URGENT" : "EMERGENCY";
}

function admissionLocation(r: SeededRandom, type: AdmissionType): string {
  if (type === "ELECTIVE") return r.weighted(["PHYS REFERRAL/NORMAL DELI", "CLINIC REFERRAL/PREMATURE"], [9, 1]);
  if (type === "URGENT") return r.weighted(["TRANSFER FROM HOSP/EXTRAM", "PHYS REFERRAL/NORMAL DELI"], [7, 3]);
  return r.weighted(
    [
      "EMERGENCY ROOM ADMIT",
      "TRANSFER FROM HOSP/EXTRAM",
      "CLINIC REFERRAL/PREMATURE",
      "PHYS REFERRAL/NORMAL DELI",
      "TRANSFER FROM SKILLED NUR",
      "** INFO NOT AVAILABLE **",
    ],
    [62, 17, 10, 6, 3, 0.5],
  );
}

function dischargeLocation(r: SeededRandom, p: PatientState, a: AdmissionState, reason: AcuteReason): string {
  if (a.died) return "DEAD/EXPIRED";
  if (a.events.comfortCare) return r.pick(["HOSPICE-HOME", "HOSPICE-MEDICAL FACILITY"]);
  const old = (a.age - 65) / 10;
  const w: Record<string, number> = {
    HOME: Math.exp(1.2 - 0.5 * old - 0.4 * a.severity - 0.3 * p.frailty),
    "HOME HEALTH CARE": Math.exp(0.8),
    SNF: Math.exp(0.1 + 0.5 * old + 0.4 * a.severity + 0.3 * p.frailty + (p.conditions.has("dementia") ? 0.8 : 0)),
    "REHAB/DISTINCT PART HOSP": Math.exp(
      -0.6 + 0.3 * old + (["trauma", "stroke", "cardiac-surgery", "ortho-elective"].includes(reason.group) ? 1.2 : 0),
    ),
    "LONG TERM CARE HOSPITAL": a.events.tracheostomy ? 20 : a.events.longVentilation ? 1 : 0.1,
    "LEFT AGAINST MEDICAL ADVI": p.conditions.has("drugs") || p.conditions.has("alcohol") ? 0.3 : 0.02,
    "DISCH-TRAN TO PSYCH HOSP": reason.id === "overdose" ? 3 : 0.01,
    "SHORT TERM HOSPITAL": 0.15,
  };
  return r.weighted(Object.keys(w), Object.values(w));
}

/**
 * Samples one adult admission's latent state: reason, severity, complications, stay events, arrival observations,
 * death (possible on a patient's last admission only), length of stay, discharge location and codes.
 */
export function sampleAdmission(
  r: SeededRandom,
  p: PatientState,
  slot: AdmissionSlot,
  pools: IncidentalPools,
): AdmissionState {
  const age = p.ageAtFirst + (slot.admitTime - firstAdmitTime(p, slot)) / (365.25 * DAY_MS);
  const reason = chooseReason(r, p, age);
  const type = admissionType(r, reason);
  // Planned admissions arrive in the morning; the others whenever the plan put them.
  const admitTime = type === "ELECTIVE" ? dayOf(slot.admitTime) + r.int(360, 660) * MINUTE_MS : slot.admitTime;
  const electiveShift = type === "ELECTIVE" ? -0.4 : 0;
  const s = r.normal(
    reason.severity + 0.35 * chronicSum(p, "severity") + 0.25 * p.frailty + (0.12 * (age - 65)) / 10 + electiveShift,
    0.8,
  );
  const comps = new Set<string>();
  const onArrival: string[] = [];
  for (const c of COMPLICATIONS) {
    if (c.excludes?.some((id) => p.conditions.has(id))) continue;
    let x = c.base + c.sev * s + (reason.complications?.[c.id] ?? 0);
    if (c.boosts) for (const [id, b] of Object.entries(c.boosts)) if (p.conditions.has(id)) x += b;
    if (r.next() < sigmoid(x)) {
      comps.add(c.id);
      if (r.chance(c.onAdmission)) onArrival.push(c.id);
    }
  }
  const events = sampleEvents(r, p, reason, s, comps, age);
  if (events.intubated && r.chance(0.7)) comps.add("respFailure");
  const obs = sampleObservations(r, p, reason, s, onArrival);
  let deathLogit =
    DEATH_INTERCEPT + 1.1 * s + reason.mortality + 0.5 * chronicSum(p, "mortality") + (0.35 * (age - 65)) / 10;
  for (const id of comps) deathLogit += COMPLICATIONS.find((c) => c.id === id)!.mortality * 0.5;
  deathLogit += (events.dnrOnAdmission ? 0.9 : 0) + (events.intubated ? 0.6 : 0) + (events.pressors ? 0.7 : 0);
  const died = slot.isLast && r.next() < sigmoid(deathLogit);
  let logLos = Math.log(reason.losMedian) + 0.28 * s + chronicSum(p, "los") + r.normal(0, 0.5);
  for (const id of comps) logLos += COMPLICATIONS.find((c) => c.id === id)!.los;
  logLos += (events.intubated ? 0.35 : 0) + (events.longVentilation ? 0.75 : 0) + (events.tracheostomy ? 0.6 : 0);
  let losDays = Math.exp(logLos);
  if (died) losDays = r.chance(0.35) ? r.logNormal(Math.log(1.5), 0.9) : losDays * r.uniform(0.4, 1.3);
  losDays = Math.min(160, Math.max(0.04, losDays));
  events.comfortCare = died ? r.chance(0.6) : r.chance(sigmoid(-5 + s + (p.values.get("metastatic") ? 1.5 : 0)));
  const dischTime = admitTime + toMinute(losDays * DAY_MS);
  const viaEd = type !== "ELECTIVE" && r.chance(0.8);
  const edReg = viaEd ? admitTime - toMinute(r.uniform(1, 9) * 3_600_000) : null;
  const a: AdmissionState = {
    index: slot.index,
    hadmId: slot.hadmId,
    seqInPatient: slot.seqInPatient,
    isLast: slot.isLast,
    age,
    admitTime,
    dischTime,
    edRegTime: edReg,
    edOutTime: edReg === null ? null : admitTime + r.int(-30, 60) * MINUTE_MS,
    admissionType: type,
    admissionLocation: admissionLocation(r, type),
    dischargeLocation: "",
    reason: reason.id,
    variant: "",
    severity: s,
    died,
    losDays: (dischTime - admitTime) / DAY_MS,
    obs,
    events,
    complications: [...comps],
    codedChronic: [],
    incidental: [],
    diagnoses: [],
    procedures: [],
    insurance: insurance(r, age),
    admitDiagnosis: r.pick(reason.admitDx),
    service: reason.service,
  };
  a.dischargeLocation = dischargeLocation(r, p, a, reason);
  const ctx = { r, p, a };
  a.diagnoses = codeDiagnoses(ctx, reason, onArrival, pools.diagnoses);
  a.procedures = codeProcedures(ctx, reason, pools.procedures);
  return a;
}

function insurance(r: SeededRandom, age: number): string {
  if (age >= 65) return r.weighted(["Medicare", "Private", "Medicaid", "Government"], [85, 12, 2, 1]);
  return r.weighted(["Private", "Medicaid", "Medicare", "Government", "Self Pay"], [58, 22, 12, 4, 4]);
}

/** The patient's first admission time is stored on the patient by the history sampler. */
function firstAdmitTime(p: PatientState, slot: AdmissionSlot): number {
  return p.values.get("firstAdmitTime") ?? slot.admitTime;
}
