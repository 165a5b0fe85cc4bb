import type { SeededRandom } from "../../../util/SeededRandom.ts";
import { CHRONIC_CONDITIONS } from "../catalog/chronicConditions.ts";
import type { AdmissionState, PatientState } from "../types.ts";
import { deidClip, deidDate } from "./deid.ts";

/**
 * NOTEEVENTS categories other than discharge summaries, with MIMIC-III's spelling (including the trailing spaces
 * of "Physician ", "Respiratory " and "Case Management ") and their share of MIMIC-III's 2.0 million such notes.
 */
export const OTHER_CATEGORIES: ReadonlyArray<readonly [category: string, share: number]> = [
  ["Nursing/other", 822_497],
  ["Radiology", 522_279],
  ["Nursing", 223_556],
  ["ECG", 209_051],
  ["Physician ", 141_624],
  ["Echo", 45_794],
  ["Respiratory ", 31_739],
  ["Nutrition", 9_418],
  ["General", 8_301],
  ["Rehab Services", 5_431],
  ["Social Work", 2_670],
  ["Case Management ", 967],
  ["Pharmacy", 103],
  ["Consult", 98],
];

/** Categories of notes written outside any admission (no HADM_ID): outpatient imaging and tracings. */
export const OUTPATIENT_CATEGORIES: ReadonlyArray<readonly [category: string, share: number]> = [
  ["Radiology", 6],
  ["ECG", 3.5],
  ["Echo", 0.5],
];

/** A note's DESCRIPTION, TEXT, whether it has a CHARTTIME, a STORETIME and a caregiver id, as MIMIC fills them. */
export interface OtherNote {
  description: string;
  text: string;
  hasChartTime: boolean;
  hasStoreTime: boolean;
  hasCaregiver: boolean;
}

const RADIOLOGY = [
  [
    "CHEST (PORTABLE AP)",
    "Portable AP chest radiograph.",
    [
      "No acute cardiopulmonary process.",
      "Interval increase in bilateral pleural effusions.",
      "Endotracheal tube terminates 4 cm above the carina.",
      "Right lower lobe opacity concerning for pneumonia.",
    ],
  ],
  [
    "CHEST (PA & LAT)",
    "PA and lateral views of the chest.",
    ["No pneumonia.", "Stable cardiomegaly without edema.", "Hyperinflated lungs consistent with COPD."],
  ],
  [
    "CT HEAD W/O CONTRAST",
    "Non-contrast head CT.",
    ["No acute intracranial hemorrhage.", "Age-related involutional changes.", "Stable small right subdural hematoma."],
  ],
  [
    "CT ABD & PELVIS WITH CONTRAST",
    "CT of the abdomen and pelvis after IV contrast.",
    [
      "No acute intra-abdominal process.",
      "Cirrhotic liver with moderate ascites.",
      "Dilated loops of small bowel with transition point.",
    ],
  ],
  [
    "RENAL U.S.",
    "Renal ultrasound.",
    ["No hydronephrosis.", "Echogenic kidneys consistent with medical renal disease."],
  ],
  [
    "BILAT LOWER EXT VEINS",
    "Bilateral lower extremity venous Doppler.",
    ["No DVT.", "Occlusive thrombus in the left popliteal vein."],
  ],
] as const;

function nursingOther(r: SeededRandom, p: PatientState, a: AdmissionState | null, last: boolean): string {
  const newborn = p.newborn;
  if (newborn) {
    return `NPN 0700-1900\n#1 Resp: ${r.pick(["In RA, no apnea or bradycardia.", "On CPAP 6 cm, FiO2 25-30%.", "RR 40-60s, mild retractions."])}\n#2 FEN: TF 150cc/kg/day ${r.pick(["BM/PE 24", "SC 20", "breastfeeding well"])}. Abd soft, voiding and stooling.\n#3 G&D: Temp stable in ${r.pick(["open crib", "isolette"])}. Parents in to visit.\n`;
  }
  const death =
    last && a?.died && r.chance(0.5)
      ? `\nPt expired at ${r.int(0, 23)}:${r.int(10, 59)}, family at bedside. MD notified.`
      : "";
  return `Nursing Progress Note ${r.pick(["0700-1900", "1900-0700"])}:\n${historyLine(p)}\nNeuro: ${r.pick(["A&Ox3, MAE, follows commands.", "Sedated on propofol, withdraws to pain.", "Lethargic but arousable, oriented x1."])}\nCV: HR ${r.int(60, 120)}s ${r.pick(["SR", "ST", "AF"])}, ${r.pick(["no ectopy", "occasional PVCs"])}. BP ${r.int(90, 160)}/${r.int(40, 90)}.\nResp: ${r.pick(["LS clear, diminished at bases.", "Coarse BS bilaterally, suctioned for thick tan secretions.", "On 2L NC, sats 95-98%."])}\nGI: ${r.pick(["Abd soft, +BS, tolerating diet.", "NPO, OGT to LIS.", "TF at goal."])}\nGU: ${r.pick(["Foley draining clear yellow urine 50-100cc/hr.", "Voiding qs.", "UOP marginal, 20-30cc/hr."])}\nSkin: ${r.pick(["Intact.", "Stage II to coccyx, DSD applied.", "Multiple ecchymoses on arms."])}\nSocial: ${r.pick(["Family in to visit, updated by RN.", "No calls overnight.", "Daughter called, updated."])}\nPlan: ${r.pick(["Continue to monitor, ?transfer to floor.", "Wean vent as tolerated.", "Follow labs, replete lytes prn."])}${death}\n`;
}

