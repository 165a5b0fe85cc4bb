import { ALLERGIES, CHRONIC_BY_ID } from "./catalog/chronicConditions.ts";
import { COMPLICATIONS } from "./catalog/complications.ts";
import { ICU_PROCEDURES as P } from "./catalog/procedures.ts";
import type { AcuteReason, Ctx } from "./types.ts";

const MAX_DIAGNOSES = 39;

/** Common bedside and diagnostic procedures any stay may get (PICC lines, transfusions, scans, taps…). */
const MINOR = [
  ["3893", 10],
  ["9904", 6],
  ["8872", 3],
  ["9907", 1.5],
  ["4513", 1.5],
  ["5491", 1],
  ["3491", 1],
  ["0014", 1],
  ["8703", 1],
  ["8741", 0.7],
  ["8838", 0.7],
  ["9929", 0.7],
  ["3324", 0.4],
  ["8891", 0.6],
  ["0331", 0.4],
  ["9390", 1],
  ["966", 1.5],
  ["4516", 0.6],
  ["4523", 0.5],
  ["8604", 0.3],
] as const;
const MINOR_PROCEDURES = MINOR.map((x) => x[0]);

/**
 * Secondary diagnoses coders add often that the latent model does not explain: symptoms, lab abnormalities,
 * long-term drug use and status codes. They carry no evidence in the notes (real labels have many such codes).
 */
const SECONDARY = [
  ["2859", 5],
  ["2875", 3],
  ["4589", 3],
  ["2768", 3],
  ["5180", 2],
  ["78791", 1],
  ["7994", 1],
  ["78097", 2],
  ["V5866", 2],
  ["V5869", 2],
  ["V5865", 1],
  ["33829", 1],
  ["4168", 2],
  ["4254", 1],
  ["4240", 1.5],
  ["5939", 1],
  ["V1259", 1],
  ["V1301", 0.5],
  ["E8497", 1.5],
  ["E8490", 1],
  ["7907", 0.5],
  ["78820", 1],
  ["2800", 1],
  ["V4986", 1],
  ["V4572", 0.5],
  ["V1588", 0.5],
] as const;
const SECONDARY_CODES = SECONDARY.map((x) => x[0]);
const SECONDARY_WEIGHTS = SECONDARY.map((x) => x[1]);
const MINOR_WEIGHTS = MINOR.map((x) => x[1]);

/**
 * The admission's ICD-9 diagnoses in SEQ_NUM order, the way coders rank them: the principal problem first, then
 * complications and chronic conditions in a loosely ranked order, then status V codes, then external-cause E codes.
 * Coders miss things: each chronic condition is coded with its own probability, and a few rare codes from the
 * long tail (no trace in the notes) are added.
 */
