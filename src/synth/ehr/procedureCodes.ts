/**
 * Procedures the generator records: SNOMED CT code, name and OMOP concept_id as in the Synthea27Nj vocabulary
 * sample (OMOP PROCEDURE_OCCURRENCE, like Synthea), and the ICD-9-CM procedure code with MIMIC-III's
 * D_ICD_PROCEDURES titles (MIMIC-III PROCEDURES_ICD; null where ICD-9 has no such procedure code).
 */
export interface ProcedureEntry {
  key: string;
  snomed: string;
  title: string;
  /** OMOP concept_id of the SNOMED procedure, or null for a local id. */
  omopId: number | null;
  icd9: readonly [code: string, shortTitle: string, longTitle: string] | null;
}

export const PROCEDURES: readonly ProcedureEntry[] = [
  {
    key: "ecg",
    snomed: "29303009",
    title: "Electrocardiographic procedure",
    omopId: 4163951,
    icd9: ["8952", "Electrocardiogram", "Electrocardiogram"],
  },
  {
    key: "echo",
    snomed: "40701008",
    title: "Echocardiography",
    omopId: 4230911,
    icd9: ["8872", "Dx ultrasound-heart", "Diagnostic ultrasound of heart"],
  },
  {
    key: "hemodialysis",
    snomed: "302497006",
    title: "Hemodialysis",
    omopId: 4120120,
    icd9: ["3995", "Hemodialysis", "Hemodialysis"],
  },
  {
    key: "pci",
    snomed: "415070008",
    title: "Percutaneous coronary intervention",
    omopId: 4216130,
    icd9: ["0066", "PTCA", "Percutaneous transluminal coronary angioplasty [PTCA]"],
  },
  {
    key: "cabg",
    snomed: "232717009",
    title: "Coronary artery bypass graft",
    omopId: 4336464,
    icd9: ["3612", "Aortocor bypas-2 cor art", "(Aorto)coronary bypass of two coronary arteries"],
  },
  {
    key: "chestXray",
    snomed: "399208008",
    title: "Plain chest X-ray",
    omopId: 4163872,
    icd9: ["8744", "Routine chest x-ray", "Routine chest x-ray, so described"],
  },
  {
    key: "intubation",
    snomed: "52765003",
    title: "Intubation",
    omopId: 4202832,
    icd9: ["9604", "Insert endotracheal tube", "Insertion of endotracheal tube"],
  },
  {
    key: "colonoscopy",
    snomed: "73761001",
    title: "Colonoscopy",
    omopId: 4249893,
    icd9: ["4523", "Colonoscopy", "Colonoscopy"],
  },
  {
    key: "transfusion",
    snomed: "180207008",
    title: "Intravenous blood transfusion of packed cells",
    omopId: 4108705,
    icd9: ["9904", "Packed cell transfusion", "Transfusion of packed cells"],
  },
  {
    key: "ablation",
    snomed: "18286008",
    title: "Catheter ablation of tissue of heart",
    omopId: 4057420,
    icd9: [
      "3734",
      "Exc/des hrt les,endovasc",
      "Excision or destruction of other lesion or tissue of heart, endovascular approach",
    ],
  },
  {
    key: "cholecystectomy",
    snomed: "38102005",
    title: "Cholecystectomy",
    omopId: null,
    icd9: ["5123", "Laparoscopic cholecystec", "Laparoscopic cholecystectomy"],
  },
  { key: "medReconciliation", snomed: "430193006", title: "Medication Reconciliation", omopId: 4326177, icd9: null },
  {
    key: "nyhaAssessment",
    snomed: "762998009",
    title: "Assessment using New York Heart Association Classification",
    omopId: 35621760,
    icd9: null,
  },
];

const BY_KEY = new Map(PROCEDURES.map((p) => [p.key, p]));

export function procedureEntry(key: string): ProcedureEntry {
  const p = BY_KEY.get(key);
  if (!p) throw new Error(`unknown procedure key '${key}'`);
  return p;
}