function nursing(r: SeededRandom, a: AdmissionState | null): string {
  const problem = r.pick([
    "Pneumonia, other",
    "Hypotension (not Shock)",
    "Altered mental status (not Delirium)",
    "Atrial fibrillation (Afib)",
    "Pain control (acute pain, chronic pain)",
    "Renal failure, acute (Acute renal failure, ARF)",
    "Sepsis without organ dysfunction",
  ]);
  return `${problem}\n   Assessment:\n   ${r.pick(["Pt afebrile, HR 90s, BP stable.", "Pt remains hypotensive with MAPs 55-60.", "Pt with increased confusion overnight."])}\n   Action:\n   ${r.pick(["IVF bolus given.", "Levophed titrated.", "Lasix 40 mg IV given."])}\n   Response:\n   ${r.pick(["MAP improved to >65.", "Good UOP response.", "No change."])}\n   Plan:\n   ${r.pick(["Continue to monitor.", "Follow up cultures.", "Wean pressors as tolerated."])}${a?.died && r.chance(0.1) ? "\n   Pt made CMO per family meeting." : ""}\n`;
}

function radiology(r: SeededRandom, time: number): [string, string] {
  const [description, technique, impressions] = r.pick(RADIOLOGY);
  const hh = new Date(time).toISOString().slice(11, 16);
  return [
    description,
    `${deidDate(time)} ${hh}\n ${description}${" ".repeat(Math.max(1, 60 - description.length))}Clip # ${deidClip(r)}\n Reason: ${r.pick(["eval for infiltrate", "r/o acute process", "s/p line placement", "eval for bleed"])}\n ______________________________________________________________________________\n                                 FINAL REPORT\n INDICATION: ${r.pick(["Shortness of breath.", "Fever.", "Fall.", "Line placement."])}\n\n TECHNIQUE: ${technique}\n\n COMPARISON: ${r.chance(0.6) ? deidDate(time - r.int(1, 400) * 86_400_000) : "None."}\n\n FINDINGS: ${r.pick(impressions)} ${r.pick(["The cardiomediastinal silhouette is stable.", "There is no pneumothorax.", "Osseous structures are unremarkable."])}\n\n IMPRESSION: ${r.pick(impressions)}\n`,
  ];
}

function ecg(r: SeededRandom, p: PatientState, time: number): string {
  const rhythm =
    p.conditions.has("afib") && r.chance(0.6)
      ? "Atrial fibrillation with rapid ventricular response."
      : r.pick(["Sinus rhythm.", "Sinus tachycardia.", "Sinus bradycardia."]);
  const extra = r.sample(
    [
      "Left axis deviation.",
      "Nonspecific ST-T wave changes.",
      "Low QRS voltages in the limb leads.",
      "Left ventricular hypertrophy.",
      "Prolonged QTc interval.",
      "Right bundle-branch block.",
    ],
    r.int(0, 3),
  );
  return (
    `${rhythm} ${extra.join(" ")} ${r.chance(0.6) ? `Compared to the previous tracing of ${deidDate(time - r.int(1, 300) * 86_400_000)} there is no significant change.` : ""}`.trim() +
    "\n"
  );
}

/**
 * The past medical history line of adult nursing and physician progress notes: the patient's chronic conditions by
 * their first name, in catalogue order. Deterministic (no draw), so adding it left every other text of the hospital
 * as it was; it gives the early notes of a stay the history that drives early returns (ReadmissionModel.ts), as
 * real progress notes carry it.
 */
function historyLine(p: PatientState): string {
  const names = CHRONIC_CONDITIONS.filter((c) => p.conditions.has(c.id)).map((c) => c.names[0]);
  return `PMH: ${names.length > 0 ? names.join(", ") : "none significant"}`;
}

function physician(r: SeededRandom, p: PatientState, a: AdmissionState | null): string {
  return `Chief Complaint: ${r.pick(["hypotension", "respiratory failure", "sepsis", "GI bleed", "altered mental status"])}\n${historyLine(p)}\n24 Hour Events:\n ${r.pick(["- Weaned off levophed", "- Extubated this AM", "- Transfused 1 unit pRBC", "- No acute events overnight"])}\nAllergies:\n${p.allergies.length > 0 ? p.allergies.join("\n") : "No Known Drug Allergies"}\nLast dose of Antibiotics:\nVancomycin - ${deidDate(a?.admitTime ?? 0)} 08:00 PM\nPhysical Examination\nGeneral Appearance: ${r.pick(["No acute distress", "Intubated, sedated"])}\nCardiovascular: (S1: Normal), (S2: Normal)\nRespiratory / Chest: (Breath Sounds: Crackles : bibasilar)\nLabs / Radiology\n${r.int(150, 400)} K/uL\n${(8 + r.next() * 6).toFixed(1)} g/dL\nAssessment and Plan\n${r.pick(["SEPSIS WITHOUT ORGAN DYSFUNCTION", "RESPIRATORY FAILURE, ACUTE", "HYPOTENSION", "ALTERED MENTAL STATUS"])}\n- continue current management\nICU Care\nNutrition: ${r.pick(["NPO", "Tube feeds", "Regular diet"])}\nCode status: ${a?.events.dnrOnAdmission ? "DNR / DNI" : "Full code"}\nDisposition: ICU\n`;
}

