/**
 * Drugs the generator prescribes: RxNorm code, name and OMOP concept_id as in the Synthea27Nj vocabulary sample
 * (all of them are there), and how a MIMIC-III PRESCRIPTIONS row names the drug (name, generic name, formulary code,
 * strength, dose, form, route). MIMIC's NDC and GSN are not imitated: NDC is written 0 (as MIMIC does for drugs
 * without one) and GSN empty.
 */
export interface DrugEntry {
  key: string;
  rxnorm: string;
  title: string;
  omopId: number;
  /** Days a prescription covers (DRUG_EXPOSURE days_supply). */
  days: number;
  mimic: {
    drug: string;
    generic: string;
    formulary: string;
    strength: string;
    dose: string;
    unit: string;
    formValue: string;
    formUnit: string;
    route: string;
  };
}

type Row = [key: string, rxnorm: string, title: string, omopId: number, days: number, mimic: string];

// mimic: "drug|generic|formulary|strength|dose|unit|formValue|formUnit|route"
const ROWS: readonly Row[] = [
  [
    "metformin",
    "860975",
    "24 HR metformin hydrochloride 500 MG Extended Release Oral Tablet",
    40163924,
    90,
    "MetFORMIN XR (Glucophage XR)|Metformin XR|METF500XR|500mg ER Tab|500|mg|1|TAB|PO",
  ],
  [
    "insulin",
    "106892",
    "insulin isophane, human 70 UNT/ML / insulin, regular, human 30 UNT/ML Injectable Suspension [Humulin]",
    19009384,
    30,
    "Insulin Human 70/30|Insulin 70/30|INSULIN7030|100 Units/mL - 10 mL Vial|10|UNIT|0.1|mL|SC",
  ],
  [
    "insulinLispro",
    "865098",
    "insulin lispro 100 UNT/ML Injectable Solution [Humalog]",
    40166274,
    30,
    "Insulin Lispro|Insulin Lispro (Humalog)|HUMALOG|100 Units/mL - 10 mL Vial|4|UNIT|0.04|mL|SC",
  ],
  [
    "lisinopril",
    "314076",
    "lisinopril 10 MG Oral Tablet",
    19080128,
    90,
    "Lisinopril|Lisinopril|LISI10|10mg Tab|10|mg|1|TAB|PO",
  ],
  [
    "losartan",
    "979492",
    "losartan potassium 50 MG Oral Tablet",
    40185304,
    90,
    "Losartan Potassium|Losartan Potassium|LOSA50|50mg Tab|50|mg|1|TAB|PO",
  ],
  [
    "furosemide",
    "313988",
    "furosemide 40 MG Oral Tablet",
    957136,
    30,
    "Furosemide|Furosemide|FURO40|40mg Tab|40|mg|1|TAB|PO",
  ],
  [
    "furosemideIv",
    "1719286",
    "10 ML furosemide 10 MG/ML Injection",
    35603224,
    1,
    "Furosemide|Furosemide|FURO100I|100mg/10mL Vial|40|mg|4|mL|IV",
  ],
  [
    "atorvastatin",
    "259255",
    "atorvastatin 80 MG Oral Tablet",
    1545959,
    90,
    "Atorvastatin|Atorvastatin|ATOR80|80mg Tab|80|mg|1|TAB|PO",
  ],
  [
    "simvastatin",
    "312961",
    "simvastatin 20 MG Oral Tablet",
    1539411,
    90,
    "Simvastatin|Simvastatin|SIMV20|20mg Tab|20|mg|1|TAB|PO",
  ],
  [
    "amlodipine",
    "197361",
    "amlodipine 5 MG Oral Tablet",
    1332419,
    90,
    "Amlodipine|Amlodipine|AMLO5|5mg Tab|5|mg|1|TAB|PO",
  ],
  [
    "hctz",
    "310798",
    "hydrochlorothiazide 25 MG Oral Tablet",
    19078106,
    90,
    "Hydrochlorothiazide|Hydrochlorothiazide|HCTZ25|25mg Tab|25|mg|1|TAB|PO",
  ],
  [
    "carvedilol",
    "200033",
    "carvedilol 25 MG Oral Tablet",
    19022781,
    90,
    "Carvedilol|Carvedilol|CARV25|25mg Tab|25|mg|1|TAB|PO",
  ],
  [
    "spironolactone",
    "313096",
    "spironolactone 25 MG Oral Tablet",
    19079658,
    90,
    "Spironolactone|Spironolactone|SPIR25|25mg Tab|25|mg|1|TAB|PO",
  ],
  [
    "digoxin",
    "197604",
    "digoxin 0.125 MG Oral Tablet",
    19018935,
    90,
    "Digoxin|Digoxin|DIGO125|0.125mg Tab|0.125|mg|1|TAB|PO",
  ],
  [
    "warfarin",
    "855332",
    "warfarin sodium 5 MG Oral Tablet",
    40163554,
    30,
    "Warfarin|Warfarin|WARF5|5mg Tab|5|mg|1|TAB|PO",
  ],
  [
    "clopidogrel",
    "309362",
    "clopidogrel 75 MG Oral Tablet",
    19075601,
    90,
    "Clopidogrel Bisulfate|Clopidogrel Bisulfate|CLOP75|75mg Tab|75|mg|1|TAB|PO",
  ],
  ["aspirin", "243670", "aspirin 81 MG Oral Tablet", 19059056, 90, "Aspirin|Aspirin|ASA81|81mg Tab|81|mg|1|TAB|PO"],
  [
    "nitroglycerin",
    "705129",
    "nitroglycerin 0.4 MG/ACTUAT Mucosal Spray",
    19126352,
    30,
    "Nitroglycerin SL|Nitroglycerin SL|NTG4SPRAY|0.4mg Spray|0.4|mg|1|SPRY|SL",
  ],
  [
    "albuterol",
    "2123111",
    "NDA020503 200 ACTUAT albuterol 0.09 MG/ACTUAT Metered Dose Inhaler",
    1511248,
    30,
    "Albuterol Inhaler|Albuterol|ALBU17H|17g Inhaler|2|PUFF|0.0125|INH|IH",
  ],
  [
    "fluticasoneSalmeterol",
    "896209",
    "60 ACTUAT fluticasone propionate 0.25 MG/ACTUAT / salmeterol 0.05 MG/ACTUAT Dry Powder Inhaler",
    40169281,
    30,
    "Fluticasone-Salmeterol (250/50)|Fluticasone-Salmeterol|ADVA250|60 Inhalations|1|INH|1|INH|IH",
  ],
  [
    "nicotinePatch",
    "198031",
    "24 HR nicotine 0.292 MG/HR Transdermal System",
    19019308,
    30,
    "Nicotine Patch|Nicotine Patch|NICO21P|21mg/24hr Patch|1|PTCH|1|PTCH|TD",
  ],
  [
    "amoxicillin",
    "308192",
    "amoxicillin 500 MG Oral Tablet",
    19073188,
    10,
    "Amoxicillin|Amoxicillin|AMOX500|500mg Tab|500|mg|1|TAB|PO",
  ],
  ["ceftriaxone", "2193", "ceftriaxone", 1777806, 1, "CeftriaXONE|CeftriaXONE|CEFT1I|1gm Vial|1|gm|1|VIAL|IV"],
  [
    "acetaminophen",
    "313782",
    "acetaminophen 325 MG Oral Tablet",
    1127433,
    5,
    "Acetaminophen|Acetaminophen|ACET325|325mg Tab|650|mg|2|TAB|PO",
  ],
  [
    "ibuprofen",
    "310965",
    "ibuprofen 200 MG Oral Tablet",
    19078461,
    10,
    "Ibuprofen|Ibuprofen|IBUP200|200mg Tab|400|mg|2|TAB|PO",
  ],
  [
    "ondansetron",
    "1740467",
    "2 ML ondansetron 2 MG/ML Injection",
    35605482,
    1,
    "Ondansetron|Ondansetron|ONDA4I|2mg/mL-2mL|4|mg|2|mL|IV",
  ],
  [
    "morphine",
    "1732136",
    "1 ML morphine sulfate 5 MG/ML Injection",
    35605858,
    1,
    "Morphine Sulfate|Morphine Sulfate|MORP5I|5mg/mL Syringe|2|mg|0.4|mL|IV",
  ],
  [
    "saline",
    "313002",
    "sodium chloride 9 MG/ML Injectable Solution",
    19079524,
    1,
    "0.9% Sodium Chloride|Sodium Chloride 0.9%  Flush|NS1000|1000mL Bag|1000|mL|1000|mL|IV",
  ],
  [
    "pancreatin",
    "198767",
    "pancreatin 600 MG Oral Tablet",
    926488,
    30,
    "Pancrelipase|Pancrelipase|CREO12|12000 Units Cap|1|CAP|1|CAP|PO",
  ],
];

export const DRUGS: readonly DrugEntry[] = ROWS.map(([key, rxnorm, title, omopId, days, m]) => {
  const [drug, generic, formulary, strength, dose, unit, formValue, formUnit, route] = m.split("|") as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  return {
    key,
    rxnorm,
    title,
    omopId,
    days,
    mimic: { drug, generic, formulary, strength, dose, unit, formValue, formUnit, route },
  };
});

export type DrugKey = (typeof ROWS)[number][0];

const BY_KEY = new Map(DRUGS.map((d) => [d.key, d]));

export function drugEntry(key: string): DrugEntry {
  const d = BY_KEY.get(key);
  if (!d) throw new Error(`unknown drug key '${key}'`);
  return d;
}
