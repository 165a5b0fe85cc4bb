import type { SeededRandom } from "../../util/SeededRandom.ts";
import { DAY_MS, dayOf, HOUR_MS, MINUTE_MS, toMinute, YEAR_MS } from "../common/time.ts";
import type { AcuteKind, Encounter, LatentHistory, Person, VisitType } from "./types.ts";

/** Median length of stay (days) of an admission by its reason. */
const MEDIAN_LOS: Partial<Record<AcuteKind, number>> = {
  hfExacerbation: 4,
  hfOnset: 4,
  mi: 3.5,
  stroke: 4,
  pneumonia: 4,
  copdExacerbation: 3,
  uti: 2.5,
  sepsis: 6,
  aki: 3.5,
  hipFracture: 5,
  cellulitis: 3,
  syncope: 1.5,
  cholecystitis: 2.5,
  acutePancreatitis: 4,
  pacaDiagnosis: 6,
  terminal: 5,
};

/** Spread of the log length of stay: about one stay in five lasts more than 7 days. */
const LOS_SIGMA = 0.5;
/** Chronic conditions that raise how often a patient sees the doctor, once diagnosed. */
const VISIT_DRIVERS = ["hypertension", "t2d", "ckd1", "hf", "copd", "cad", "afib", "hyperlipidemia", "depression"];
/** Share of in-observation diagnoses made at a visit of their own (the others wait for the next visit). */
const DEDICATED_DIAGNOSIS_VISIT = 0.6;
const STEP_MS = 0.25 * YEAR_MS;

function encounter(type: VisitType, start: number, end: number, reason: string): Encounter {
  return { type, start, end, conditions: [], drugs: [], procedures: [], died: false, leadsInto: null, reason };
}

/** An office visit on the day of `t`: starts between 08:00 and 17:00, lasts 15–60 minutes. */
function officeVisit(r: SeededRandom, t: number, reason: string): Encounter {
  const start = dayOf(t) + 8 * HOUR_MS + Math.floor(r.uniform(0, 36)) * 15 * MINUTE_MS;
  return encounter("outpatient", start, start + Math.round(r.uniform(15, 60)) * MINUTE_MS, reason);
}

/**
 * The encounters of one patient, without codes (Coding.ts adds them): an entry visit; routine office visits
 * (Poisson, more often with more chronic disease, heart failure or cancer); a visit for most diagnoses made while
 * observed; a visit during the heart-failure prodrome; and the acute events as office, emergency or inpatient
 * visits (emergency visits leading into half or more of the stays, ending when the stay starts). Office and
 * stand-alone emergency visits within a day of a stay are dropped: nobody sees their GP while admitted.
 */
export function planEncounters(r: SeededRandom, p: Person, latent: LatentHistory): Encounter[] {
  const end = latent.end;
  const stays: Encounter[] = [];
  const leads = new Map<Encounter, Encounter>();
  const others: Encounter[] = [officeVisit(r, p.entry, "entry")];

  for (const e of latent.acute) {
    if (e.time < p.entry || e.time >= end) continue;
    if (e.setting === "outpatient") others.push(officeVisit(r, e.time, e.kind));
    else if (e.setting === "emergency") {
      const start = toMinute(e.time);
      others.push(encounter("emergency", start, start + toMinute(r.uniform(2, 8) * HOUR_MS), e.kind));
    } else {
      const admit = toMinute(e.time);
      const age = (admit - p.birth) / YEAR_MS;
      const ageFactor = Math.min(1.5, Math.max(0.7, 1 + 0.01 * (age - 60)));
      const los = Math.max(0.5, r.logNormal(Math.log(MEDIAN_LOS[e.kind] ?? 3.5), LOS_SIGMA) * ageFactor) * DAY_MS;
      const stay = encounter("inpatient", admit, toMinute(admit + los), e.kind);
      const dies = e.died || (latent.death !== null && latent.death <= stay.end);
      if (dies) stay.died = true;
      stay.end = dies ? Math.max(admit + HOUR_MS, toMinute(latent.death!)) : Math.min(stay.end, toMinute(end));
      if (stay.end <= admit) continue;
      stays.push(stay);
      if (e.viaEmergency) {
        const erStart = admit - toMinute(r.uniform(2, 8) * HOUR_MS);
        leads.set(stay, encounter("emergency", Math.max(erStart, p.entry), admit, e.kind));
      }
    }
  }
  resolveOverlaps(stays, leads);

  const drivers = (t: number) => {
    let n = 0;
    for (const k of VISIT_DRIVERS) if ((latent.diagnosis.get(k) ?? Number.POSITIVE_INFINITY) <= t) n++;
    return n;
  };
  const knownBy = (k: string, t: number) => (latent.diagnosis.get(k) ?? Number.POSITIVE_INFINITY) <= t;
  for (let t = p.entry; t < end; t += STEP_MS) {
    const age = (t - p.birth) / YEAR_MS;
    const rate =
      0.8 + 0.35 * drivers(t) + (knownBy("hf", t) ? 2 : 0) + (knownBy("paca", t) ? 6 : 0) + (age > 65 ? 0.5 : 0);
    const n = r.poisson(rate * 0.25);
    for (let i = 0; i < n; i++) {
      const v = t + r.next() * STEP_MS;
      if (v < end) others.push(officeVisit(r, v, "routine"));
    }
  }

  const acuteHfOnset = latent.acute.some((e) => e.kind === "hfOnset");
  for (const [k, d] of latent.diagnosis) {
    if (d < p.entry || d >= end || k === "paca" || k === "smoker") continue;
    const always = k === "hf" && !acuteHfOnset;
    if (always || r.chance(DEDICATED_DIAGNOSIS_VISIT)) others.push(officeVisit(r, d, `diagnosis:${k}`));
  }
  const hfOnset = latent.onset.get("hf");
  if (latent.hfProdromeStart !== null && hfOnset !== undefined && r.chance(0.35)) {
    const t = r.uniform(latent.hfProdromeStart, hfOnset);
    if (t >= p.entry && t < end) others.push(officeVisit(r, t, "prodrome"));
  }

  const kept = others.filter(
    (v) => v.start < end && !stays.some((s) => v.start < s.end + DAY_MS && v.end > s.start - DAY_MS),
  );
  const all: Encounter[] = [...kept];
  for (const s of stays) {
    const lead = leads.get(s);
    if (lead) all.push(lead);
    all.push(s);
  }
  // Sort by start; an emergency visit leading into a stay starts before it, so it comes first.
  all.sort((a, b) => a.start - b.start || (a.type === "inpatient" ? 1 : 0) - (b.type === "inpatient" ? 1 : 0));
  for (const [stay, lead] of leads) lead.leadsInto = all.indexOf(stay);
  return all;
}

/**
 * Stays never overlap: a stay that starts before the previous one ends (plus a day) is dropped with its emergency
 * visit, except a stay ending in death, which turns the previous stay into the one the patient dies in.
 */
function resolveOverlaps(stays: Encounter[], leads: Map<Encounter, Encounter>): void {
  stays.sort((a, b) => a.start - b.start);
  for (let i = 1; i < stays.length; i++) {
    const prev = stays[i - 1]!;
    const s = stays[i]!;
    if (s.start >= prev.end + DAY_MS) continue;
    if (s.died) {
      prev.died = true;
      prev.end = Math.max(prev.end, s.end);
    }
    leads.delete(s);
    stays.splice(i--, 1);
  }
}
