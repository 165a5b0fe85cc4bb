import type { Ctx } from "../types.ts";
import { deidHospital, deidMonthDay } from "./deid.ts";

const pron = (c: Ctx) => (c.p.sex === "M" ? "he" : "she");
const Pron = (c: Ctx) => (c.p.sex === "M" ? "He" : "She");
const poss = (c: Ctx) => (c.p.sex === "M" ? "his" : "her");
const Poss = (c: Ctx) => (c.p.sex === "M" ? "His" : "Her");
const DAY = 86_400_000;
const monthsAgo = (c: Ctx) => deidMonthDay(c.a.admitTime - c.r.int(20, 300) * DAY);

type Detail = [when: (c: Ctx) => boolean, text: (c: Ctx) => string];

/** Background sentences an HPI adds between the presenting story and the ED course. */
const DETAILS: readonly Detail[] = [
  [
    () => true,
    (c) =>
      `At baseline, ${pron(c)} ${c.r.pick(["ambulates independently", "walks with a cane", "uses a walker", "is wheelchair bound"])} and ${c.r.pick(["is independent in ADLs", "needs help with some ADLs", "lives independently"])}.`,
  ],
  [
    () => true,
    (c) =>
      `${Pron(c)} reports ${c.r.pick(["decreased appetite", "poor PO intake", "generalized weakness", "fatigue", "a 5 lb weight loss"])} over the past ${c.r.pick(["few days", "week", "month"])}.`,
  ],
  [
    () => true,
    (c) =>
      `${c.r.pick(["Family", `${Poss(c)} daughter`, c.p.sex === "M" ? "His wife" : "Her husband", "The VNA"])} noted ${c.r.pick(["increased fatigue", "that the patient was not eating", "mild confusion", "that the patient seemed more short of breath"])} over the last ${c.r.pick(["2 days", "several days", "week"])}.`,
  ],
  [
    () => true,
    (c) =>
      `Recently started on ${c.r.pick(["ciprofloxacin for a presumed UTI", "prednisone", "a new blood pressure medication", "gabapentin for neuropathic pain", "tramadol"])} by ${poss(c)} PCP.`,
  ],
  [
    () => true,
    (c) =>
      `Of note, ${pron(c)} was recently admitted to ${deidHospital(c.r)} on ${monthsAgo(c)} for ${recentProblem(c)}.`,
  ],
  [
    (c) => !c.p.conditions.has("chf"),
    (c) =>
      c.r.pick([
        "Echo last year was reportedly normal.",
        "Had a negative stress test last year.",
        "Denies orthopnea or PND.",
      ]),
  ],
  [
    (c) => c.p.conditions.has("chf"),
    (c) =>
      c.r.pick([
        `Last echo on ${monthsAgo(c)} showed EF ${c.p.values.get("ef")}%.`,
        `Dry weight is reported as ${c.r.int(55, 110)} kg.`,
        "Has been compliant with a low salt diet and fluid restriction.",
      ]),
  ],
  [
    (c) => c.p.conditions.has("dm"),
    (c) =>
      c.r.pick([
        `Blood sugars at home have been running in the ${c.r.pick(["150s", "200s", "300s"])}.`,
        `Last HbA1c ${c.p.values.get("a1c")}%.`,
        "Followed at [**Last Name (un) **] for diabetes.",
      ]),
  ],
  [
    (c) => c.p.conditions.has("ckd"),
    (c) =>
      c.p.values.get("esrd")
        ? "Receives HD on MWF via a L arm AVF; last session was yesterday."
        : `Baseline creatinine is ${c.p.values.get("baseCr")!.toFixed(1)}.`,
  ],
  [
    (c) => c.p.conditions.has("afib"),
    (c) =>
      c.r.pick([
        `Anticoagulated with ${c.r.pick(["coumadin", "apixaban"])} for AFib.`,
        "Rate controlled on metoprolol.",
        "Was cardioverted for AFib last year.",
      ]),
  ],
  [
    (c) => c.p.conditions.has("copd"),
    (c) =>
      c.r.pick([
        "Uses 2L home O2 at night.",
        "Last PFTs showed an FEV1 of 45% predicted.",
        "Has had 2 COPD exacerbations this year, one requiring intubation.",
      ]),
  ],
  [
    (c) => c.p.conditions.has("cirrhosis"),
    (c) =>
      c.r.pick([
        `Follows with hepatology; last MELD ${c.p.values.get("meld")}.`,
        "Last paracentesis 2 weeks ago with 4 L removed.",
        "Not on the transplant list given ongoing alcohol use.",
      ]),
  ],
  [
    (c) => c.p.conditions.has("cancer"),
    (c) =>
      c.r.pick([
        `Oncologic history: diagnosed on ${monthsAgo(c)}, s/p ${c.r.int(2, 6)} cycles of chemotherapy, last cycle ${c.r.int(5, 25)} days ago.`,
        "Followed by Dr. [**Last Name (STitle) 123**] of oncology; currently on palliative chemotherapy.",
        "Recent restaging CT showed progression of disease.",
      ]),
  ],
  [
    (c) => c.p.conditions.has("dementia"),
    (c) =>
      c.r.pick([
        "Per family, at baseline oriented to self only.",
        "Resides in a nursing home because of dementia.",
        "History obtained from daughter as pt is a poor historian.",
      ]),
  ],
  [
    (c) => c.p.conditions.has("alcohol"),
    (c) =>
      c.r.pick([
        "Last drink was yesterday evening.",
        "Has a history of withdrawal seizures.",
        "Has been drinking more heavily since losing his job.",
      ]),
  ],
  [
    (c) => c.p.conditions.has("cad"),
    (c) =>
      c.r.pick([
        `Last cath on ${monthsAgo(c)} with patent grafts.`,
        "Has chronic stable angina with exertion.",
        "Last stress test showed a fixed inferior defect.",
      ]),
  ],
  [(c) => !c.p.conditions.has("vteHistory"), () => "Denies any history of blood clots."],
  [
    (c) => !c.p.conditions.has("cirrhosis"),
    (c) =>
      c.r.pick([
        "Had mildly elevated LFTs on outpatient labs, attributed to fatty liver.",
        "Abdominal ultrasound last year showed a normal liver.",
      ]),
  ],
  [
    (c) => !c.p.conditions.has("copd"),
    (c) =>
      c.r.pick([
        "Was told a chest CT showed mild emphysematous changes; never had PFTs.",
        "Uses an albuterol inhaler occasionally for seasonal allergies.",
      ]),
  ],
  [
    (c) => !c.p.conditions.has("dm"),
    (c) =>
      c.r
        .pick([
          "Was told her sugars were borderline at a recent physical.",
          "Had steroid-induced hyperglycemia on a prior admission.",
        ])
        .replace("her", poss(c)),
  ],
];

