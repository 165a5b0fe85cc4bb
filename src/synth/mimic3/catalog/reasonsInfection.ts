import type { SeededRandom } from "../../../util/SeededRandom.ts";
import type { AcuteReason, Ctx } from "../types.ts";

const days = (r: SeededRandom) =>
  r.pick(["1 day", "2 days", "3 days", "several days", "4-5 days", "one week", "2 days'"]);

/** Septicemia code (and organism) and the sepsis code by severity: 995.91 sepsis, 995.92 severe, 785.52 shock. */
function sepsisCodes(c: Ctx, organism: readonly (readonly [string, number])[]): string[] {
  const { r, a } = c;
  const septicemia = r.weighted(
    organism.map((o) => o[0]),
    organism.map((o) => o[1]),
  );
  const out = [septicemia];
  if (a.events.pressors) out.push("99592", "78552");
  else out.push(a.severity > 0.6 ? "99592" : "99591");
  return out;
}

const sepsisStoryEnd = (c: Ctx) =>
  c.r.weighted(
    [
      "",
      " Code sepsis was called in the ED.",
      " She met SIRS criteria on arrival.".replace("She", c.p.sex === "M" ? "He" : "She"),
      " Concern for sepsis.",
      " In the ED she was febrile and hypotensive.".replace("she", c.p.sex === "M" ? "he" : "she"),
    ],
    [3, 1, 1, 1, 1],
  );

function sepsisCourse(c: Ctx, source: string): string {
  const { r, a } = c;
  const bug = r.pick(["E. coli", "Klebsiella", "MSSA", "MRSA", "no organism", "GNRs", "Enterococcus"]);
  const abx = r.pick(["vancomycin and zosyn", "vanc/cefepime/flagyl", "meropenem", "ceftriaxone and azithromycin"]);
  return (
    `# ${r.pick(["Sepsis", "Septic shock", "Severe sepsis"])}: source felt to be ${source}. ` +
    `Pt was started on ${abx}${a.events.pressors ? " and required levophed for blood pressure support" : ""}. ` +
    `Blood cultures grew ${bug}; antibiotics were narrowed accordingly${a.died ? "" : ` and ${r.pick(["a 14 day course", "a 10 day course", "a 7 day course"])} was completed with PICC`}.`
  );
}

function infection(
  id: string,
  source: string,
  sourceCode: (c: Ctx) => string[],
  symptom: (c: Ctx) => string,
  extra: Partial<AcuteReason>,
): AcuteReason {
  return {
    id: `sepsis-${id}`,
    group: "sepsis",
    title: `Sepsis from ${source}`,
    weight: 1.6,
    perDecade: 0.3,
    boosts: { dm: 1.3, ckd: 1.4, cancer: 1.8, dementia: 1.8, cirrhosis: 1.5, hiv: 2, copd: 1.2 },
    elective: 0,
    service: "MEDICINE",
    admitDx: ["SEPSIS", "FEVER", "HYPOTENSION", "UROSEPSIS", "SEPSIS;TELEMETRY"],
    codes: (c) => [
      ...sepsisCodes(c, [
        ["0389", 6],
        ["03842", 2],
        ["03811", 1],
        ["03812", 1],
        ["03849", 1],
        ["0380", 0.5],
      ]),
      ...sourceCode(c),
    ],
    procedures: () => [],
    chiefComplaints: [
      "fever",
      "hypotension",
      "fevers, chills",
      "altered mental status",
      "lethargy",
      "fever, tachycardia",
    ],
    story: (c) =>
      c.r.chance(0.45)
        ? `${c.r.pick(["presents with", "was brought in with", "now presents with"])} ${days(c.r)} of fevers and chills, ${symptom(c)}.${sepsisStoryEnd(c)}`
        : `${c.r.pick(["was found more confused than usual", "presents with weakness and decreased PO intake", "was found down at home", "presents with lethargy"])} and ${symptom(c)}.${sepsisStoryEnd(c)}`,
    obs: { temp: 1.6, hr: 22, sbp: -22, wbc: 9, lactate: 2.2, rr: 5 },
    severity: 0.9,
    mortality: 0.8,
    losMedian: 7.5,
    airway: 0.4,
    shock: 1.6,
    complications: { aki: 1.0, acidosis: 1.0, hypotension: 0.8, thrombocytopenia: 0.6, delirium: 0.5 },
    dischargeDx: (c) => [
      c.a.events.pressors ? "Septic shock" : "Sepsis",
      `${c.r.pick(["secondary to", "from"])} ${source}`,
    ],
    course: (c) => sepsisCourse(c, source),
    ...extra,
  };
}

