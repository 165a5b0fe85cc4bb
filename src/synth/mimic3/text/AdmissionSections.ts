import { CHRONIC_CONDITIONS } from "../catalog/chronicConditions.ts";
import type { AcuteReason, Ctx } from "../types.ts";
import { deidYear } from "./deid.ts";
import { conditionMention } from "./HistoryOfPresentIllness.ts";

/** History items with no code in the model: noise every real past medical history has. */
const PMH_NOISE = [
  "s/p appendectomy",
  "s/p cholecystectomy",
  "cataracts",
  "osteoarthritis",
  "h/o nephrolithiasis",
  "chronic low back pain",
  "s/p TAH/BSO",
  "glaucoma",
  "hearing loss",
  "s/p tonsillectomy",
  "diverticulosis",
  "hemorrhoids",
  "s/p L knee arthroscopy",
  "macular degeneration",
  "restless leg syndrome",
  "insomnia",
  "s/p hernia repair",
];

const FILLER_MEDS = [
  "Multivitamin 1 TAB PO DAILY",
  "Docusate Sodium 100 mg PO BID",
  "Acetaminophen 650 mg PO Q6H:PRN pain",
  "Calcium Carbonate 500 mg PO TID",
  "Vitamin D 1000 UNIT PO DAILY",
  "Senna 8.6 mg PO BID:PRN constipation",
  "Aspirin 81 mg PO DAILY",
  "Fish Oil 1000 mg PO DAILY",
  "Omeprazole 20 mg PO DAILY",
  "Metoprolol Tartrate 25 mg PO BID",
  "Furosemide 20 mg PO DAILY",
  "Cyanocobalamin 1000 mcg PO DAILY",
  "Gabapentin 300 mg PO TID",
  "Lorazepam 0.5 mg PO QHS:PRN insomnia",
  "Polyethylene Glycol 17 g PO DAILY:PRN constipation",
  "Tramadol 50 mg PO Q6H:PRN pain",
  "Magnesium Oxide 400 mg PO DAILY",
  "Potassium Chloride 20 mEq PO DAILY",
  "Prednisone 5 mg PO DAILY",
  "Lactulose 15 mL PO DAILY:PRN constipation",
  "Albuterol Inhaler 2 PUFF IH Q6H:PRN SOB",
  "Hydrochlorothiazide 12.5 mg PO DAILY",
];

export function chiefComplaint(c: Ctx, reason: AcuteReason): string {
  return c.r.pick(reason.chiefComplaints);
}

/** Past medical history: most (not all) chronic conditions, some incidental codes' titles, and unrelated noise. */
export function pastMedicalHistory(c: Ctx, incidentalTitles: readonly string[]): string {
  const { r, p } = c;
  const items = CHRONIC_CONDITIONS.filter((x) => p.conditions.has(x.id) && r.chance(x.pmhProb)).map((x) =>
    conditionMention(c, x.id),
  );
  for (const title of incidentalTitles) if (r.chance(0.35)) items.push(title.toLowerCase());
  items.push(...r.sample(PMH_NOISE, r.weighted([0, 1, 2, 3, 4, 5], [1, 2, 3, 3, 2, 1])));
  // Patients and referral letters sometimes report conditions the record does not confirm.
  if (!p.conditions.has("dm") && r.chance(0.03)) items.push("borderline diabetes, diet controlled");
  if (!p.conditions.has("chf") && r.chance(0.02)) items.push("?CHF per outside records");
  if (items.length === 0) return r.pick(["None.", "none", "Denies"]);
  r.shuffle(items);
  const style = r.weighted(["dash", "number", "comma", "plain"], [4, 3, 2, 3]);
  const list =
    style === "comma"
      ? items.join(", ")
      : style === "number"
        ? items.map((x, i) => `${i + 1}. ${x}`).join("\n")
        : style === "dash"
          ? items.map((x) => `- ${x}`).join("\n")
          : items.map((x) => x.charAt(0).toUpperCase() + x.slice(1)).join("\n");
  const extra: string[] = [];
  if (p.conditions.has("cancer") && r.chance(0.6)) {
    extra.push(
      `ONCOLOGIC HISTORY:\n- diagnosed ${r.pick(["on work-up of cough", "on screening", "after presenting with weight loss"])}\n- s/p ${r.int(2, 8)} cycles of ${r.pick(["carboplatin/pemetrexed", "FOLFOX", "R-CHOP", "gemcitabine/abraxane", "AC-T"])}\n- ${r.pick(["progression on restaging CT", "followed by Dr. [**Last Name (STitle) 2036**]", "s/p palliative XRT to spine"])}`,
    );
  }
  if (r.chance(0.3))
    extra.push(
      `PSH: ${r.sample(["appendectomy", "cholecystectomy", "R TKR", "L THR", "hysterectomy", "inguinal hernia repair", "cataract surgery", "back surgery"], r.int(1, 3)).join(", ")}`,
    );
  return [list, ...extra].join("\n");
}