function recentProblem(c: Ctx): string {
  const { r, p } = c;
  const own: string[] = [];
  if (p.conditions.has("chf")) own.push("a CHF exacerbation");
  if (p.conditions.has("copd")) own.push("a COPD flare");
  if (p.conditions.has("cirrhosis")) own.push("hepatic encephalopathy");
  if (own.length > 0 && r.chance(0.7)) return r.pick(own);
  return r.pick([
    "a UTI",
    "cellulitis",
    "a mechanical fall",
    "pneumonia",
    "dehydration",
    "chest pain, ruled out for MI",
  ]);
}

/** Sentences about how the presenting problem evolved, for any problem. */
const EVOLUTION: ReadonlyArray<(c: Ctx) => string> = [
  (c) =>
    `Symptoms have been progressively worsening ${c.r.pick(["since onset", "over the last 24 hours", "despite rest"])}.`,
  (c) =>
    `${Pron(c)} tried ${c.r.pick(["tylenol", "ibuprofen", `${poss(c)} inhalers`, "rest", "an extra dose of lasix"])} without relief.`,
  (c) =>
    `${Pron(c)} ${c.r.pick(["called 911", "was brought in by EMS", `presented to ${poss(c)} PCP's office and was referred to the ED`, "was brought in by family"])}.`,
  (c) =>
    `Reports ${c.r.pick(["subjective fevers", "chills and sweats", "no sick contacts", "no recent travel", "poor sleep"])}.`,
  (c) =>
    `${c.r.pick(["Pain is", "Discomfort is"])} ${c.r.int(3, 11)}/10${c.r.pick([", non-radiating", ", sharp", ", dull and constant", ""])}.`,
  (c) =>
    `${Pron(c)} has not been able to ${c.r.pick(["keep food down", "get out of bed", "walk to the bathroom", "sleep"])} since ${c.r.pick(["yesterday", "the day prior to admission", "this morning"])}.`,
];

