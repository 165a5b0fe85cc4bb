import type { AcuteReason, Ctx } from "../types.ts";
import * as A from "./AdmissionSections.ts";
import { deidAttending, deidDate, deidDoctor } from "./deid.ts";
import { deathStorySentence, historyOfPresentIllness } from "./HistoryOfPresentIllness.ts";
import * as O from "./OutcomeSections.ts";
import { wrap } from "./phrase.ts";

/** One section of a summary: its heading, body, and how it is joined to the next one. */
interface Section {
  heading: string;
  body: string;
  kind: "admission" | "outcome" | "other";
  /** Separator after this section: MIMIC puts "Attending:" right above "Chief Complaint:", etc. */
  after?: string;
}

/** The texts a discharge summary is made of, and whether the admission sections carry a death mention. */
export interface SummaryText {
  text: string;
  /** "template" (2008 and later, blank lines between sections) or "dictated" (older, upper-case headings). */
  style: "template" | "dictated";
}

function header(c: Ctx, dob: number): string {
  const { a, p } = c;
  const born = a.age >= 89 ? "" : deidDate(dob);
  return `Admission Date:  ${deidDate(a.admitTime)}              Discharge Date:   ${deidDate(a.dischTime)}\n\nDate of Birth:  ${born}             Sex:   ${p.sex}\n\nService: ${a.service}`;
}

function signature(c: Ctx): string {
  const { r, a } = c;
  return `                             ${deidDoctor(r)} [**MD Number(${r.int(1, 4)}) ${r.int(100, 9999)}**]\n\nCompleted by:${deidDate(a.dischTime + r.int(0, 3) * 86_400_000)}`;
}

/** Builds the admission and outcome sections once, for either layout. */
function sections(c: Ctx, reason: AcuteReason, incidentalTitles: readonly string[]): Map<string, string> {
  const { r, a } = c;
  const s = new Map<string, string>();
  s.set("cc", A.chiefComplaint(c, reason));
  let hpi = historyOfPresentIllness(c, reason);
  // A few summaries of patients who died tell the whole story in the HPI; CORe's death filter drops them.
  if (a.died && r.chance(0.04)) hpi += ` ${deathStorySentence(c)}`;
  s.set("hpi", hpi);
  s.set("pmh", A.pastMedicalHistory(c, incidentalTitles));
  s.set("meds", A.medicationsOnAdmission(c));
  s.set("allergies", A.allergiesText(c));
  let pe = A.physicalExam(c, reason);
  // Some exams of patients who died end with a discharge line: CORe's filter cuts the death phrase there.
  if (a.died && r.chance(0.1))
    pe += `\n${r.pick(["Discharge: Pt expired.", "On discharge: patient expired", "At time of discharge pt deceased."])}`;
  else if (!a.died && r.chance(0.15))
    pe += `\n\nDischarge exam:\nVS: T ${(a.obs.temp - 0.6).toFixed(1)} HR ${Math.max(60, a.obs.hr - 15)}\nGEN: NAD`;
  s.set("pe", pe);
  s.set("fh", A.familyHistory(c));
  s.set("sh", A.socialHistory(c));
  s.set("procedures", O.majorProcedures(c));
  s.set("results", O.pertinentResults(c));
  s.set("course", O.hospitalCourse(c, reason));
  s.set("dmeds", O.dischargeMedications(c));
  s.set("dispo", O.dischargeDisposition(c));
  s.set("ddx", O.dischargeDiagnosis(c, reason));
  s.set("dcond", O.dischargeCondition(c));
  s.set("instructions", O.dischargeInstructions(c));
  s.set("followup", O.followupInstructions(c));
  return s;
}

/** Drops optional sections with their own probability (real summaries miss some). */
function present(c: Ctx, key: string): boolean {
  const missing: Record<string, number> = {
    fh: 0.12,
    sh: 0.06,
    pe: 0.04,
    meds: 0.04,
    pmh: 0.04,
    cc: 0.02,
    procedures: 0.03,
    results: 0.1,
    dcond: 0.1,
    instructions: 0.15,
  };
  return !c.r.chance(missing[key] ?? 0);
}

