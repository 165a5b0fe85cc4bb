import type { SeededRandom } from "../../util/SeededRandom.ts";
import { DAY_MS, YEAR_MS } from "../common/time.ts";
import { ACUTE_KINDS, acuteEvent, acuteRates } from "./acuteEvents.ts";
import { diagnosisDelay } from "./diagnosisDelay.ts";
import { CHRONIC_KEYS, emptyHazards, type HazardState, hazards } from "./hazards.ts";
import { startDrug, startOnDiagnosis, stopDrug, takes } from "./medications.ts";
import type { AcuteEvent, LatentHistory, MedicationCourse, Person } from "./types.ts";

/** Steps of the state machine: a year before the patient's entry (chronic onsets only), a quarter after. */
const STEP_BEFORE_ENTRY = 1;
const STEP_OBSERVED = 0.25;
const INF = Number.POSITIVE_INFINITY;
// Local copies: module bindings are read through getters once compiled, too slow for the inner loop.
const CHRONIC = [...CHRONIC_KEYS];
const ACUTE = [...ACUTE_KINDS];

/**
 * The latent state machine of one patient, stepped yearly from age 18 to the entry into the EHR, then quarterly
 * to the end of follow-up. Chronic
 * conditions start with yearly hazards (hazards.ts) that depend on the conditions already present and on how
 * long they have been (diabetes duration, CKD that came after diabetes, a recent MI); each onset is diagnosed after
 * a delay (diagnosisDelay.ts) and diagnoses start drugs (medications.ts). Before the patient's entry into the
 * EHR only chronic conditions develop (they are the history the first visits record); from entry on, acute events
 * (acuteEvents.ts) and death happen too. The HF onset brings a prodrome (months of dyspnea, edema, fatigue before
 * it); pancreatic cancer a preclinical phase with new-onset diabetes, weight loss and pancreatitis before it.
 */