/** 3–6 background sentences (more often about the patient's own conditions) and 1–3 about the illness's course. */
export function backgroundSentences(c: Ctx): string[] {
  const usable = DETAILS.filter(([when]) => when(c));
  const evolution = c.r.sample(EVOLUTION, c.r.int(1, 4)).map((f) => f(c));
  return [...evolution, ...c.r.sample(usable, c.r.int(3, 7)).map(([, text]) => text(c))];
}

/** Extra ED details: an EKG read, cultures, a consult. */
export function edExtras(c: Ctx): string[] {
  const { r, a } = c;
  const out: string[] = [];
  if (r.chance(0.55)) {
    const rhythm =
      c.p.conditions.has("afib") && r.chance(0.6) ? "AFib" : a.obs.hr > 100 ? "sinus tachycardia" : "sinus rhythm";
    out.push(
      `EKG showed ${rhythm} at ${a.obs.hr}${r.pick([", no acute ST changes", ", LAD, old Q waves in III/aVF", "", " with TWI in V1-V3, unchanged from prior"])}.`,
    );
  }
  if (r.chance(0.35)) out.push(r.pick(["Blood and urine cultures were sent.", "BCx x2 were drawn.", "UA was sent."]));
  if (r.chance(0.2))
    out.push(`${r.pick(["Surgery", "Cardiology", "GI", "Renal", "Neurology"])} was consulted in the ED.`);
  if (r.chance(0.3))
    out.push(
      `Received ${r.pick(["morphine 4 mg IV", "zofran 4 mg IV", "tylenol 1 g PO", "1L NS", "ativan 1 mg IV"])}.`,
    );
  return out;
}

/** "On arrival to the floor, …": how the patient looked when admitted. */
export function arrivalSentence(c: Ctx): string {
  const { r, a } = c;
  const state = a.events.intubatedOnArrival
    ? "was intubated and sedated"
    : a.severity > 1
      ? r.pick(["was somnolent but arousable", "appeared uncomfortable", "was tachypneic"])
      : r.pick(["was comfortable", "reports feeling better", "was resting comfortably", "complains of mild pain"]);
  const vitals = `VS ${(a.obs.temp - 0.3).toFixed(1)} ${Math.max(50, a.obs.hr - 6)} ${a.obs.sbp + 4}/${a.obs.dbp} ${a.obs.rr} ${Math.min(100, a.obs.spo2 + 1)}%`;
  return `On arrival to the ${a.severity > 0.8 ? "ICU" : "floor"}, ${pron(c)} ${state}. ${r.chance(0.6) ? `${vitals}.` : ""}`.trim();
}

/** A review of systems, almost all negative; it starts after a blank line with "ROS:" (which ends CORe's HPI). */
export function reviewOfSystems(c: Ctx): string {
  const { r } = c;
  const ros = r.sample(
    [
      "fevers",
      "night sweats",
      "weight loss",
      "vision changes",
      "rhinorrhea",
      "hematochezia",
      "melena",
      "arthralgias",
      "rash",
      "dysuria",
      "hematuria",
      "sore throat",
      "orthopnea",
      "PND",
      "myalgias",
      "headache",
      "dizziness",
    ],
    r.int(5, 11),
  );
  return `${r.pick(["ROS:", "Review of systems:", "ROS:", "REVIEW OF SYSTEMS:"])} ${r.pick(["Negative for", "Denies", "(-)"])} ${ros.join(", ")}. ${r.pick(["All other systems reviewed and negative.", "Otherwise negative.", "Positive for fatigue as per HPI."])}`.trim();
}
