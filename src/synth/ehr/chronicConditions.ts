import type { ConditionEntry } from "./codeTypes.ts";

/**
 * Chronic conditions, risk factors, cancers and the diabetes types the DHF cohort excludes: their SNOMED CT codes
 * (titles and OMOP concept_ids as in the Synthea27Nj vocabulary sample where it has them; `null`: not in the sample,
 * a local id is assigned), ICD-10-CM codes (2019 long titles) and ICD-9-CM codes (MIMIC-III's D_ICD_DIAGNOSES
 * titles). Type-2 diabetes complications (t2dKidney, t2dNeuropathy) are only ever coded next to the plain t2d code.
 * Neonatal diabetes is absent: every synthetic patient is an adult.
 */
export const CHRONIC_CONDITIONS = [
  {
    key: "obesity",
    domain: "Observation",
    snomed: [["162864005", "Body mass index 30+ - obesity", 4060985]],
    icd10: [
      ["E669", "Obesity, unspecified", 0.85],
      ["E6601", "Morbid (severe) obesity due to excess calories", 0.15],
    ],
    icd9: [
      ["27800", "Obesity NOS", "Obesity, unspecified", 0.85],
      ["27801", "Morbid obesity", "Morbid obesity", 0.15],
    ],
  },
  {
    key: "hyperlipidemia",
    snomed: [["55822004", "Hyperlipidemia", 432867]],
    icd10: [["E785", "Hyperlipidemia, unspecified"]],
    icd9: [["2724", "Hyperlipidemia NEC/NOS", "Other and unspecified hyperlipidemia"]],
  },
  {
    key: "prediabetes",
    snomed: [["15777000", "Prediabetes", 40316773]],
    icd10: [["R7303", "Prediabetes"]],
    icd9: [["79029", "Abnormal glucose NEC", "Other abnormal glucose"]],
  },
  {
    key: "hypertension",
    snomed: [
      ["59621000", "Essential hypertension", 320128, 0.8],
      ["38341003", "Hypertensive disorder", null, 0.2],
    ],
    icd10: [["I10", "Essential (primary) hypertension"]],
    icd9: [["4019", "Hypertension NOS", "Unspecified essential hypertension"]],
  },
  {
    key: "t2d",
    snomed: [["44054006", "Type 2 diabetes mellitus", 201826]],
    icd10: [
      ["E119", "Type 2 diabetes mellitus without complications", 0.8],
      ["E1165", "Type 2 diabetes mellitus with hyperglycemia", 0.2],
    ],
    icd9: [
      [
        "25000",
        "DMII wo cmp nt st uncntr",
        "Diabetes mellitus without mention of complication, type II or unspecified type, not stated as uncontrolled",
        0.8,
      ],
      [
        "25002",
        "DMII wo cmp uncntrld",
        "Diabetes mellitus without mention of complication, type II or unspecified type, uncontrolled",
        0.2,
      ],
    ],
  },
  {
    key: "t2dKidney",
    snomed: [["127013003", "Disorder of kidney due to diabetes mellitus", 192279]],
    icd10: [["E1122", "Type 2 diabetes mellitus with diabetic chronic kidney disease"]],
    icd9: [
      [
        "25040",
        "DMII renl nt st uncntrld",
        "Diabetes with renal manifestations, type II or unspecified type, not stated as uncontrolled",
      ],
    ],
  },
  {
    key: "t2dNeuropathy",
    snomed: [["368581000119106", "Neuropathy due to type 2 diabetes mellitus", 37016354]],
    icd10: [["E1140", "Type 2 diabetes mellitus with diabetic neuropathy, unspecified"]],
    icd9: [
      [
        "25060",
        "DMII neuro nt st uncntrl",
        "Diabetes with neurological manifestations, type II or unspecified type, not stated as uncontrolled",
      ],
    ],
  },
  {
    key: "ckd1",
    snomed: [["431855005", "Chronic kidney disease stage 1", 443614]],
    icd10: [["N181", "Chronic kidney disease, stage 1"]],
    icd9: [["5851", "Chro kidney dis stage I", "Chronic kidney disease, Stage I"]],
  },
  {
    key: "ckd2",
    snomed: [["431856006", "Chronic kidney disease stage 2", 443601]],
    icd10: [["N182", "Chronic kidney disease, stage 2 (mild)"]],
    icd9: [["5852", "Chro kidney dis stage II", "Chronic kidney disease, Stage II (mild)"]],
  },
  {
    key: "ckd3",
    snomed: [["433144002", "Chronic kidney disease stage 3", 443597]],
    icd10: [["N183", "Chronic kidney disease, stage 3 (moderate)"]],
    icd9: [["5853", "Chr kidney dis stage III", "Chronic kidney disease, Stage III (moderate)"]],
  },
  {
    key: "ckd4",
    snomed: [["431857002", "Chronic kidney disease stage 4", 443612]],
    icd10: [["N184", "Chronic kidney disease, stage 4 (severe)"]],
    icd9: [["5854", "Chr kidney dis stage IV", "Chronic kidney disease, Stage IV (severe)"]],
  },
  {
    key: "esrd",
    snomed: [["46177005", "End-stage renal disease", 193782]],
    icd10: [["N186", "End stage renal disease"]],
    icd9: [["5856", "End stage renal disease", "End stage renal disease"]],
  },
  {
    key: "cad",
    snomed: [["53741008", "Coronary arteriosclerosis", 317576]],
    icd10: [["I2510", "Atherosclerotic heart disease of native coronary artery without angina pectoris"]],
    icd9: [["41401", "Crnry athrscl natve vssl", "Coronary atherosclerosis of native coronary artery"]],
  },
  {
    key: "afib",
    snomed: [["49436004", "Atrial fibrillation", 313217]],
    icd10: [["I4891", "Unspecified atrial fibrillation"]],
    icd9: [["42731", "Atrial fibrillation", "Atrial fibrillation"]],
  },
  {
    key: "copd",
    snomed: [["13645005", "Chronic obstructive lung disease", null]],
    icd10: [["J449", "Chronic obstructive pulmonary disease, unspecified"]],
    icd9: [["496", "Chr airway obstruct NEC", "Chronic airway obstruction, not elsewhere classified"]],
  },
  {
    key: "hf",
    snomed: [
      ["84114007", "Heart failure", 316139, 0.6],
      ["88805009", "Chronic congestive heart failure", 4229440, 0.4],
    ],
    icd10: [
      ["I509", "Heart failure, unspecified", 0.5],
      ["I5022", "Chronic systolic (congestive) heart failure", 0.18],
      ["I5032", "Chronic diastolic (congestive) heart failure", 0.17],
      ["I110", "Hypertensive heart disease with heart failure", 0.15],
    ],
    icd9: [
      ["4280", "CHF NOS", "Congestive heart failure, unspecified", 0.55],
      ["42822", "Chr systolic hrt failure", "Chronic systolic heart failure", 0.15],
      ["42832", "Chr diastolic hrt fail", "Chronic diastolic heart failure", 0.15],
      ["40291", "Hyp ht dis NOS w ht fail", "Unspecified hypertensive heart disease with heart failure", 0.1],
      ["4289", "Heart failure NOS", "Heart failure, unspecified", 0.05],
    ],
  },
  {
    key: "smoker",
    domain: "Observation",
    snomed: [["449868002", "Smokes tobacco daily", 42709996]],
    icd10: [["F17210", "Nicotine dependence, cigarettes, uncomplicated"]],
    icd9: [["3051", "Tobacco use disorder", "Tobacco use disorder"]],
  },
  {
    key: "alcohol",
    snomed: [["7200002", "Alcoholism", 4218106]],
    icd10: [["F1010", "Alcohol abuse, uncomplicated"]],
    icd9: [["30500", "Alcohol abuse-unspec", "Alcohol abuse, unspecified"]],
  },
  {
    key: "hypothyroid",
    snomed: [["40930008", "Hypothyroidism", null]],
    icd10: [["E039", "Hypothyroidism, unspecified"]],
    icd9: [["2449", "Hypothyroidism NOS", "Unspecified acquired hypothyroidism"]],
  },
  {
    key: "depression",
    snomed: [["370143000", "Major depressive disorder", 4152280]],
    icd10: [["F329", "Major depressive disorder, single episode, unspecified"]],
    icd9: [["311", "Depressive disorder NEC", "Depressive disorder, not elsewhere classified"]],
  },
  {
    key: "osteoarthritis",
    snomed: [["239873007", "Osteoarthritis of knee", 4079750]],
    icd10: [["M179", "Osteoarthritis of knee, unspecified"]],
    icd9: [
      ["71596", "Osteoarthros NOS-l/leg", "Osteoarthrosis, unspecified whether generalized or localized, lower leg"],
    ],
  },
  {
    key: "gerd",
    snomed: [["235595009", "Gastroesophageal reflux disease", 318800]],
    icd10: [["K219", "Gastro-esophageal reflux disease without esophagitis"]],
    icd9: [["53081", "Esophageal reflux", "Esophageal reflux"]],
  },
  {
    key: "anemia",
    snomed: [["271737000", "Anemia", 439777]],
    icd10: [["D649", "Anemia, unspecified"]],
    icd9: [["2859", "Anemia NOS", "Anemia, unspecified"]],
  },
  {
    key: "chronicPancreatitis",
    snomed: [["235494005", "Chronic pancreatitis", null]],
    icd10: [["K860", "Alcohol-induced chronic pancreatitis"]],
    icd9: [["5771", "Chronic pancreatitis", "Chronic pancreatitis"]],
  },
  {
    key: "paca",
    snomed: [["363418001", "Malignant tumor of pancreas", null]],
    icd10: [["C259", "Malignant neoplasm of pancreas, unspecified"]],
    icd9: [["1579", "Malig neo pancreas NOS", "Malignant neoplasm of pancreas, part unspecified"]],
  },
  {
    key: "breastCancer",
    snomed: [["254837009", "Malignant tumor of breast", 4112853]],
    icd10: [["C50919", "Malignant neoplasm of unspecified site of unspecified female breast"]],
    icd9: [["1749", "Malign neopl breast NOS", "Malignant neoplasm of breast (female), unspecified"]],
  },
  {
    key: "colonCancer",
    snomed: [["363406005", "Malignant tumor of colon", 4180790]],
    icd10: [["C189", "Malignant neoplasm of colon, unspecified"]],
    icd9: [["1539", "Malignant neo colon NOS", "Malignant neoplasm of colon, unspecified site"]],
  },
  {
    key: "prostateCancer",
    snomed: [["399068003", "Malignant tumor of prostate", null]],
    icd10: [["C61", "Malignant neoplasm of prostate"]],
    icd9: [["185", "Malign neopl prostate", "Malignant neoplasm of prostate"]],
  },
  {
    key: "t1d",
    snomed: [["46635009", "Diabetes mellitus type 1", null]],
    icd10: [["E109", "Type 1 diabetes mellitus without complications"]],
    icd9: [
      [
        "25001",
        "DMI wo cmp nt st uncntrl",
        "Diabetes mellitus without mention of complication, type I [juvenile type], not stated as uncontrolled",
      ],
    ],
  },
  {
    key: "gestational",
    snomed: [["11687002", "Gestational diabetes mellitus", null]],
    icd10: [["O24419", "Gestational diabetes mellitus in pregnancy, unspecified control"]],
    icd9: [
      [
        "64880",
        "Abn glucose in preg-unsp",
        "Abnormal glucose tolerance of mother, unspecified as to episode of care or not applicable",
      ],
    ],
  },
  {
    key: "insipidus",
    snomed: [["15771004", "Diabetes insipidus", null]],
    icd10: [["E232", "Diabetes insipidus"]],
    icd9: [["2535", "Diabetes insipidus", "Diabetes insipidus"]],
  },
  {
    key: "secondaryDm",
    snomed: [
      ["8801005", "Secondary diabetes mellitus", null, 0.7],
      ["427089005", "Diabetes mellitus due to cystic fibrosis", 4144583, 0.3],
    ],
    icd10: [
      ["E099", "Drug or chemical induced diabetes mellitus without complications", 0.6],
      ["E139", "Other specified diabetes mellitus without complications", 0.4],
    ],
    icd9: [
      [
        "24900",
        "Sec DM wo cmp nt st uncn",
        "Secondary diabetes mellitus without mention of complication, not stated as uncontrolled, or unspecified",
      ],
    ],
  },
] as const satisfies readonly ConditionEntry[];
