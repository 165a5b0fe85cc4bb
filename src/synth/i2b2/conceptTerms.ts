import type { ConceptType } from "../../sources/i2b2/conceptLine.ts";

/**
 * The synthetic i2b2 corpus's concepts (docs/ner.md#synthetic-corpus): each canonical term (what the dictionary
 * baseline holds) with the other forms the generator also writes (abbreviations as clinicians write them), which the
 * dictionary does not hold. Listed by hand after the synthetic hospital's catalogue (src/synth: its admission
 * reasons and chronic conditions, the drugs it prescribes, the labs and studies its notes quote).
 */
export interface ConceptTerm {
  type: ConceptType;
  term: string;
  variants: readonly string[];
}

const t = (type: ConceptType, term: string, ...variants: string[]): ConceptTerm => ({ type, term, variants });

export const CONCEPT_TERMS: readonly ConceptTerm[] = [
  t("problem", "congestive heart failure", "CHF", "heart failure"),
  t("problem", "hypertension", "HTN"),
  t("problem", "atrial fibrillation", "afib", "AF"),
  t("problem", "diabetes mellitus", "DM", "DM2"),
  t("problem", "chronic kidney disease", "CKD"),
  t("problem", "acute kidney injury", "AKI"),
  t("problem", "pneumonia", "PNA"),
  t("problem", "urinary tract infection", "UTI"),
  t("problem", "chronic obstructive pulmonary disease", "COPD"),
  t("problem", "coronary artery disease", "CAD"),
  t("problem", "pulmonary embolism", "PE"),
  t("problem", "chest pain", "CP"),
  t("problem", "shortness of breath", "SOB", "dyspnea"),
  t("problem", "cellulitis"),
  t("problem", "syncope"),
  t("problem", "cirrhosis"),
  t("problem", "hyperkalemia"),
  t("problem", "hyperlipidemia", "HLD"),
  t("problem", "gastrointestinal bleed", "GI bleed", "GIB"),
  t("problem", "alcohol withdrawal", "EtOH withdrawal"),
  t("test", "chest x-ray", "CXR"),
  t("test", "electrocardiogram", "EKG", "ECG"),
  t("test", "troponin", "trop"),
  t("test", "creatinine", "Cr"),
  t("test", "lactate"),
  t("test", "potassium", "K"),
  t("test", "hemoglobin", "Hgb", "Hb"),
  t("test", "white blood cell count", "WBC"),
  t("test", "blood cultures", "BCx"),
  t("test", "echocardiogram", "echo", "TTE"),
  t("test", "computed tomography", "CT"),
  t("test", "brain natriuretic peptide", "BNP"),
  t("test", "urinalysis", "UA"),
  t("treatment", "lisinopril"),
  t("treatment", "metformin"),
  t("treatment", "furosemide", "lasix"),
  t("treatment", "warfarin", "coumadin"),
  t("treatment", "aspirin", "ASA"),
  t("treatment", "atorvastatin", "lipitor"),
  t("treatment", "insulin"),
  t("treatment", "carvedilol", "coreg"),
  t("treatment", "heparin", "heparin gtt"),
  t("treatment", "ceftriaxone", "CTX"),
  t("treatment", "vancomycin", "vanc"),
  t("treatment", "nitroglycerin", "NTG", "nitro"),
  t("treatment", "hydrochlorothiazide", "HCTZ"),
  t("treatment", "clopidogrel", "plavix"),
  t("treatment", "hemodialysis", "HD"),
  t("treatment", "cardiac catheterization", "cath"),
  t("treatment", "intravenous fluids", "IVF"),
];

/** The dictionary baseline's term lists: the canonical terms only, by type (what `synth i2b2` writes as terms.json). */
export function dictionaryTerms(): Record<ConceptType, string[]> {
  const out: Record<ConceptType, string[]> = { problem: [], test: [], treatment: [] };
  for (const c of CONCEPT_TERMS) out[c.type].push(c.term);
  return out;
}