/** Home medications: drugs that hint at conditions (some drugs serve several), plus filler. */
export function medicationsOnAdmission(c: Ctx): string {
  const { r, p, a } = c;
  if (a.events.intubatedOnArrival && r.chance(0.4)) return r.pick(["Unable to obtain.", "unable to assess", "Unknown"]);
  const meds: string[] = [];
  for (const cond of CHRONIC_CONDITIONS) {
    if (!p.conditions.has(cond.id) || cond.meds.length === 0 || !r.chance(cond.medProb)) continue;
    meds.push(...r.sample(cond.meds, r.chance(0.5) ? 2 : 1));
  }
  meds.push(...r.sample(FILLER_MEDS, r.int(2, 10)));
  const unique = [...new Set(meds)];
  if (unique.length === 0) return r.pick(["None", "none", "No medications."]);
  r.shuffle(unique);
  const lines = r.chance(0.5) ? unique.map((x, i) => `${i + 1}. ${x}`) : unique;
  const preface = r.chance(0.35) ? "The Preadmission Medication list is accurate and complete.\n" : "";
  return preface + lines.join("\n");
}

export function allergiesText(c: Ctx): string {
  const { r, p } = c;
  if (p.allergies.length === 0)
    return r.weighted(["Patient recorded as having No Known Allergies to Drugs", "NKDA"], [5, 1]);
  return p.allergies.join(" / ");
}

/** Family history: relatives' conditions (distractors), mildly correlated with the patient's own. */
export function familyHistory(c: Ctx): string {
  const { r, p } = c;
  if (r.chance(0.22))
    return r.pick([
      "Non-contributory",
      "NC",
      "Unknown. Pt is adopted.",
      "Noncontributory.",
      "No family history of early MI, arrhythmia, cardiomyopathies, or sudden cardiac death",
    ]);
  const relatives = ["Mother", "Father", "Brother", "Sister", "Maternal grandmother", "Paternal uncle"];
  const lines: string[] = [];
  for (const cond of CHRONIC_CONDITIONS) {
    if (!cond.family) continue;
    const chance = p.conditions.has(cond.id) ? 0.22 : 0.07;
    if (r.chance(chance)) {
      const rel = r.pick(relatives);
      lines.push(r.pick([`${rel} with ${cond.family}`, `${rel} - ${cond.family}`, `${rel} had ${cond.family}`]));
    }
  }
  if (r.chance(0.3))
    lines.push(
      r.pick(["Father died of MI at 62", "Mother died of breast cancer at 70", "Father deceased from stroke"]),
    );
  if (lines.length === 0) return r.pick(["Non-contributory", "No known family history of heart disease or cancer."]);
  return lines.join(r.chance(0.5) ? ". " : "\n") + (r.chance(0.3) ? "." : "");
}

/** Social history: living situation, tobacco, alcohol and drug use — the main evidence for substance use. */
export function socialHistory(c: Ctx): string {
  const { r, p } = c;
  const lives = r.pick([
    `Lives with ${r.pick(["wife", "husband", "daughter", "son and daughter-in-law", "partner"])} in [**Location (un) ${r.int(100, 9999)}**].`,
    "Lives alone in an apartment.",
    "Lives at [**Hospital 100**] nursing home.",
    `Lives with ${r.pick(["spouse", "family", "a roommate"])}.`,
  ]);
  const work =
    c.a.age > 66
      ? r.pick(["Retired teacher.", "Retired engineer.", "Retired from the post office.", "Retired nurse.", ""])
      : r.pick([
          "Works in construction.",
          "Works as an accountant.",
          "Unemployed.",
          "On disability.",
          "Works as a bus driver.",
          "",
        ]);
  const function_ = r.pick([
    "Independent in ADLs and IADLs.",
    "Needs assistance with IADLs.",
    "Ambulates with a walker.",
    "",
    "Has VNA services 2x/week.",
  ]);
  const tobacco = p.conditions.has("tobacco")
    ? p.values.get("smokesNow")
      ? r.pick([
          `Tobacco: 1 ppd x ${p.values.get("packYears")} years.`,
          `Smokes ${r.pick(["1/2", "1", "2"])} ppd.`,
          "Current smoker.",
        ])
      : r.pick([
          `Former smoker, quit ${deidYear(new Date(c.a.admitTime).getUTCFullYear() - r.int(2, 30))}, ${p.values.get("packYears")} pack-year history.`,
          "Quit tobacco 10 yrs ago.",
        ])
    : r.pick(["Denies tobacco.", "Never smoker.", "No tobacco.", ""]);
  const alcohol = p.conditions.has("alcohol")
    ? r.pick([
        "Drinks 6-8 beers daily.",
        "h/o heavy EtOH use, last drink 2 days ago.",
        "EtOH: 1 pint vodka/day.",
        "Reports drinking a case of beer on weekends.",
      ])
    : r.pick(["Social EtOH.", "Occasional glass of wine.", "Denies EtOH.", "No EtOH.", ""]);
  const drugs = p.conditions.has("drugs")
    ? r.pick([
        "Active IVDU (heroin).",
        "Smokes crack cocaine.",
        "h/o IVDU, on methadone.",
        "Uses marijuana and cocaine.",
      ])
    : r.pick(["Denies illicits.", "No IVDU.", "Denies drug use.", ""]);
  return [lives, work, function_, tobacco, alcohol, drugs].filter((x) => x !== "").join(r.chance(0.5) ? "\n" : " ");
}

