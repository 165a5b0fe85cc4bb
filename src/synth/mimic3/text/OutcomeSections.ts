import { CHRONIC_BY_ID } from "../catalog/chronicConditions.ts";
import { COMPLICATIONS } from "../catalog/complications.ts";
import { PROCEDURE_WORDS } from "../catalog/procedures.ts";
import type { AcuteReason, Ctx } from "../types.ts";
import { deidDate, deidDoctor, deidFacility, deidPhone } from "./deid.ts";

/** "Major Surgical or Invasive Procedure": the procedures of the stay that have words (an outcome section). */
export function majorProcedures(c: Ctx): string {
  const words: string[] = [];
  for (const code of c.a.procedures) {
    const w = PROCEDURE_WORDS[code];
    if (w && w.length > 0 && c.r.chance(0.85)) words.push(c.r.pick(w));
  }
  return words.length === 0 ? c.r.pick(["None", "none", "None."]) : [...new Set(words)].join("\n");
}

/** Admission labs and studies, with dates (not extracted by CORe; studies here may show outcomes). */
export function pertinentResults(c: Ctx): string {
  const { r, a } = c;
  const o = a.obs;
  const d = deidDate(a.admitTime);
  const hour = new Date(a.admitTime).getUTCHours();
  const hh = `${String(((hour + 11) % 12) + 1).padStart(2, "0")}:${new Date(a.admitTime).toISOString().slice(14, 16)}${hour < 12 ? "AM" : "PM"}`;
  const lines = [
    `${d} ${hh} BLOOD WBC-${o.wbc}* RBC-${(o.hgb / 3).toFixed(2)} Hgb-${o.hgb} Hct-${(o.hgb * 3).toFixed(1)} Plt Ct-${o.plt}`,
    `${d} ${hh} BLOOD Glucose-${o.glucose} UreaN-${Math.round(o.cr * 18)} Creat-${o.cr} Na-${o.na} K-${o.k} Cl-${o.na - 36} HCO3-${r.int(14, 30)}`,
  ];
  if (o.lactate > 2 || r.chance(0.3)) lines.push(`${d} ${hh} BLOOD Lactate-${o.lactate}`);
  if (r.chance(0.5))
    lines.push(`${d} ${hh} BLOOD PT-${(o.inr * 12).toFixed(1)} PTT-${r.int(24, 45)}.${r.int(0, 9)} INR(PT)-${o.inr}`);
  if (r.chance(0.4))
    lines.push(
      "",
      `CXR ${deidDate(a.admitTime)}: ${r.pick(["No acute cardiopulmonary process.", "Low lung volumes, bibasilar atelectasis.", "Interval worsening of bilateral opacities."])}`,
    );
  const ef = c.p.values.get("ef");
  if (ef !== undefined && r.chance(0.5))
    lines.push("", `ECHO: LVEF ${ef}%. ${r.pick(["Mild MR.", "Moderate TR.", "No pericardial effusion."])}`);
  return lines.join("\n");
}

/** The hospital course: the principal problem's paragraph, complications, chronic problems, and a death if any. */
export function hospitalCourse(c: Ctx, reason: AcuteReason): string {
  const { r, a, p } = c;
  const intro = r.chance(0.6)
    ? `${a.age >= 90 ? "[**Age over 90 **]" : Math.floor(a.age)} yo ${p.sex} admitted with ${reason.title.toLowerCase()}.\n\n`
    : "";
  const paras = [reason.course(c)];
  for (const id of a.complications) {
    const comp = COMPLICATIONS.find((x) => x.id === id)!;
    if (r.chance(0.6))
      paras.push(
        `# ${r.pick(comp.words)}: ${r.pick(["resolved with treatment.", "monitored and repleted.", "improved over the admission.", "managed supportively."])}`,
      );
  }
  if (a.events.intubated)
    paras.push(`Pt was intubated ${a.events.longVentilation ? "for a prolonged period" : "and extubated on HD 3"}.`);
  for (const id of a.codedChronic.slice(0, 4)) {
    paras.push(
      `# ${CHRONIC_BY_ID.get(id)!.title}: ${r.pick(["continued home medications.", "stable.", "home regimen continued.", "held initially, restarted prior to discharge."])}`,
    );
  }
  if (a.died) {
    paras.push(
      r.pick([
        `Given poor prognosis, a family meeting was held and the patient was made CMO. The patient expired on ${deidDate(a.dischTime)}.`,
        `Despite maximal therapy, the patient continued to decline and expired on ${deidDate(a.dischTime)} with family at the bedside.`,
        `Pt went into PEA arrest; ACLS was unsuccessful and time of death was called at ${new Date(a.dischTime).toISOString().slice(11, 16)}.`,
      ]),
    );
  }
  return intro + paras.join("\n\n");
}