function templateLayout(c: Ctx, s: Map<string, string>, dob: number): string {
  const { r } = c;
  const sec = (heading: string, key: string, kind: Section["kind"], after?: string): Section | null =>
    present(c, key) ? { heading, body: s.get(key)!, kind, after } : null;
  const adm: Array<Section | null> = [sec("Past Medical History", "pmh", "admission")];
  const social = [sec("Social History", "sh", "admission"), sec("Family History", "fh", "admission")];
  if (r.chance(0.2)) social.reverse();
  // Now and then a section runs straight into the next without a blank line (CORe then merges the two).
  if (social[0] && social[1] && r.chance(0.04)) social[0].after = "\n";
  adm.push(...social);
  const medsEarly = r.chance(0.12);
  if (medsEarly) adm.push(sec("Medications on Admission", "meds", "admission"));
  const list: Array<Section | null> = [
    sec("Allergies", "allergies", "admission"),
    { heading: "Attending", body: deidAttending(r), kind: "other", after: "\n" },
    sec("Chief Complaint", "cc", "admission"),
    sec("Major Surgical or Invasive Procedure", "procedures", "outcome", "\n\n\n"),
    sec("History of Present Illness", "hpi", "admission"),
    ...adm,
    sec("Physical Exam", "pe", "admission"),
    sec("Pertinent Results", "results", "other"),
    sec("Brief Hospital Course", "course", "outcome"),
    medsEarly ? null : sec("Medications on Admission", "meds", "admission"),
    sec("Discharge Medications", "dmeds", "outcome"),
    sec("Discharge Disposition", "dispo", "outcome"),
    s.get("dispo") === "Extended Care" ? { heading: "Facility", body: O.facility(c), kind: "outcome" } : null,
    sec("Discharge Diagnosis", "ddx", "outcome"),
    sec("Discharge Condition", "dcond", "outcome"),
    sec("Discharge Instructions", "instructions", "outcome"),
    sec("Followup Instructions", "followup", "outcome"),
  ];
  let text = `${header(c, dob)}\n\n`;
  for (const x of list) {
    if (!x) continue;
    text += x.heading === "Attending" ? `Attending:${x.body}` : `${x.heading}:\n${x.body}`;
    text += x.after ?? "\n\n";
  }
  return `${text}\n${signature(c)}\n`;
}

function dictatedLayout(c: Ctx, s: Map<string, string>, dob: number): string {
  const { r } = c;
  const w = (t: string) => wrap(t, 66);
  const inline = (h: string, key: string) => (present(c, key) ? w(`${h}:  ${s.get(key)!}`) : null);
  const block = (h: string, key: string) => (present(c, key) ? `${h}:\n${w(s.get(key)!)}` : null);
  const exam = r.chance(0.6) ? "PHYSICAL EXAMINATION" : "PHYSICAL EXAM";
  const parts = [
    header(c, dob).replace("Service: ", "Service:  "),
    r.chance(0.7) ? inline("CHIEF COMPLAINT", "cc") : null,
    inline("HISTORY OF PRESENT ILLNESS", "hpi"),
    block("PAST MEDICAL HISTORY", "pmh"),
    block("MEDICATIONS ON ADMISSION", "meds"),
    inline("ALLERGIES", "allergies"),
    inline("SOCIAL HISTORY", "sh"),
    inline("FAMILY HISTORY", "fh"),
    block(exam, "pe"),
    block("LABORATORY DATA", "results"),
    block("HOSPITAL COURSE", "course"),
    inline("CONDITION ON DISCHARGE", "dcond"),
    inline("DISCHARGE STATUS", "dispo"),
    block("DISCHARGE DIAGNOSES", "ddx"),
    block("DISCHARGE MEDICATIONS", "dmeds"),
    inline("FOLLOW-UP INSTRUCTIONS", "followup"),
  ];
  const job = `\n\n                          ${deidDoctor(r)}  [**MD Number(1) ${r.int(100, 9999)}**]\n\nDictated By:[**Last Name (NamePattern1) ${r.int(100, 9999)}**]\nMEDQUIST36\nD:  ${deidDate(c.a.dischTime)}  ${r.int(10, 23)}:${r.int(10, 59)}\nT:  ${deidDate(c.a.dischTime + 86_400_000)}  ${r.int(10, 23)}:${r.int(10, 59)}\nJOB#:  [**Job Number ${r.int(10000, 99999)}**]\n`;
  return parts.filter((x) => x !== null).join("\n\n") + job;
}

/**
 * A discharge summary in one of MIMIC-III's two layouts. The admission sections (chief complaint, HPI, history,
 * medications on admission, allergies, exam, family and social history) hold partial, noisy evidence; the outcome
 * sections (procedures, course, discharge medications, disposition, diagnoses, condition) hold the outcome, and are
 * always separated from the admission sections by a blank line and a heading, so CORe's extraction never reaches
 * them.
 */
export function dischargeSummary(
  c: Ctx,
  reason: AcuteReason,
  dob: number,
  incidentalTitles: readonly string[],
): SummaryText {
  const s = sections(c, reason, incidentalTitles);
  const dictated = c.r.chance(0.22);
  return dictated
    ? { text: dictatedLayout(c, s, dob), style: "dictated" }
    : { text: templateLayout(c, s, dob), style: "template" };
}

/** An addendum: a short note appended later (DESCRIPTION "Addendum"), with no admission headings. */
export function addendum(c: Ctx, dob: number): string {
  const { r } = c;
  const body = r.pick([
    "Pt's discharge medications were updated: lisinopril was held given borderline BP.",
    `The patient's INR on the day of discharge was ${(1.5 + r.next() * 2).toFixed(1)}; coumadin dose was decreased to 2.5 mg.`,
    "Please note the final read of the CT showed no acute process.",
    "Blood cultures from admission finalized as no growth.",
    "Pt will need a repeat chest CT in 3 months to follow up a 6 mm RUL nodule.",
  ]);
  return `Name:  [**Known lastname ${r.int(100, 9999)}**],[**Known firstname ${r.int(10, 999)}**]                 Unit No:   [**Numeric Identifier ${r.int(1000, 99999)}**]\n\n${header(c, dob)}\n\nAddendum:\n${body}\n\nDischarge Disposition:\n${O.dischargeDisposition(c)}\n\n${signature(c)}\n`;
}