export function simulateProgression(r: SeededRandom, p: Person): LatentHistory {
  const onset = new Map<string, number>();
  const diagnosis = new Map<string, number>();
  const meds: MedicationCourse[] = [];
  const acute: AcuteEvent[] = [];
  const out: LatentHistory = {
    onset,
    diagnosis,
    medications: meds,
    acute,
    hfProdromeStart: null,
    pacaPreclinical: null,
    death: null,
    deathCause: null,
    deathInHospital: false,
    end: p.followUpEnd,
  };
  const at = (k: string) => onset.get(k) ?? INF;
  const has = (k: string, t: number) => at(k) <= t;
  const known = (k: string, t: number) => (diagnosis.get(k) ?? INF) <= t;

  /** Diagnoses a condition `delay` after `time` and starts its drugs; never past the end of follow-up. */
  const diagnose = (k: string, time: number, delay = diagnosisDelay(r, k)) => {
    const when = time + delay;
    if (when >= p.followUpEnd || diagnosis.has(k)) return;
    diagnosis.set(k, when);
    startOnDiagnosis(r, meds, k, when);
    if (k === "ckd4") stopDrug(meds, "metformin", when);
  };
  const begin = (k: string, time: number, delay?: number) => {
    if (onset.has(k)) return;
    onset.set(k, time);
    diagnose(k, time, delay);
  };

  const start = p.birth + 18 * YEAR_MS;
  const male = p.sex === "M";
  if (r.chance(male ? 0.28 : 0.22)) {
    onset.set("smoker", start);
    onset.set("smokerQuit", start + (-Math.log(1 - r.next()) / 0.04) * YEAR_MS);
    diagnose("smoker", Math.max(start, p.entry), 0);
  }
  if (r.chance(0.08)) begin("obesity", start);
  if (r.chance(0.005)) begin("t1d", start, 0);
  let ckdStage = 0;
  const s: HazardState = { ...NO_RISK, male };
  const h = emptyHazards();
  const acuteRate = new Float64Array(ACUTE_KINDS.length);
  let lastMi = -INF;
  let dead = false;

  const year = YEAR_MS;
  let stepYears = STEP_BEFORE_ENTRY;
  let t = start;
  const when = () => Math.min(t + r.next() * stepYears * year, p.followUpEnd - DAY_MS);
  const chance = (rate: number) => rate > 0 && r.chance(1 - Math.exp(-rate * stepYears));
  for (; t < p.followUpEnd && !dead; t += stepYears * year) {
    const observed = t >= p.entry;
    // The last yearly step ends at the entry, so that quarterly steps start there.
    stepYears = observed ? STEP_OBSERVED : Math.min(STEP_BEFORE_ENTRY, (p.entry - t) / year);
    const age = (t - p.birth) / year;
    const t2dOn = at("t2d");
    s.age = age;
    s.smoker = has("smoker", t) && !has("smokerQuit", t);
    s.everSmoked = has("smoker", t);
    s.obese = has("obesity", t);
    s.htn = has("hypertension", t);
    s.hyperlipidemia = has("hyperlipidemia", t);
    s.prediabetes = has("prediabetes", t);
    s.gestational = has("gestational", t);
    s.t1d = has("t1d", t);
    s.t2dYears = t2dOn <= t ? (t - t2dOn) / year : -1;
    s.ckdStage = ckdStage;
    s.ckdAfterT2d = ckdStage > 0 && diagnosedAfterDiabetes(diagnosis, CKD_KEYS, p.entry, t);
    s.cad = has("cad", t);
    s.miYearsAgo = lastMi > -INF ? (t - lastMi) / year : -1;
    s.afib = has("afib", t);
    s.afibYears = s.afib ? (t - at("afib")) / year : -1;
    s.copd = has("copd", t);
    s.hf = has("hf", t);
    s.alcohol = has("alcohol", t);
    s.chronicPancreatitis = has("chronicPancreatitis", t);
    s.gallstones = has("gallstones", t);
    s.insulin = takes(meds, "insulin", t);
    s.aceEarly = aceWithinAYearOfDiabetes(meds, diagnosis.get("t2d"));
    hazards(s, h);

    for (let i = 0; i < CHRONIC.length; i++) {
      const k = CHRONIC[i]!;
      if (!onset.has(k) && chance(h.chronic[i]!)) begin(k, when());
    }
    if (ckdStage < 5 && chance(h.ckdNext)) {
      ckdStage++;
      begin(ckdStage === 5 ? "esrd" : `ckd${ckdStage}`, when());
    }
    if (known("t2d", t) && chance(h.insulin)) startDrug(meds, "insulin", when());
    if (!onset.has("gestational") && chance(h.gestational) && observed) {
      const g = when();
      begin("gestational", g, 0);
      onset.set("gestationalEnd", g + 180 * DAY_MS);
    }
    if (!onset.has("hf") && chance(h.hf)) heartFailure(when());
    if (chance(h.mi)) {
      const m = when();
      lastMi = m;
      if (!onset.has("cad")) begin("cad", m, 0);
      if (observed) myocardialInfarction(m);
    }
    if (!onset.has("paca") && chance(h.paca)) pancreaticCancer(when());
    if (!observed) continue;
    acuteRates(s, acuteRate);
    for (let i = 0; i < ACUTE.length; i++) {
      if (chance(acuteRate[i]!)) {
        const kind = ACUTE[i]!;
        const e = when();
        acute.push(acuteEvent(r, kind, e));
        if (kind === "acutePancreatitis" && !onset.has("chronicPancreatitis") && r.chance(0.1)) {
          begin("chronicPancreatitis", e);
        }
      }
    }
    const pacaDx = diagnosis.get("paca") ?? INF;
    if (chance(h.death + (pacaDx <= t ? 1.4 : 0))) die(when(), pacaDx <= t ? "paca" : h.deathCause);
  }
  for (const [k, d] of diagnosis) if (d >= out.end) diagnosis.delete(k);
  acute.sort((a, b) => a.time - b.time);
  return out;

  function heartFailure(time: number): void {
    onset.set("hf", time);
    if (time < p.entry) {
      diagnose("hf", time, 0);
      return;
    }
    const prodrome = r.uniform(0.25, 1) * YEAR_MS;
    out.hfProdromeStart = Math.max(p.entry, time - prodrome);
    if (r.chance(0.25) && out.hfProdromeStart < time) {
      startDrug(meds, "furosemide", r.uniform(out.hfProdromeStart, time));
    }
    if (r.chance(0.6)) {
      acute.push(acuteEvent(r, "hfOnset", time));
      diagnose("hf", time, 0);
    } else diagnose("hf", time, r.uniform(0, 45) * DAY_MS);
  }

  function myocardialInfarction(time: number): void {
    const e = acuteEvent(r, "mi", time);
    acute.push(e);
    startOnDiagnosis(r, meds, "mi", time);
    if (r.chance(0.07)) {
      e.died = true;
      die(time + r.uniform(0.5, 6) * DAY_MS, "mi", e);
    }
  }

  function pancreaticCancer(preclinical: number): void {
    const dx = preclinical + r.uniform(0.5, 1.5) * YEAR_MS;
    onset.set("paca", dx);
    if (dx >= p.followUpEnd || dx < p.entry) return;
    out.pacaPreclinical = preclinical;
    diagnose("paca", dx, 0);
    if (!onset.has("t2d") && !onset.has("t1d") && r.chance(0.35)) {
      begin("t2d", r.uniform(preclinical, preclinical + 0.7 * (dx - preclinical)), r.uniform(0, 60) * DAY_MS);
    }
    const before = (fromDays: number, toDays: number) => dx - r.uniform(fromDays, toDays) * DAY_MS;
    if (r.chance(0.12)) acute.push(acuteEvent(r, "acutePancreatitis", Math.max(p.entry, before(60, 300))));
    if (r.chance(0.6)) acute.push(acuteEvent(r, "pacaWorkup", Math.max(p.entry, before(30, 120))));
    acute.push(acuteEvent(r, "pacaDiagnosis", dx));
  }

  function die(time: number, cause: string, inStay?: AcuteEvent): void {
    dead = true;
    const t = Math.round(Math.min(Math.max(time, p.entry + DAY_MS), p.followUpEnd - DAY_MS) / 60_000) * 60_000;
    out.death = t;
    out.end = t;
    out.deathCause = cause;
    for (let i = acute.length - 1; i >= 0; i--) if (acute[i]!.time >= t && acute[i] !== inStay) acute.splice(i, 1);
    if (inStay) {
      out.deathInHospital = true;
      return;
    }
    if (r.chance(cause === "other" ? 0.35 : 0.55)) {
      out.deathInHospital = true;
      const admit = Math.max(p.entry, t - r.uniform(1, 14) * DAY_MS);
      acute.push({ time: admit, kind: "terminal", setting: "inpatient", viaEmergency: r.chance(0.6), died: true });
    }
  }
}