export function dischargeMedications(c: Ctx): string {
  const { r, a } = c;
  if (a.died) return r.pick(["None", "none, patient deceased", "N/A"]);
  const n = r.int(3, 12);
  const base = [
    "Aspirin 81 mg PO DAILY",
    "Atorvastatin 40 mg PO DAILY",
    "Metoprolol Succinate XL 25 mg PO DAILY",
    "Pantoprazole 40 mg PO Q24H",
    "Docusate Sodium 100 mg PO BID",
    "Senna 8.6 mg PO BID:PRN",
    "Furosemide 40 mg PO DAILY",
    "Lisinopril 5 mg PO DAILY",
    "Ciprofloxacin 500 mg PO Q12H",
    "Prednisone 40 mg PO DAILY",
    "Oxycodone 5 mg PO Q4H:PRN pain",
    "Insulin glargine 20 units SC QHS",
    "Warfarin 5 mg PO DAILY16",
    "Amiodarone 200 mg PO DAILY",
  ];
  return r
    .sample(base, n)
    .map((x, i) => `${i + 1}. ${x}`)
    .join("\n");
}

export function dischargeDisposition(c: Ctx): string {
  const loc = c.a.dischargeLocation;
  if (loc === "DEAD/EXPIRED") return c.r.pick(["Expired", "Expired", "Deceased"]);
  if (loc === "HOME") return "Home";
  if (loc === "HOME HEALTH CARE") return "Home With Service";
  if (loc.startsWith("HOSPICE")) return c.r.pick(["Home With Service", "Extended Care"]);
  return "Extended Care";
}

export function facility(c: Ctx): string {
  return deidFacility(c.r);
}

/** Discharge diagnoses: the principal problem, complications, and some chronic conditions as secondary. */
export function dischargeDiagnosis(c: Ctx, reason: AcuteReason): string {
  const { r, a } = c;
  if (a.died && r.chance(0.35)) return r.pick(["Deceased", "Expired", "Patient expired"]);
  const primary = reason.dischargeDx(c);
  for (const id of a.complications) {
    if (r.chance(0.5)) primary.push(r.pick(COMPLICATIONS.find((x) => x.id === id)!.words));
  }
  const secondary = a.codedChronic.filter(() => r.chance(0.6)).map((id) => CHRONIC_BY_ID.get(id)!.title);
  if (r.chance(0.4) || secondary.length === 0) return primary.join("\n");
  return `Primary:\n${primary.join("\n")}\n\nSecondary:\n${secondary.join("\n")}`;
}

export function dischargeCondition(c: Ctx): string {
  const { r, a } = c;
  if (a.died) return r.pick(["Expired", "Deceased", "expired"]);
  return r.pick([
    "Mental Status: Clear and coherent.\nLevel of Consciousness: Alert and interactive.\nActivity Status: Ambulatory - Independent.",
    "Mental Status: Confused - sometimes.\nLevel of Consciousness: Alert and interactive.\nActivity Status: Ambulatory - requires assistance or aid (walker or cane).",
    "Stable, afebrile, tolerating PO",
    "Good",
    "Hemodynamically stable, ambulating with assistance",
  ]);
}

export function dischargeInstructions(c: Ctx): string {
  if (c.a.died) return "N/A";
  return c.r.pick([
    "You were admitted to the hospital for evaluation and treatment. Please take all of your medications as prescribed and keep your follow up appointments. Call your doctor or return to the ED for fevers, chest pain, shortness of breath or any other concerning symptoms.",
    "It was a pleasure taking care of you. Please weigh yourself every morning and call your doctor if your weight goes up more than 3 lbs.",
    "Please resume your home medications with the changes listed. Do not drive while taking narcotic pain medication.",
  ]);
}

export function followupInstructions(c: Ctx): string {
  if (c.a.died) return "N/A";
  const { r, a } = c;
  const when = deidDate(a.dischTime + r.int(5, 30) * 86_400_000);
  return `Provider: ${deidDoctor(r)} Phone:${deidPhone(r)} Date/Time:${when} ${r.int(8, 16)}:${r.pick(["00", "15", "30", "45"])}`;
}
