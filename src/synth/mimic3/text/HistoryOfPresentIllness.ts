import { CHRONIC_BY_ID, CHRONIC_CONDITIONS } from "../catalog/chronicConditions.ts";
import type { AcuteReason, Ctx, Observations } from "../types.ts";
import { deidDate, deidHospital, deidLastName } from "./deid.ts";
import { arrivalSentence, backgroundSentences, edExtras, reviewOfSystems } from "./HpiDetails.ts";
import { ageSex, joinList } from "./phrase.ts";

/** "CHF (EF 25%)" — a condition's name, sometimes with its detail ("h/o" dropped after an "h/o" list opener). */
export function conditionMention(c: Ctx, id: string, inHistoryList = false): string {
  const cond = CHRONIC_BY_ID.get(id)!;
  let name = cond.id === "cancer" ? (cond.detail?.(c.r, c.p) ?? "cancer") : c.r.pick(cond.names);
  if (inHistoryList) name = name.replace(/^(h\/o|history of) /, "");
  const detail = cond.id !== "cancer" && cond.detail && c.r.chance(0.7) ? cond.detail(c.r, c.p) : "";
  return detail ? `${name} ${detail}` : name;
}

const ED_TREATMENT: Readonly<Record<string, readonly string[]>> = {
  sepsis: [
    "received 3L NS, vancomycin and zosyn",
    "was given 2L IVF and ceftriaxone",
    "got 30 cc/kg IVF and vanc/cefepime",
  ],
  pneumonia: ["received levofloxacin 750 mg IV", "was given ceftriaxone and azithromycin", "received vanc/zosyn"],
  chf: [
    "was given lasix 80 mg IV with good UOP",
    "received lasix 40 IV x2 and was placed on a nitro gtt",
    "received furosemide 120 mg IV",
  ],
  acs: [
    "received ASA 325, plavix 600 and was started on a heparin gtt",
    "was given full dose aspirin, SL nitro and heparin",
  ],
  "gi-bleed": [
    "2 large bore IVs were placed, started on IV pantoprazole",
    "was transfused 2 units pRBC and started on a PPI gtt",
  ],
  copd: ["received nebs x3, solumedrol 125 mg IV and azithromycin", "was given duonebs and methylprednisolone"],
  stroke: ["was evaluated by the stroke team", "BP was controlled with labetalol"],
  alcohol: ["received 40 mg IV valium", "was given thiamine, folate and ativan 2 mg IV"],
  dka: [
    "was started on an insulin gtt and given 3L NS",
    "received 10 units IV insulin and started on the DKA protocol",
  ],
  trauma: ["was evaluated by the trauma team", "received tetanus and morphine for pain"],
  liver: ["received ceftriaxone and albumin", "was given lactulose"],
};

/** The ED's vital signs and labs: abnormal values are quoted more often than normal ones. */
function edVitalsAndLabs(c: Ctx, o: Observations): string {
  const { r } = c;
  const o2 = o.spo2 < 90 ? r.pick(["on NRB", "on 6L", "on 4L NC"]) : r.pick(["on RA", "RA", "on 2L"]);
  const vitals = r.pick([
    `In the ED, initial VS were ${o.temp} ${o.hr} ${o.sbp}/${o.dbp} ${o.rr} ${o.spo2}% ${o2}.`,
    `In the ED, initial vitals T ${o.temp} HR ${o.hr} BP ${o.sbp}/${o.dbp} RR ${o.rr} O2 sat ${o.spo2}% ${o2}.`,
    `In the ED, T ${o.temp}, HR ${o.hr}, BP ${o.sbp}/${o.dbp}, RR ${o.rr}, ${o.spo2}% ${o2}.`,
  ]);
  const labs: string[] = [];
  const add = (abnormal: boolean, text: string) => {
    if (r.chance(abnormal ? 0.7 : 0.25)) labs.push(text);
  };
  add(o.wbc > 12 || o.wbc < 4, `WBC ${o.wbc}`);
  add(o.hgb < 10, r.chance(0.5) ? `Hct ${(o.hgb * 3).toFixed(1)}` : `Hgb ${o.hgb}`);
  add(o.plt < 100, `plt ${o.plt}`);
  add(o.na < 133 || o.na > 146, `Na ${o.na}`);
  add(o.k < 3.3 || o.k > 5.3, `K ${o.k}`);
  const baseCr = c.p.values.get("baseCr");
  add(o.cr > 1.4, baseCr && r.chance(0.5) ? `Cr ${o.cr} (baseline ${baseCr.toFixed(1)})` : `Cr ${o.cr}`);
  add(o.lactate > 2, r.pick([`lactate ${o.lactate}`, `lactate of ${o.lactate}`, `lactate ${o.lactate}`]));
  add(o.glucose > 250, `glucose ${o.glucose}`);
  add(o.inr > 1.6, `INR ${o.inr}`);
  const labText = labs.length === 0 ? "" : ` Labs were notable for ${joinList(labs)}.`;
  return vitals + labText;
}

