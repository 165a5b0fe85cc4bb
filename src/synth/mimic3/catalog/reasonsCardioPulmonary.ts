import type { AcuteReason, Ctx } from "../types.ts";

const pron = (c: Ctx) => (c.p.sex === "M" ? "he" : "she");

function pciProcedures(c: Ctx): string[] {
  const { r } = c;
  const out = ["3722", "8856"];
  if (r.chance(0.65)) {
    const stents = r.weighted([1, 2, 3], [6, 3, 1]);
    out.push("0066", r.chance(0.8) ? "3607" : "3606", "0040");
    out.push(stents === 1 ? "0045" : stents === 2 ? "0046" : "0047");
    if (stents > 1) out[out.indexOf("0040")] = "0041";
  }
  return out;
}

function cabgProcedures(c: Ctx): string[] {
  const grafts = c.r.weighted(["3615", "3612", "3613", "3614"], [1, 3, 4, 2]);
  const out = ["3961", grafts];
  if (grafts !== "3615" && c.r.chance(0.7)) out.push("3615");
  if (c.r.chance(0.4)) out.push("3722", "8856");
  if (c.r.chance(0.5)) out.push("8872");
  return out;
}

/** Heart and lung problems: heart failure, coronary syndromes, cardiac surgery, COPD, embolism, syncope. */
export const CARDIOPULMONARY_REASONS: readonly AcuteReason[] = [
  {
    id: "chf-exacerbation",
    group: "chf",
    title: "Acute on chronic heart failure",
    weight: 0.4,
    perDecade: 0.4,
    boosts: { chf: 14, ckd: 1.4, valve: 2 },
    elective: 0,
    service: "MEDICINE",
    admitDx: ["CONGESTIVE HEART FAILURE", "CHF EXACERBATION", "SHORTNESS OF BREATH", "DYSPNEA"],
    codes: (c) => {
      const ef = c.p.values.get("ef") ?? 45;
      return [c.r.chance(0.85) ? (ef < 40 ? "42823" : "42833") : "42843", "4280"];
    },
    procedures: (c) => (c.r.chance(0.25) ? ["8872"] : c.r.chance(0.1) ? ["3723"] : []),
    chiefComplaints: ["shortness of breath", "dyspnea on exertion", "SOB, leg swelling", "weight gain, dyspnea"],
    story: (c) =>
      `presents with ${c.r.pick(["1 week", "several days", "2 weeks"])} of ${c.r.pick(["worsening dyspnea on exertion and orthopnea", "increasing lower extremity edema and a 10 lb weight gain", "PND, orthopnea and dyspnea"])}. ${c.r.pick(["Admits to dietary indiscretion over the holidays.", "Reports running out of his lasix.", "Now sleeps on 3 pillows.", "", "Denies chest pain."])}`,
    findings: (c) => [
      c.r.pick([
        "CXR with pulmonary edema and bilateral effusions",
        "CXR showed vascular congestion",
        "BNP 3420",
        "BNP >4000",
      ]),
    ],
    obs: { spo2: -4, rr: 5, hr: 8, sbp: 10 },
    severity: 0.3,
    mortality: 0.3,
    losMedian: 5,
    airway: 0.2,
    complications: { aki: 0.6, hyponatremia: 0.5, volumeOverload: 1.0 },
    dischargeDx: (c) => [
      c.r.pick(["Acute on chronic systolic heart failure", "Acute on chronic diastolic CHF", "CHF exacerbation"]),
    ],
    course: (c) =>
      `# Acute on chronic CHF: diuresed with IV lasix ${c.r.pick(["40 mg", "80 mg", "drip"])} with net negative ${c.r.int(3, 9)} L. ${c.a.died ? "Diuresis was limited by hypotension." : `Transitioned to PO torsemide; discharge weight ${c.r.int(60, 110)} kg.`}`,
  },
  {
    id: "acs",
    group: "acs",
    title: "Acute coronary syndrome",
    weight: 1.6,
    perDecade: 0.3,
    male: 1.8,
    boosts: { cad: 3, dm: 1.3, hld: 1.3, tobacco: 1.4, htn: 1.2 },
    elective: 0.05,
    service: "CARDIOLOGY",
    admitDx: [
      "CHEST PAIN",
      "NSTEMI",
      "ST ELEVATION MYOCARDIAL INFARCTION\\CATH",
      "CORONARY ARTERY DISEASE",
      "TELEMETRY",
    ],
    codes: (c) => [c.r.weighted(["41071", "41041", "41011", "4111"], [6, 2, 2, 2]), "41401"],
    procedures: (c) => (c.r.chance(0.8) ? pciProcedures(c) : []),
    chiefComplaints: ["chest pain", "chest pressure", "substernal chest pain", "CP", "shortness of breath"],
    story: (c) =>
      `presents with ${c.r.pick(["substernal chest pressure radiating to the left arm", "crushing chest pain at rest", "exertional chest tightness that is now occurring at rest", "epigastric discomfort and diaphoresis"])} that began ${c.r.pick(["this morning", "2 hours prior to arrival", "while shoveling snow", "last night"])}. ${c.r.pick(["Took 3 SL nitro without relief.", "Associated with nausea and diaphoresis.", "", "Reports similar pain with prior MI."])}`,
    findings: (c) => [
      c.r.pick([
        "EKG with ST depressions in V4-V6",
        "ECG with 2mm ST elevations in II, III, aVF",
        "troponin 0.45",
        "Trop-T 1.2",
        "CK 640, MB 58",
      ]),
    ],
    obs: { hr: 6 },
    severity: 0.1,
    mortality: 0.2,
    losMedian: 3.5,
    complications: { newAfib: 0.5, aki: 0.2 },
    dischargeDx: (c) => [
      c.r.pick(["NSTEMI", "Inferior STEMI", "Acute coronary syndrome", "Unstable angina"]),
      "Coronary artery disease",
    ],
    course: (c) =>
      `# ${c.r.pick(["NSTEMI", "STEMI", "ACS"])}: taken to the cath lab ${c.r.pick(["emergently", "on hospital day 2"])} which showed ${c.r.pick(["90% mid-LAD stenosis", "occluded RCA", "3 vessel disease"])}. Started on ${c.r.pick(["aspirin, plavix, high dose statin and beta blocker", "ASA/ticagrelor, atorvastatin 80"])}.`,
  },
  {
    id: "cabg",
    group: "cardiac-surgery",
    title: "Coronary artery bypass grafting",
    weight: 1.1,
    perDecade: 0.2,
    male: 2.2,
    boosts: { cad: 5, dm: 1.3 },
    elective: 0.7,
    service: "CARDIOTHORACIC",
    admitDx: ["CORONARY ARTERY DISEASE\\CORONARY ARTERY BYPASS GRAFT /SDA", "CORONARY ARTERY DISEASE", "CAD/SDA"],
    codes: (c) => ["41401", ...(c.r.chance(0.25) ? ["4111"] : [])],
    procedures: cabgProcedures,
    chiefComplaints: ["exertional angina", "chest pain", "dyspnea on exertion", "positive stress test"],
    story: (c) =>
      `has ${c.r.pick(["had several months of exertional angina", "a positive ETT", "had worsening chest pain with exertion"])}. Cardiac catheterization ${c.r.pick(["at an outside hospital", "on [**2-10**]", "last week"])} revealed ${c.r.pick(["three vessel coronary artery disease", "left main and 3 vessel disease", "severe LAD and RCA disease"])} and ${pron(c)} was referred for surgical revascularization.`,
    severity: -0.1,
    mortality: -0.5,
    losMedian: 6.5,
    complications: { newAfib: 1.6, bloodLossAnemia: 1.2, pleuralEffusion: 0.8 },
    dischargeDx: () => ["Coronary artery disease s/p CABG"],
    course: (c) =>
      `Pt was taken to the OR for CABG and transferred to the CVICU in stable condition. ${c.r.pick(["Extubated POD 0.", "Chest tubes were removed POD 2.", "Course complicated by post-op AFib, treated with amiodarone."])} ${c.a.died ? "" : "Cleared by PT for discharge."}`,
  },
  {
    id: "avr",
    group: "cardiac-surgery",
    title: "Aortic valve replacement",
    weight: 0.2,
    perDecade: 0.6,
    boosts: { valve: 35 },
    elective: 0.75,
    service: "CARDIOTHORACIC",
    admitDx: ["AORTIC STENOSIS\\AORTIC VALVE REPLACEMENT /SDA", "AORTIC STENOSIS", "AORTIC VALVE DISEASE"],
    codes: () => ["4241"],
    procedures: (c) => [c.r.chance(0.75) ? "3521" : "3522", "3961", ...(c.r.chance(0.5) ? ["8872"] : [])],
    chiefComplaints: ["dyspnea on exertion", "aortic stenosis", "syncope", "fatigue"],
    story: (c) =>
      `has known aortic stenosis followed by serial echos, now with ${c.r.pick(["progressive dyspnea on exertion", "an episode of exertional syncope", "worsening fatigue"])}. Most recent echo showed ${c.r.pick(["valve area 0.7 cm2", "peak gradient 72 mmHg", "severe AS with preserved EF"])}. Referred for AVR.`,
    severity: -0.1,
    mortality: -0.4,
    losMedian: 7,
    complications: { newAfib: 1.5, bloodLossAnemia: 1.0 },
    dischargeDx: () => ["Aortic stenosis s/p aortic valve replacement"],
    course: () => "Pt underwent aortic valve replacement without complication and was transferred to the CVICU.",
  },
  {
    id: "copd-exacerbation",
    group: "copd",
    title: "COPD exacerbation",
    weight: 0.3,
    boosts: { copd: 14 },
    elective: 0,
    service: "MEDICINE",
    admitDx: ["COPD EXACERBATION", "SHORTNESS OF BREATH", "DYSPNEA", "HYPOXIA"],
    codes: (c) => [c.r.chance(0.8) ? "49121" : "49122", ...(c.r.chance(0.3) ? ["51884"] : [])],
    procedures: (c) => (c.r.chance(0.3) ? ["9390"] : []),
    chiefComplaints: ["shortness of breath", "dyspnea", "wheezing", "SOB"],
    story: (c) =>
      `presents with ${c.r.pick(["3 days", "several days", "1 week"])} of ${c.r.pick(["increased dyspnea, wheezing and sputum production", "worsening SOB and cough productive of green sputum", "wheezing not relieved by home nebs"])}. ${c.r.pick(["Using albuterol every 2 hours at home.", "Recently finished a prednisone taper.", "", "Multiple prior admissions for COPD flares, one requiring intubation."])}`,
    findings: (c) => [c.r.pick(["ABG 7.31/68/62", "CXR hyperinflated without infiltrate", "diffuse wheezing"])],
    obs: { spo2: -6, rr: 8, hr: 12 },
    severity: 0.2,
    mortality: 0.1,
    losMedian: 4,
    airway: 0.8,
    complications: { respFailure: 0.9 },
    dischargeDx: () => ["COPD exacerbation"],
    course: (c) =>
      `# COPD exacerbation: treated with nebs, ${c.r.pick(["prednisone 40 mg", "IV solumedrol"])} and azithromycin.`,
  },
  {
    id: "pe",
    group: "vte",
    title: "Pulmonary embolism",
    weight: 0.8,
    boosts: { cancer: 3, vteHistory: 4, obesity: 1.5 },
    elective: 0,
    service: "MEDICINE",
    admitDx: ["PULMONARY EMBOLISM", "SHORTNESS OF BREATH", "CHEST PAIN"],
    codes: (c) => ["41519", ...(c.r.chance(0.4) ? ["45340"] : [])],
    procedures: (c) => (c.r.chance(0.1) ? ["387"] : c.r.chance(0.05) ? ["9910"] : []),
    chiefComplaints: ["shortness of breath", "pleuritic chest pain", "dyspnea", "leg swelling"],
    story: (c) =>
      `presents with ${c.r.pick(["acute onset dyspnea and pleuritic chest pain", "2 days of left calf swelling and new SOB", "sudden dyspnea after a long car ride"])}.`,
    findings: (c) => [
      c.r.pick(["CTA with bilateral segmental PEs", "CTA chest showed saddle embolus", "LENIs with L popliteal DVT"]),
    ],
    obs: { hr: 18, spo2: -4 },
    severity: 0.2,
    mortality: 0.2,
    losMedian: 4,
    dischargeDx: () => ["Pulmonary embolism"],
    course: (c) => `# PE: started on heparin drip and bridged to ${c.r.pick(["coumadin", "apixaban", "lovenox"])}.`,
  },
  {
    id: "syncope",
    group: "syncope",
    title: "Syncope",
    weight: 1.2,
    perDecade: 0.5,
    boosts: { valve: 2, afib: 1.4, pacemaker: 1.5 },
    elective: 0,
    service: "MEDICINE",
    admitDx: ["SYNCOPE", "SYNCOPE;TELEMETRY", "FALL"],
    codes: () => ["7802"],
    procedures: (c) => (c.r.chance(0.3) ? ["8872"] : []),
    chiefComplaints: ["syncope", "fall", "dizziness", "s/p syncopal episode"],
    story: (c) =>
      `presents after ${c.r.pick(["a witnessed syncopal episode at church", "being found down at home by family", "passing out while standing up from the toilet"])}. ${c.r.pick(["No head strike.", "No prodrome, no incontinence or tongue biting.", "Felt lightheaded beforehand."])}`,
    severity: -0.3,
    mortality: -0.8,
    losMedian: 2.2,
    dischargeDx: (c) => [c.r.pick(["Syncope, likely vasovagal", "Syncope", "Orthostatic hypotension"])],
    course: () =>
      "# Syncope: monitored on telemetry without events; orthostatics were positive and improved with IV fluids.",
  },
  {
    id: "afib-rvr",
    group: "afib",
    title: "Atrial fibrillation with rapid ventricular response",
    weight: 0.3,
    perDecade: 0.4,
    boosts: { afib: 6, chf: 1.3 },
    elective: 0,
    service: "MEDICINE",
    admitDx: ["ATRIAL FIBRILLATION", "RAPID ATRIAL FIBRILLATION", "PALPITATIONS"],
    codes: () => ["42731"],
    procedures: (c) => (c.r.chance(0.2) ? ["9962"] : []),
    chiefComplaints: ["palpitations", "afib with RVR", "lightheadedness", "dyspnea"],
    story: (c) =>
      `presents with ${c.r.pick(["palpitations and lightheadedness since this morning", "a racing heart", "fatigue and HR in the 150s on home monitor"])}.`,
    findings: (c) => [c.r.pick(["EKG with AFib at 148", "afib with RVR to the 160s"])],
    obs: { hr: 45 },
    severity: -0.1,
    mortality: -0.4,
    losMedian: 2.8,
    dischargeDx: () => ["Atrial fibrillation with rapid ventricular response"],
    course: (c) =>
      `# AFib with RVR: rate controlled with ${c.r.pick(["IV diltiazem then PO", "metoprolol uptitration", "amiodarone"])}.`,
  },
];
