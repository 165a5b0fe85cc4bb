import type { SeededRandom } from "../../util/SeededRandom.ts";
import { DAY_MS, dayOf, MINUTE_MS } from "../common/time.ts";
import {
  CHRONIC_DOCUMENTATION,
  CKD_STAGES,
  HF_PRODROME,
  PACA_PRECURSORS,
  REASON_CODES,
  REASON_DRUGS,
  REASON_PROCEDURES,
  SYMPTOM_NOISE,
  TERMINAL_REASON,
} from "./codingRules.ts";
import type { Encounter, LatentHistory } from "./types.ts";

const INF = Number.POSITIVE_INFINITY;
/** Chance that a visit coding type-2 diabetes also carries a (wrong) type-1 code: real records do this. */
const T1D_MISCODE = 0.0015;

/**
 * Writes codes on a patient's encounters, in time order, from what is *known* (diagnosed) at each: the reason's
 * codes first (the primary diagnosis), then every known chronic condition — for sure the first time an office
 * visit or a stay can code it, then with its documentation probability (codingRules.ts) — then symptoms: noise anywhere, and much more
 * often in the heart-failure prodrome and in the months before pancreatic cancer is found. Drugs: each course is
 * written at the first office visit or stay after it starts, then at about half the office visits while it runs; stays and
 * visits add drugs and procedures for their reason.
 */
export function codeEncounters(r: SeededRandom, latent: LatentHistory, encounters: Encounter[]): void {
  const dx = (k: string) => latent.diagnosis.get(k) ?? INF;
  const coded = new Set<string>();
  const startedDrugs = new Set<number>();
  const hfDx = dx("hf");
  const pacaDx = dx("paca");
  const smokeStart = latent.onset.get("smoker") ?? INF;
  const smokeQuit = latent.onset.get("smokerQuit") ?? INF;
  const gestationalEnd = latent.onset.get("gestationalEnd") ?? INF;

  for (const e of encounters) {
    // What the encounter can know: an office visit the whole day's diagnoses; a stay or emergency visit, up to its end.
    const cutoff = e.type === "outpatient" ? dayOf(e.start) + DAY_MS : e.end + MINUTE_MS;
    const scale = e.type === "inpatient" ? 1.25 : e.type === "emergency" ? 0.5 : 1;
    const keys = new Set<string>();
    const add = (k: string) => {
      if (keys.has(k)) return;
      keys.add(k);
      e.conditions.push({ key: k, u: r.next() });
    };

    const reason = e.reason === "terminal" ? (TERMINAL_REASON[latent.deathCause ?? "other"] ?? "pneumonia") : e.reason;
    if (reason.startsWith("diagnosis:")) {
      const k = reason.slice("diagnosis:".length);
      if (k === "t2dNeuropathy") add("t2d");
      add(k);
    }
    const reasonCodes = REASON_CODES[reason] ?? [];
    for (const [k, p] of reasonCodes) if (r.chance(p)) add(k);
    if (reason === "pacaWorkup" && keys.size === 0) add("weightLoss");
    if (reason === "prodrome" && keys.size === 0) add("dyspnea");

    const ckdStage = CKD_STAGES.filter((k) => dx(k) < cutoff).pop();
    for (const [k, base] of CHRONIC_DOCUMENTATION) {
      const key = k === "ckd" ? ckdStage : k;
      if (key === undefined || dx(key) >= cutoff) continue;
      if (key === "prediabetes" && dx("t2d") < cutoff) continue;
      if (key === "smoker" && !(smokeStart <= e.start && e.start < smokeQuit)) continue;
      if (key === "gestational" && e.start >= gestationalEnd) continue;
      let p = Math.min(0.95, base * scale);
      if (key === "paca" || key.endsWith("Cancer")) p = e.start - dx(key) < 730 * DAY_MS ? p : 0.15;
      if (!coded.has(key)) p = e.type === "emergency" ? 0.6 : 1;
      if (r.chance(p)) add(key);
    }
    if (keys.has("t2d")) {
      if ([...CKD_STAGES].some((k) => dx(k) < cutoff) && r.chance(0.35)) add("t2dKidney");
      if (dx("t2dNeuropathy") < cutoff && r.chance(0.5)) add("t2dNeuropathy");
      if (r.chance(T1D_MISCODE)) add("t1d");
    }

    if (e.type !== "inpatient") for (const [k, p] of SYMPTOM_NOISE) if (r.chance(p)) add(k);
    if (latent.hfProdromeStart !== null && e.start >= latent.hfProdromeStart && e.start < hfDx) {
      for (const [k, p] of HF_PRODROME) if (r.chance(p)) add(k);
    }
    if (e.start >= pacaDx - 180 * DAY_MS && e.start < pacaDx) {
      for (const [k, p] of PACA_PRECURSORS) if (r.chance(p)) add(k);
    }
    for (const k of keys) coded.add(k);

    codeDrugs(r, latent, e, reason, cutoff, startedDrugs);
    codeProcedures(r, e, reason, dx, cutoff);
  }
}

function codeDrugs(
  r: SeededRandom,
  latent: LatentHistory,
  e: Encounter,
  reason: string,
  cutoff: number,
  started: Set<number>,
): void {
  const drugs = new Set<string>();
  latent.medications.forEach((m, i) => {
    if (m.start >= cutoff || m.stop <= e.start) return;
    if (!started.has(i)) {
      // A course is written first at an office visit or a stay (where its diagnosis is coded), never at the ER.
      if (e.type === "emergency") return;
      started.add(i);
      drugs.add(m.drug);
    } else if (e.type !== "emergency" && r.chance(e.type === "inpatient" ? 0.6 : 0.5)) drugs.add(m.drug);
  });
  for (const [d, p] of REASON_DRUGS[reason] ?? []) if (r.chance(p)) drugs.add(d);
  if (e.type === "inpatient") {
    if (r.chance(0.8)) drugs.add("saline");
    if (r.chance(0.5)) drugs.add("acetaminophen");
    if (r.chance(0.25)) drugs.add("ondansetron");
    if (r.chance(0.2)) drugs.add("morphine");
  } else if (e.type === "emergency" && r.chance(0.3)) drugs.add("acetaminophen");
  e.drugs.push(...drugs);
}

function codeProcedures(
  r: SeededRandom,
  e: Encounter,
  reason: string,
  dx: (k: string) => number,
  cutoff: number,
): void {
  const procs = new Set<string>();
  for (const [k, p] of REASON_PROCEDURES[e.reason] ?? REASON_PROCEDURES[reason] ?? []) if (r.chance(p)) procs.add(k);
  const knows = (k: string) => dx(k) < cutoff;
  if (e.type === "inpatient") {
    if (knows("esrd") && r.chance(0.7)) procs.add("hemodialysis");
    if (knows("anemia") && r.chance(0.1)) procs.add("transfusion");
    if (r.chance(0.3)) procs.add("medReconciliation");
  } else if (e.type === "outpatient") {
    if (knows("esrd") && r.chance(0.3)) procs.add("hemodialysis");
    if ((knows("afib") || knows("cad")) && r.chance(0.1)) procs.add("ecg");
    if (knows("hf") && r.chance(0.1)) procs.add("echo");
    if (knows("hf") && r.chance(0.2)) procs.add("nyhaAssessment");
    if (knows("afib") && r.chance(0.01)) procs.add("ablation");
    if (e.reason === "diagnosis:colonCancer" && r.chance(0.9)) procs.add("colonoscopy");
    if (r.chance(0.15)) procs.add("medReconciliation");
  }
  e.procedures.push(...procs);
}