/** The ED course: vitals, labs, findings, treatment, and the first signs of how sick the patient is. */
function edCourse(c: Ctx, reason: AcuteReason): string {
  const { r, a } = c;
  const parts: string[] = [edVitalsAndLabs(c, a.obs)];
  const findings = reason.findings?.(c) ?? [];
  parts.push(...edExtras(c));
  if (findings.length > 0 && r.chance(0.7))
    parts.push(`${r.pick(["", "Exam notable for ", ""])}${findings.join(", ")}.`.replace(/^./, (x) => x.toUpperCase()));
  const treatment = ED_TREATMENT[reason.group];
  if (treatment && r.chance(0.75))
    parts.push(`${a.admissionType === "EMERGENCY" ? "Pt" : "At the OSH, pt"} ${r.pick(treatment)}.`);
  if (a.events.intubatedOnArrival && r.chance(0.9)) {
    parts.push(
      r
        .pick([
          "Pt was intubated for airway protection.",
          "She was intubated for hypoxemia.",
          "Intubated in the ED given poor mental status.",
          "Was intubated in the field.",
        ])
        .replace("She", a.obs.gcs < 9 ? "Pt" : c.p.sex === "M" ? "He" : "She"),
    );
  }
  if (a.events.pressors && r.chance(0.55)) {
    parts.push(
      r.pick([
        "Remained hypotensive after 4L IVF and was started on levophed.",
        "A R IJ was placed and norepinephrine was started.",
        "Started on pressors for MAP < 60.",
      ]),
    );
  } else if (a.obs.sbp < 90 && r.chance(0.6)) parts.push("BP improved with IVF.");
  if (a.obs.gcs <= 12 && !a.events.intubatedOnArrival && r.chance(0.6)) parts.push(`GCS ${a.obs.gcs}.`);
  if (a.events.dnrOnAdmission && r.chance(0.65))
    parts.push(
      r.pick([
        "Code status DNR/DNI confirmed with HCP.",
        "Pt is DNR/DNI.",
        "Per family, pt is DNR but OK to intubate.",
      ]),
    );
  const dest =
    a.severity > 0.8 || a.events.intubatedOnArrival
      ? r.pick(["the MICU", "the ICU", "the [**Hospital Unit Name 153**]"])
      : r.pick(["the floor", "medicine", "the floor for further management"]);
  parts.push(`${r.pick(["Pt was admitted to", "Transferred to", "Admitted to"])} ${dest}.`);
  return parts.join(" ");
}

/**
 * The History of Present Illness: an opening line naming some (not all) chronic conditions, the story of the
 * presenting problem, pertinent negatives (which mention conditions the patient does not have), an ED course
 * with vitals and labs, and sometimes a review of systems after a blank line.
 */
export function historyOfPresentIllness(c: Ctx, reason: AcuteReason): string {
  const { r, p, a } = c;
  const mentioned = CHRONIC_CONDITIONS.filter((x) => p.conditions.has(x.id) && r.chance(x.hpiProb)).map((x) =>
    conditionMention(c, x.id, true),
  );
  const history =
    mentioned.length > 0
      ? ` with ${r.pick(["a history of", "h/o", "PMH significant for", "PMHx of", "a PMH notable for"])} ${joinList(r.shuffle(mentioned).slice(0, 6))}`
      : p.conditions.size === 0 && r.chance(0.7)
        ? " with no significant past medical history"
        : r.chance(0.3)
          ? " with multiple medical problems"
          : "";
  const opener =
    `${r.pick(["Pt is a", "This is a", "", `${p.sex === "M" ? "Mr." : "Ms."} ${deidLastName(r)} is a`])} ${ageSex(r, a.age, p.sex)}`.trim();
  const transfer = a.admissionLocation === "TRANSFER FROM HOSP/EXTRAM" ? ` transferred from ${deidHospital(r)}` : "";
  const story = reason.story(c);
  const start = `${opener.charAt(0).toUpperCase()}${opener.slice(1)}${history}${transfer} who ${story}`;
  const negatives: string[] = [];
  for (const cond of CHRONIC_CONDITIONS) {
    if (!p.conditions.has(cond.id) && cond.negations && r.chance(0.05)) negatives.push(r.pick(cond.negations));
  }
  const symptoms = r.sample(
    [
      "chest pain",
      "palpitations",
      "fevers",
      "chills",
      "abdominal pain",
      "dysuria",
      "headache",
      "nausea",
      "vomiting",
      "diarrhea",
      "cough",
      "leg swelling",
    ],
    r.int(2, 6),
  );
  const denies = r.chance(0.75)
    ? ` ${r.pick(["Denies", p.sex === "M" ? "He denies" : "She denies", "Pt denies", "No"])} ${joinList(symptoms, "or")}.`
    : "";
  const neg =
    negatives.length > 0
      ? ` ${negatives
          .map((x) => x.charAt(0).toUpperCase() + x.slice(1))
          .join(". ")
          .replace(/\.\./g, ".")}.`.replace(/\.\.$/, ".")
      : "";
  const background = backgroundSentences(c).join(" ");
  const paragraphs = [`${start} ${background}${denies}${neg}`.replace(/\.\./g, ".")];
  if (a.admissionType !== "ELECTIVE") {
    const ed = edCourse(c, reason);
    // Most notes run the ED course on; some start it after a blank line with "…were:" — which ends CORe's
    // extraction of the HPI there, as it does in real notes.
    if (r.chance(0.08))
      paragraphs.push(ed.replace(/^In the ED, initial (VS|vitals)( were)?/, "In the ED, initial vital signs were:"));
    else if (r.chance(0.4)) paragraphs.push(ed);
    else paragraphs[0] += ` ${ed}`;
  }
  if (r.chance(0.5)) paragraphs.push(arrivalSentence(c));
  if (r.chance(0.45)) paragraphs.push(reviewOfSystems(c));
  return paragraphs.join("\n\n");
}

/** A sentence for the rare notes whose HPI tells the whole story, death included (CORe's filter drops those). */
export function deathStorySentence(c: Ctx): string {
  return c.r.pick([
    `Despite maximal support the patient expired on ${deidDate(c.a.dischTime)}.`,
    `Time of death was ${new Date(c.a.dischTime).toISOString().slice(11, 16)} on ${deidDate(c.a.dischTime)}.`,
    "The family elected comfort measures and the patient expired shortly after.",
  ]);
}