/** Infections: sepsis by source, pneumonia, urinary tract infection, cellulitis. */
export const INFECTION_REASONS: readonly AcuteReason[] = [
  infection(
    "pna",
    "pneumonia",
    (c) => [c.r.weighted(["486", "4829", "5070", "4821"], [5, 1, 2, 1])],
    (c) => c.r.pick(["productive cough", "cough with yellow sputum and dyspnea", "increasing oxygen requirement"]),
    {
      findings: (c) => [
        c.r.pick(["CXR with RLL infiltrate", "CXR showed a new LLL opacity", "CXR with multifocal opacities"]),
      ],
    },
  ),
  infection(
    "uti",
    "urinary source",
    (c) => [c.r.weighted(["5990", "59010"], [4, 1]), ...(c.r.chance(0.5) ? ["04149"] : [])],
    (c) => c.r.pick(["dysuria", "foul smelling urine and confusion", "suprapubic pain", "decreased PO intake"]),
    {
      weight: 1.3,
      boosts: { dementia: 2.5, dm: 1.3, ckd: 1.3, bph: 1.5 },
      findings: (c) => [c.r.pick(["UA with >100 WBC, positive nitrites", "UA grossly positive", "dirty UA"])],
    },
  ),
  infection(
    "skin",
    "cellulitis",
    (c) => [c.r.weighted(["6826", "6823"], [3, 1])],
    (c) =>
      c.r.pick([
        "a red, swollen left leg",
        "worsening erythema of the right lower extremity",
        "an abscess at an injection site",
      ]),
    {
      weight: 1,
      boosts: { dm: 2, obesity: 1.5, drugs: 2.5, pvd: 1.8 },
      findings: () => ["LLE erythema and warmth to the knee"],
      procedures: (c) => (c.r.chance(0.3) ? ["8604"] : []),
    },
  ),
  infection(
    "line",
    "line infection",
    () => ["99931"],
    (c) => c.r.pick(["rigors during dialysis", "erythema at the port site", "rigors after flushing the line"]),
    {
      weight: 0.6,
      boosts: { cancer: 3, ckd: 2.5 },
    },
  ),
  infection(
    "biliary",
    "cholangitis",
    () => ["5761"],
    (c) => c.r.pick(["RUQ pain and jaundice", "abdominal pain and dark urine"]),
    {
      weight: 0.7,
      perDecade: 0.4,
      findings: (c) => [c.r.pick(["RUQ U/S with CBD dilation to 12 mm", "T bili 4.2, alk phos 380"])],
      procedures: (c) => (c.r.chance(0.85) ? (c.r.chance(0.5) ? ["5110", "5187"] : ["5110", "5185"]) : []),
      service: "MEDICINE",
    },
  ),
  {
    id: "uti",
    group: "uti",
    title: "Urinary tract infection",
    weight: 1.4,
    perDecade: 0.5,
    boosts: { dementia: 2, dm: 1.3, bph: 1.5 },
    elective: 0,
    service: "MEDICINE",
    admitDx: ["URINARY TRACT INFECTION", "PYELONEPHRITIS", "FEVER", "ALTERED MENTAL STATUS"],
    codes: (c) => [c.r.weighted(["5990", "59010"], [3, 1]), ...(c.r.chance(0.4) ? ["04149"] : [])],
    procedures: () => [],
    chiefComplaints: ["fever", "dysuria", "flank pain", "confusion", "fever, dysuria"],
    story: (c) =>
      `presents with ${days(c.r)} of ${c.r.pick(["dysuria and frequency", "fevers and left flank pain", "foul smelling urine and confusion", "suprapubic pain and chills"])}.`,
    findings: (c) => [c.r.pick(["UA with >50 WBC, + nitrite", "CVA tenderness", "UA positive"])],
    obs: { temp: 1.2, wbc: 5, hr: 10 },
    severity: -0.1,
    mortality: -0.5,
    losMedian: 3.5,
    complications: { aki: 0.5 },
    dischargeDx: (c) => [c.r.pick(["Urinary tract infection", "Pyelonephritis", "Complicated UTI"])],
    course: (c) =>
      `# UTI: treated with ${c.r.pick(["ceftriaxone then cipro", "IV ceftriaxone", "nitrofurantoin"])}; urine culture grew pan-sensitive E. coli.`,
  },
  {
    id: "cellulitis",
    group: "cellulitis",
    title: "Cellulitis",
    weight: 1.2,
    boosts: { dm: 1.8, obesity: 1.6, drugs: 2.5, pvd: 1.8 },
    elective: 0,
    service: "MEDICINE",
    admitDx: ["CELLULITIS", "LEFT LOWER EXTREMITY CELLULITIS", "ABSCESS"],
    codes: (c) => [c.r.weighted(["6826", "6823"], [3, 1])],
    procedures: (c) => (c.r.chance(0.25) ? ["8604"] : []),
    chiefComplaints: ["leg redness", "cellulitis", "leg swelling and pain", "fever"],
    story: (c) =>
      `presents with ${days(c.r)} of ${c.r.pick(["redness and swelling of the left leg", "a painful red area on the right forearm", "spreading erythema around a leg wound"])}${c.r.chance(0.4) ? " and subjective fevers" : ""}.`,
    findings: () => ["LLE erythema and warmth to the knee, borders marked"],
    obs: { temp: 0.7, wbc: 4 },
    severity: -0.3,
    mortality: -1,
    losMedian: 4,
    dischargeDx: () => ["Cellulitis"],
    course: (c) =>
      `# Cellulitis: treated with ${c.r.pick(["vancomycin then doxycycline", "cefazolin then keflex", "clindamycin"])} with improvement in erythema.`,
  },
  {
    id: "pneumonia",
    group: "pneumonia",
    title: "Pneumonia",
    weight: 4,
    perDecade: 0.35,
    boosts: { copd: 1.8, dementia: 1.8, hiv: 2.5, strokeHistory: 1.5, alcohol: 1.3 },
    elective: 0,
    service: "MEDICINE",
    admitDx: ["PNEUMONIA", "SHORTNESS OF BREATH", "HYPOXIA", "PNEUMONIA;TELEMETRY"],
    codes: (c) => [
      c.r.weighted(["486", "4829", "5070", "4821", "48241", "48242"], [8, 2, 3, 1, 0.5, 0.5]),
      ...(c.a.severity > 0.7 && c.r.chance(0.45) ? ["0389", c.a.events.pressors ? "99592" : "99591"] : []),
    ],
    procedures: (c) => (c.r.chance(0.08) ? ["3322"] : []),
    chiefComplaints: ["shortness of breath", "cough", "dyspnea", "fever, cough", "hypoxia", "SOB"],
    story: (c) =>
      `presents with ${days(c.r)} of ${c.r.pick(["productive cough and fevers", "worsening dyspnea and cough", "cough, subjective fevers and pleuritic chest pain"])}. ${c.r.pick(["Was seen by PCP and started on azithromycin without improvement.", "Sick contacts at home.", "", "Found to be hypoxic to the 80s by VNA."])}`,
    findings: (c) => [
      c.r.pick(["CXR with RLL consolidation", "CXR showed LLL infiltrate", "CXR with possible RML opacity"]),
    ],
    obs: { temp: 1.1, hr: 12, spo2: -5, wbc: 6, rr: 5 },
    severity: 0.3,
    mortality: 0.3,
    losMedian: 5,
    airway: 0.5,
    complications: { respFailure: 0.6, hyponatremia: 0.3 },
    dischargeDx: (c) => [
      c.r.pick([
        "Community acquired pneumonia",
        "Pneumonia",
        "Aspiration pneumonia",
        "Healthcare associated pneumonia",
      ]),
    ],
    course: (c) =>
      `# Pneumonia: treated with ${c.r.pick(["ceftriaxone and azithromycin", "levofloxacin", "vancomycin and cefepime"])}. ${c.a.died ? "Oxygen requirement rose despite antibiotics." : `Oxygen was weaned to room air by hospital day ${c.r.int(2, 6)}.`}`,
  },
];
