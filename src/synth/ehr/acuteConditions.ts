import type { ConditionEntry } from "./codeTypes.ts";

/**
 * Acute conditions and symptoms: reasons for emergency visits and admissions, the heart-failure prodrome (dyspnea,
 * edema, fatigue), the pancreatic-cancer precursors (weight loss, abdominal pain, jaundice, acute pancreatitis) and
 * everyday noise (bronchitis, sinusitis, back pain). Same sources as chronicConditions.ts.
 */
export const ACUTE_CONDITIONS = [
  {
    key: "mi",
    snomed: [["22298006", "Myocardial infarction", 4329847]],
    icd10: [
      ["I214", "Non-ST elevation (NSTEMI) myocardial infarction", 0.6],
      ["I219", "Acute myocardial infarction, unspecified", 0.4],
    ],
    icd9: [
      ["41071", "Subendo infarct, initial", "Subendocardial infarction, initial episode of care", 0.6],
      ["41091", "AMI NOS, initial", "Acute myocardial infarction of unspecified site, initial episode of care", 0.4],
    ],
  },
  {
    key: "stroke",
    snomed: [["230690007", "Cerebrovascular accident", 381316]],
    icd10: [["I639", "Cerebral infarction, unspecified"]],
    icd9: [["43491", "Crbl art ocl NOS w infrc", "Cerebral artery occlusion, unspecified with cerebral infarction"]],
  },
  {
    key: "pneumonia",
    snomed: [["233604007", "Pneumonia", 255848]],
    icd10: [["J189", "Pneumonia, unspecified organism"]],
    icd9: [["486", "Pneumonia, organism NOS", "Pneumonia, organism unspecified"]],
  },
  {
    key: "copdExacerbation",
    snomed: [["195951007", "Acute exacerbation of chronic obstructive airways disease", null]],
    icd10: [["J441", "Chronic obstructive pulmonary disease with (acute) exacerbation"]],
    icd9: [["49121", "Obs chr bronc w(ac) exac", "Obstructive chronic bronchitis with (acute) exacerbation"]],
  },
  {
    key: "uti",
    snomed: [["68566005", "Urinary tract infectious disease", 81902]],
    icd10: [["N390", "Urinary tract infection, site not specified"]],
    icd9: [["5990", "Urin tract infection NOS", "Urinary tract infection, site not specified"]],
  },
  {
    key: "sepsis",
    snomed: [["91302008", "Sepsis", 132797]],
    icd10: [["A419", "Sepsis, unspecified organism"]],
    icd9: [
      ["0389", "Septicemia NOS", "Unspecified septicemia", 0.5],
      ["99591", "Sepsis", "Sepsis", 0.5],
    ],
  },
  {
    key: "aki",
    snomed: [["14669001", "Acute renal failure syndrome", null]],
    icd10: [["N179", "Acute kidney failure, unspecified"]],
    icd9: [["5849", "Acute kidney failure NOS", "Acute kidney failure, unspecified"]],
  },
  {
    key: "hipFracture",
    snomed: [["359817006", "Closed fracture of hip", 4230399]],
    icd10: [
      ["S72009A", "Fracture of unspecified part of neck of unspecified femur, initial encounter for closed fracture"],
    ],
    icd9: [
      ["82000", "Fx femur intrcaps NOS-cl", "Closed fracture of intracapsular section of neck of femur, unspecified"],
    ],
  },
  {
    key: "cellulitis",
    snomed: [["128045006", "Cellulitis", null]],
    icd10: [["L0390", "Cellulitis, unspecified"]],
    icd9: [["6829", "Cellulitis NOS", "Cellulitis and abscess of unspecified sites"]],
  },
  {
    key: "bronchitis",
    snomed: [["10509002", "Acute bronchitis", 260139]],
    icd10: [["J209", "Acute bronchitis, unspecified"]],
    icd9: [["4660", "Acute bronchitis", "Acute bronchitis"]],
  },
  {
    key: "sinusitis",
    snomed: [["444814009", "Viral sinusitis", 40481087]],
    icd10: [["J0190", "Acute sinusitis, unspecified"]],
    icd9: [["4619", "Acute sinusitis NOS", "Acute sinusitis, unspecified"]],
  },
  {
    key: "backPain",
    snomed: [["278860009", "Chronic low back pain", 4132891]],
    icd10: [["M545", "Low back pain"]],
    icd9: [["7242", "Lumbago", "Lumbago"]],
  },
  {
    key: "headache",
    snomed: [["25064002", "Headache", 378253]],
    icd10: [["R51", "Headache"]],
    icd9: [["7840", "Headache", "Headache"]],
  },
  {
    key: "chestPain",
    snomed: [["29857009", "Chest pain", null]],
    icd10: [["R079", "Chest pain, unspecified"]],
    icd9: [["78650", "Chest pain NOS", "Chest pain, unspecified"]],
  },
  {
    key: "syncope",
    snomed: [["271594007", "Syncope", null]],
    icd10: [["R55", "Syncope and collapse"]],
    icd9: [["7802", "Syncope and collapse", "Syncope and collapse"]],
  },
  {
    key: "fever",
    snomed: [["386661006", "Fever", 437663]],
    icd10: [["R509", "Fever, unspecified"]],
    icd9: [["78060", "Fever NOS", "Fever, unspecified"]],
  },
  {
    key: "dyspnea",
    snomed: [["267036007", "Dyspnea", 312437]],
    icd10: [["R0602", "Shortness of breath"]],
    icd9: [["78605", "Shortness of breath", "Shortness of breath"]],
  },
  {
    key: "edema",
    snomed: [["267038008", "Edema", null]],
    icd10: [["R600", "Localized edema"]],
    icd9: [["7823", "Edema", "Edema"]],
  },
  {
    key: "fatigue",
    snomed: [["84229001", "Fatigue", 4223659]],
    icd10: [["R5383", "Other fatigue"]],
    icd9: [["78079", "Malaise and fatigue NEC", "Other malaise and fatigue"]],
  },
  {
    key: "abdominalPain",
    snomed: [["21522001", "Abdominal pain", null]],
    icd10: [["R109", "Unspecified abdominal pain"]],
    icd9: [["78900", "Abdmnal pain unspcf site", "Abdominal pain, unspecified site"]],
  },
  {
    key: "weightLoss",
    snomed: [["89362005", "Weight loss", null]],
    icd10: [["R634", "Abnormal weight loss"]],
    icd9: [["78321", "Abnormal loss of weight", "Loss of weight"]],
  },
  {
    key: "jaundice",
    snomed: [["18165001", "Jaundice", null]],
    icd10: [["R17", "Unspecified jaundice"]],
    icd9: [["7824", "Jaundice NOS", "Jaundice, unspecified, not of newborn"]],
  },
  {
    key: "acutePancreatitis",
    snomed: [["197456007", "Acute pancreatitis", null]],
    icd10: [["K8590", "Acute pancreatitis without necrosis or infection, unspecified"]],
    icd9: [["5770", "Acute pancreatitis", "Acute pancreatitis"]],
  },
  {
    key: "gallstones",
    snomed: [["235919008", "Gallstone", 196456]],
    icd10: [["K8010", "Calculus of gallbladder with chronic cholecystitis without obstruction"]],
    icd9: [
      [
        "57400",
        "Cholelith w ac cholecyst",
        "Calculus of gallbladder with acute cholecystitis, without mention of obstruction",
      ],
    ],
  },
  {
    key: "cholecystitis",
    snomed: [["65275009", "Acute cholecystitis", 198809]],
    icd10: [["K810", "Acute cholecystitis"]],
    icd9: [["5750", "Acute cholecystitis", "Acute cholecystitis"]],
  },
  {
    key: "dehydration",
    snomed: [["34095006", "Dehydration", null]],
    icd10: [["E860", "Dehydration"]],
    icd9: [["27651", "Dehydration", "Dehydration"]],
  },
] as const satisfies readonly ConditionEntry[];