export function codeDiagnoses(
  c: Ctx,
  reason: AcuteReason,
  onArrival: readonly string[],
  pool: readonly string[],
): string[] {
  const { r, p, a } = c;
  const principal = reason.codes(c);
  const ranked: Array<[string, number]> = [];
  for (const id of a.complications) {
    const comp = COMPLICATIONS.find((x) => x.id === id)!;
    const codedProb = onArrival.includes(id) ? 0.9 : 0.8;
    if (r.chance(codedProb)) ranked.push([comp.code, r.normal(1, 1)]);
  }
  const extrasV: string[] = [];
  for (const id of p.conditions) {
    const cond = CHRONIC_BY_ID.get(id)!;
    if (r.chance(cond.codedProb)) {
      a.codedChronic.push(id);
      ranked.push([p.conditionCode.get(id)!, r.normal(2 + cond.severity, 1.2)]);
    }
    for (const e of cond.extras ?? []) {
      if ((e.when === undefined || e.when(p)) && r.chance(e.p)) extrasV.push(e.code);
    }
  }
  const secondary = r.poisson(1.6 + 0.3 * Math.max(0, a.severity));
  for (let i = 0; i < secondary; i++) ranked.push([r.weighted(SECONDARY_CODES, SECONDARY_WEIGHTS), r.normal(2.5, 1.2)]);
  const incidental = r.poisson(1.2);
  for (let i = 0; i < incidental; i++) {
    const code = r.pick(pool);
    a.incidental.push(code);
    ranked.push([code, r.normal(3, 1)]);
  }
  ranked.sort((x, y) => x[1] - y[1]);
  const v: string[] = [];
  const e: string[] = [];
  for (const code of [...principal, ...ranked.map((x) => x[0]), ...extrasV]) {
    if (code.startsWith("E")) e.push(code);
    else if (code.startsWith("V") && !principal.includes(code)) v.push(code);
  }
  for (const allergy of p.allergies) {
    const code = ALLERGIES.find((x) => x[0] === allergy)?.[2];
    if (code && r.chance(0.45)) v.push(code);
  }
  if (a.events.dnrOnAdmission && r.chance(0.6)) v.push("V4986");
  if (a.events.comfortCare && r.chance(0.75)) v.push("V667");
  if (a.admissionType === "ELECTIVE" && a.complications.length > 0 && r.chance(0.35))
    e.push(r.pick(["E8788", "E8782", "E8798"]));
  if (a.died && r.chance(0.25)) ranked.push(["4275", 0]);
  const ordered = [
    ...principal.filter((x) => !x.startsWith("E")),
    ...ranked.map((x) => x[0]).filter((x) => !x.startsWith("E") && !x.startsWith("V")),
    ...v,
    ...e,
  ];
  return [...new Set(ordered)].slice(0, MAX_DIAGNOSES);
}

/**
 * The admission's ICD-9 procedure codes in SEQ_NUM order: the problem's own procedures (a catheterisation, an
 * operation) first, then the ICU procedures the stay events imply, each coded with a probability.
 */
export function codeProcedures(c: Ctx, reason: AcuteReason, pool: readonly string[]): string[] {
  const { r, p, a } = c;
  const ev = a.events;
  const out = [...reason.procedures(c)];
  const icu: string[] = [];
  if (ev.intubated) {
    if (r.chance(0.8)) icu.push(P.intubation);
    icu.push(ev.longVentilation ? P.ventLong : P.ventShort);
  } else if (a.complications.includes("respFailure") && r.chance(0.35)) icu.push(P.nonInvasive);
  if (ev.centralLine && r.chance(0.8)) icu.push(r.chance(0.9) ? P.centralLine : P.centralLineGuided);
  if (ev.artLine && r.chance(0.6)) icu.push(P.artLine);
  if (ev.dialysis) {
    icu.push(P.dialysis);
    if (p.values.get("esrd") !== 1 && r.chance(0.6)) icu.push(P.dialysisCatheter);
  }
  if (ev.transfusion && r.chance(0.75)) {
    icu.push(P.transfusion);
    if ((p.conditions.has("cirrhosis") || a.complications.includes("coagulopathy")) && r.chance(0.6))
      icu.push(P.plasma);
    if (a.complications.includes("thrombocytopenia") && r.chance(0.4)) icu.push(P.platelets);
  }
  if (ev.parenteral) icu.push(P.parenteral);
  if (ev.feedingTube) icu.push(P.enteral);
  if (ev.tracheostomy) icu.push(r.chance(0.8) ? P.tracheostomy : P.tracheostomyTemp);
  if (ev.tracheostomy && r.chance(0.7)) icu.push(P.peg);
  if (ev.pressors && r.chance(0.3)) icu.push(P.vasopressor);
  if (r.chance(0.06)) icu.push(P.urinaryCatheter);
  if (a.died && r.chance(0.1)) icu.push(P.cpr);
  const minor = r.poisson(1.3 + 0.3 * Math.max(0, a.severity));
  for (let k = 0; k < minor; k++) icu.push(r.weighted(MINOR_PROCEDURES, MINOR_WEIGHTS));
  const rare = r.poisson(0.3);
  for (let k = 0; k < rare; k++) icu.push(r.pick(pool));
  // MIMIC ranks the major procedure first, but the order of the rest varies: shuffle lightly.
  if (out.length === 0) r.shuffle(icu);
  return [...new Set([...out, ...icu])];
}