function echo(r: SeededRandom, p: PatientState): string {
  const ef = p.values.get("ef") ?? r.int(55, 70);
  return `PATIENT/TEST INFORMATION:\nIndication: ${r.pick(["Congestive heart failure. Left ventricular function.", "Syncope.", "Murmur.", "Endocarditis."])}\nHeight: (in) ${r.int(58, 76)}\nWeight (lb): ${r.int(100, 280)}\nBP (mm Hg): ${r.int(90, 160)}/${r.int(50, 90)}\nStatus: Inpatient\nTest: TTE (Complete)\nDoppler: Full Doppler and color Doppler\n\nConclusions:\nThe left atrium is ${r.pick(["normal in size", "mildly dilated", "moderately dilated"])}. Left ventricular systolic function is ${ef < 40 ? "severely depressed" : "normal"} (LVEF ${ef}%). ${r.pick(["There is no pericardial effusion.", "Mild (1+) mitral regurgitation is seen.", "The aortic valve leaflets are mildly thickened."])}\n`;
}

function generic(r: SeededRandom, category: string): string {
  const lines: Record<string, readonly string[]> = {
    "Respiratory ": [
      "Respiratory Care: Pt remains intubated on CMV 500x14, PEEP 5, FiO2 40%. BS coarse, suctioned for small amt thick secretions. RSBI 85. Plan: SBT in AM.",
      "Pt on BiPAP 12/5 overnight, tolerated well. Will continue nocturnal BiPAP.",
    ],
    Nutrition: [
      "Nutrition: Pt is NPO. Est needs 1800-2100 kcal/day, 80-100 g protein. Recommend TF of Replete with fiber at goal 65 ml/hr.",
      "Pt tolerating regular diet with fair PO intake. Will add Ensure TID.",
    ],
    General: ["Family meeting held with pt's daughter and son. Updated on clinical status. Questions answered."],
    "Rehab Services": [
      "Physical Therapy Evaluation: Pt seen for mobility eval. Transfers with min assist, ambulated 50 ft with RW. Recommend rehab.",
    ],
    "Social Work": ["Social Work: Met with pt and family to provide support and discuss discharge planning."],
    "Case Management ": ["Case Management: Referrals sent to rehab facilities. Insurance authorization pending."],
    Pharmacy: ["Pharmacy consult: vancomycin dosing. Trough 14.2, continue current dose."],
    Consult: ["Consult: Pt seen at the request of the primary team. Recommendations discussed with the team."],
  };
  return `${r.pick(lines[category] ?? ["Note."])}\n`;
}

/** Writes one non-discharge note of the given category at `time` for an admission (null for outpatient notes). */
export function otherNote(
  r: SeededRandom,
  category: string,
  p: PatientState,
  a: AdmissionState | null,
  time: number,
  last: boolean,
): OtherNote {
  switch (category) {
    case "Nursing/other":
      return {
        description: "Report",
        text: nursingOther(r, p, a, last),
        hasChartTime: true,
        hasStoreTime: true,
        hasCaregiver: true,
      };
    case "Nursing":
      return {
        description: r.pick(["Nursing Progress Note", "Nursing Transfer Note", "Generic Note"]),
        text: nursing(r, a),
        hasChartTime: true,
        hasStoreTime: true,
        hasCaregiver: true,
      };
    case "Radiology": {
      const [description, text] = radiology(r, time);
      return { description, text, hasChartTime: true, hasStoreTime: false, hasCaregiver: false };
    }
    case "ECG":
      return {
        description: "Report",
        text: ecg(r, p, time),
        hasChartTime: false,
        hasStoreTime: false,
        hasCaregiver: false,
      };
    case "Physician ":
      return {
        description: r.pick([
          "Physician Resident Progress Note",
          "Intensivist Note",
          "Physician Attending Progress Note",
        ]),
        text: physician(r, p, a),
        hasChartTime: true,
        hasStoreTime: true,
        hasCaregiver: true,
      };
    case "Echo":
      return {
        description: "Report",
        text: echo(r, p),
        hasChartTime: r.chance(0.8),
        hasStoreTime: false,
        hasCaregiver: false,
      };
    default:
      return {
        description: r.pick(["Generic Note", "Report", `${category.trim()} Note`]),
        text: generic(r, category),
        hasChartTime: true,
        hasStoreTime: true,
        hasCaregiver: true,
      };
  }
}