/** Which exam line a chronic condition's finding belongs on. */
function systemOf(finding: string): string {
  if (/JVP|JVD/.test(finding)) return "NECK";
  if (/crackles|wheez|breath sounds|expiratory|barrel/.test(finding)) return "LUNGS";
  if (/edema|pulses|BKA/.test(finding)) return "EXT";
  if (/murmur|irreg|S3/.test(finding)) return "CV";
  if (/icterus|pallor/.test(finding)) return "HEENT";
  if (/fluid wave|distended/.test(finding)) return "ABD";
  if (/oriented|A&Ox1|demented|hemiparesis|droop|sensation|asterixis|tremulous/.test(finding)) return "NEURO";
  if (/jaundiced|spider|track marks|decubitus/.test(finding)) return "SKIN";
  return "GEN";
}

const NORMAL: Readonly<Record<string, readonly string[]>> = {
  GEN: [
    "NAD",
    "well appearing, in no acute distress",
    "elderly, lying in bed, NAD",
    "pleasant, conversant, NAD",
    "comfortable, speaking full sentences",
  ],
  HEENT: [
    "NCAT, PERRL, EOMI, MMM, OP clear",
    "dry mucous membranes, anicteric sclera",
    "sclera anicteric, MMM, oropharynx clear",
    "PERRLA, EOMI, no LAD",
  ],
  NECK: ["supple, JVP not elevated, no LAD", "no JVD, no carotid bruits", "supple, JVP at 7 cm"],
  CV: [
    "RRR, normal S1, S2, no m/r/g",
    "regular rate and rhythm, no murmurs",
    "tachycardic, regular, no murmurs, rubs, gallops",
    "RRR, II/VI SEM at LUSB",
  ],
  LUNGS: [
    "CTAB, no wheezes, rales, rhonchi",
    "clear to auscultation bilaterally",
    "decreased BS at R base",
    "mild bibasilar rales",
    "poor air movement, no wheezes",
  ],
  ABD: [
    "soft, NT/ND, +BS, no organomegaly",
    "obese, soft, nontender, nondistended",
    "mildly tender in epigastrium, no rebound or guarding",
    "soft, non-tender, BS+",
  ],
  EXT: ["WWP, no c/c/e, 2+ DP pulses", "no edema", "trace bilateral LE edema", "no clubbing, cyanosis or edema"],
  NEURO: [
    "A&Ox3, CNII-XII intact, strength 5/5 throughout",
    "alert and oriented, nonfocal",
    "AOx3, moving all extremities, gait deferred",
  ],
  SKIN: ["no rashes or lesions", "warm and dry", "intact"],
};

/** The admission physical exam: vitals, then one line per system, with the findings chronic conditions leave. */
export function physicalExam(c: Ctx, reason: AcuteReason): string {
  const { r, p, a } = c;
  const o = a.obs;
  const lines = new Map<string, string>();
  for (const sys of Object.keys(NORMAL)) lines.set(sys, r.pick(NORMAL[sys]!));
  for (const cond of CHRONIC_CONDITIONS) {
    if (!p.conditions.has(cond.id) || !cond.exam || !r.chance(cond.examProb ?? 0)) continue;
    const finding = r.pick(cond.exam);
    const sys = systemOf(finding);
    lines.set(sys, sys === "GEN" ? `${finding}, NAD` : finding);
  }
  const intubated = a.events.intubatedOnArrival;
  if (intubated) {
    lines.set("GEN", "intubated, sedated");
    lines.set("NEURO", `sedated, GCS ${r.int(3, 8)}T`);
  } else if (a.severity > 1)
    lines.set(
      "GEN",
      r.pick(["ill appearing", "lethargic, arousable to voice", "in respiratory distress, using accessory muscles"]),
    );
  if (!intubated && o.gcs < 14) lines.set("NEURO", `GCS ${o.gcs}, not following commands`);
  if (reason.group === "stroke" && !intubated)
    lines.set("NEURO", r.pick(["L facial droop, LUE 2/5, LLE 3/5", "expressive aphasia, R pronator drift"]));
  if (a.complications.includes("pressureUlcer") && r.chance(0.5)) lines.set("SKIN", "stage II sacral decubitus");
  const vs = `VS: T ${o.temp} BP ${o.sbp}/${o.dbp} HR ${o.hr} RR ${intubated ? r.int(12, 20) : o.rr} O2 ${o.spo2}%${intubated ? " on vent" : r.pick([" RA", " 2L", ""])}`;
  const body = [
    vs,
    ...[...lines].filter(([sys]) => sys !== "SKIN" || r.chance(0.7)).map(([sys, text]) => `${sys}: ${text}`),
  ];
  if (r.chance(0.15)) body.push(`Rectal: ${r.pick(["guaiac negative", "guaiac positive brown stool", "deferred"])}`);
  const head = r.weighted(["Admission exam:\n", "On admission:\n", "", "ADMISSION EXAM\n"], [3, 1, 5, 1]);
  return head + body.join("\n");
}
