/**
 * The documentation rules Coding.ts applies: which codes an encounter's reason brings, how often a known chronic
 * condition is coded again, and which drugs and procedures go with which reasons. Probabilities are the
 * generator's own choices.
 */

/** Chronic conditions and how often an office visit codes them once known (inpatient ×1.25, emergency ×0.5). */
export const CHRONIC_DOCUMENTATION: ReadonlyArray<readonly [string, number]> = [
  ["hf", 0.8],
  ["t2d", 0.75],
  ["t1d", 0.8],
  ["hypertension", 0.6],
  ["ckd", 0.6],
  ["copd", 0.6],
  ["afib", 0.6],
  ["cad", 0.5],
  ["hyperlipidemia", 0.45],
  ["prediabetes", 0.4],
  ["depression", 0.4],
  ["hypothyroid", 0.4],
  ["smoker", 0.35],
  ["obesity", 0.3],
  ["osteoarthritis", 0.3],
  ["gerd", 0.3],
  ["alcohol", 0.3],
  ["anemia", 0.2],
  ["gallstones", 0.2],
  ["chronicPancreatitis", 0.5],
  ["secondaryDm", 0.7],
  ["insipidus", 0.7],
  ["gestational", 0.9],
  ["paca", 0.9],
  ["breastCancer", 0.6],
  ["colonCancer", 0.6],
  ["prostateCancer", 0.6],
];

/** CKD stages, mildest first: only the current (highest known) stage is coded. */
export const CKD_STAGES = ["ckd1", "ckd2", "ckd3", "ckd4", "esrd"] as const;

/** An encounter reason's codes: [condition, probability]; the first listed with probability 1 is the primary. */
export const REASON_CODES: Readonly<Record<string, ReadonlyArray<readonly [string, number]>>> = {
  hfExacerbation: [
    ["hf", 1],
    ["dyspnea", 0.5],
    ["edema", 0.3],
  ],
  hfOnset: [
    ["hf", 1],
    ["dyspnea", 0.7],
    ["edema", 0.5],
  ],
  mi: [
    ["mi", 1],
    ["chestPain", 0.5],
  ],
  stroke: [["stroke", 1]],
  pneumonia: [
    ["pneumonia", 1],
    ["fever", 0.4],
    ["dyspnea", 0.3],
  ],
  copdExacerbation: [
    ["copdExacerbation", 1],
    ["copd", 1],
    ["dyspnea", 0.5],
  ],
  uti: [
    ["uti", 1],
    ["fever", 0.2],
  ],
  sepsis: [
    ["sepsis", 1],
    ["uti", 0.3],
    ["pneumonia", 0.3],
    ["fever", 0.5],
  ],
  aki: [
    ["aki", 1],
    ["dehydration", 0.4],
  ],
  hipFracture: [["hipFracture", 1]],
  cellulitis: [
    ["cellulitis", 1],
    ["fever", 0.2],
  ],
  chestPain: [["chestPain", 1]],
  syncope: [["syncope", 1]],
  bronchitis: [["bronchitis", 1]],
  sinusitis: [["sinusitis", 1]],
  backPain: [["backPain", 1]],
  headache: [["headache", 1]],
  cholecystitis: [
    ["cholecystitis", 1],
    ["gallstones", 1],
    ["abdominalPain", 0.5],
  ],
  acutePancreatitis: [
    ["acutePancreatitis", 1],
    ["abdominalPain", 0.7],
  ],
  pacaWorkup: [
    ["abdominalPain", 0.7],
    ["weightLoss", 0.6],
  ],
  pacaDiagnosis: [
    ["paca", 1],
    ["jaundice", 0.4],
    ["weightLoss", 0.4],
    ["abdominalPain", 0.4],
  ],
  prodrome: [
    ["dyspnea", 0.6],
    ["edema", 0.4],
    ["fatigue", 0.4],
  ],
};

/** The terminal stay's reason by cause of death. */
export const TERMINAL_REASON: Readonly<Record<string, string>> = {
  hf: "hfExacerbation",
  esrd: "aki",
  copd: "copdExacerbation",
  t2d: "sepsis",
  cad: "mi",
  mi: "mi",
  paca: "pacaDiagnosis",
  other: "pneumonia",
};

/** Symptoms coded now and then on any office visit (noise), and more often in the HF prodrome / before PaCa. */
export const SYMPTOM_NOISE: ReadonlyArray<readonly [string, number]> = [
  ["dyspnea", 0.04],
  ["edema", 0.03],
  ["fatigue", 0.04],
  ["abdominalPain", 0.02],
  ["weightLoss", 0.005],
];
export const HF_PRODROME: ReadonlyArray<readonly [string, number]> = [
  ["dyspnea", 0.25],
  ["edema", 0.2],
  ["fatigue", 0.15],
];
export const PACA_PRECURSORS: ReadonlyArray<readonly [string, number]> = [
  ["weightLoss", 0.5],
  ["abdominalPain", 0.4],
];

/** Drugs given during a stay or visit for its reason: [drug, probability]. */
export const REASON_DRUGS: Readonly<Record<string, ReadonlyArray<readonly [string, number]>>> = {
  hfExacerbation: [["furosemideIv", 0.8]],
  hfOnset: [["furosemideIv", 0.8]],
  pneumonia: [["ceftriaxone", 0.8]],
  sepsis: [["ceftriaxone", 0.9]],
  uti: [["amoxicillin", 0.6]],
  cellulitis: [["amoxicillin", 0.7]],
  bronchitis: [["amoxicillin", 0.3]],
  sinusitis: [["amoxicillin", 0.5]],
  backPain: [
    ["ibuprofen", 0.5],
    ["acetaminophen", 0.3],
  ],
  headache: [
    ["ibuprofen", 0.4],
    ["acetaminophen", 0.4],
  ],
  hipFracture: [["morphine", 0.7]],
  acutePancreatitis: [
    ["morphine", 0.6],
    ["ondansetron", 0.5],
  ],
  cholecystitis: [
    ["morphine", 0.4],
    ["ondansetron", 0.4],
  ],
  mi: [["nitroglycerin", 0.6]],
};

/** Procedures for a reason: [procedure, probability]. */
export const REASON_PROCEDURES: Readonly<Record<string, ReadonlyArray<readonly [string, number]>>> = {
  hfOnset: [
    ["echo", 0.8],
    ["ecg", 0.8],
    ["chestXray", 0.7],
  ],
  hfExacerbation: [
    ["echo", 0.3],
    ["ecg", 0.6],
    ["chestXray", 0.7],
  ],
  mi: [
    ["ecg", 0.95],
    ["pci", 0.5],
    ["cabg", 0.1],
    ["echo", 0.5],
  ],
  pneumonia: [["chestXray", 0.8]],
  copdExacerbation: [["chestXray", 0.6]],
  chestPain: [["ecg", 0.8]],
  syncope: [["ecg", 0.8]],
  sepsis: [
    ["intubation", 0.2],
    ["transfusion", 0.1],
  ],
  cholecystitis: [["cholecystectomy", 0.7]],
  terminal: [["intubation", 0.3]],
};