const NO_RISK: HazardState = {
  age: 0,
  male: false,
  smoker: false,
  everSmoked: false,
  obese: false,
  htn: false,
  hyperlipidemia: false,
  prediabetes: false,
  gestational: false,
  t1d: false,
  t2dYears: -1,
  ckdStage: 0,
  ckdAfterT2d: false,
  cad: false,
  miYearsAgo: -1,
  afib: false,
  afibYears: -1,
  copd: false,
  hf: false,
  alcohol: false,
  chronicPancreatitis: false,
  gallstones: false,
  insulin: false,
  aceEarly: false,
};

const CKD_KEYS = ["ckd1", "ckd2", "ckd3", "ckd4", "esrd"];

/**
 * Whether a condition (any of `keys`) is known at `t` and the record shows it after type-2 diabetes: first
 * diagnosed more than 30 days after it, both counted from the entry into the EHR (what was known before the entry
 * is recorded at the first visit).
 */
function diagnosedAfterDiabetes(
  diagnosis: ReadonlyMap<string, number>,
  keys: string[],
  entry: number,
  t: number,
): boolean {
  const t2d = diagnosis.get("t2d");
  if (t2d === undefined || t2d > t) return false;
  let first = INF;
  for (const k of keys) first = Math.min(first, diagnosis.get(k) ?? INF);
  return first <= t && Math.max(first, entry) > Math.max(t2d, entry) + 30 * DAY_MS;
}

/** Whether an ACE inhibitor or ARB was started within a year after the diabetes diagnosis (protects the heart). */
function aceWithinAYearOfDiabetes(meds: readonly MedicationCourse[], t2dDx: number | undefined): boolean {
  if (t2dDx === undefined) return false;
  for (const m of meds) {
    if ((m.drug === "lisinopril" || m.drug === "losartan") && m.start >= t2dDx - 30 * DAY_MS) {
      if (m.start <= t2dDx + YEAR_MS) return true;
    }
  }
  return false;
}
