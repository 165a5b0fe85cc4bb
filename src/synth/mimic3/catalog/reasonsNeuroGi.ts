import type { AcuteReason } from "../types.ts";

/** Brain and gut: strokes, bleeding in the head or gut, liver decompensation, biliary and pancreatic disease. */
export const NEURO_GI_REASONS: readonly AcuteReason[] = [
  {
    id: "ischemic-stroke",
    group: "stroke",
    title: "Ischemic stroke",
    weight: 1.3,
    perDecade: 0.6,
    boosts: { afib: 2.5, htn: 1.4, strokeHistory: 2, dm: 1.3 },
    elective: 0,
    service: "NEUROLOGY",
    admitDx: ["STROKE", "TELEMETRY;STROKE", "CEREBROVASCULAR ACCIDENT", "LEFT SIDED WEAKNESS"],
    codes: (c) => [c.r.weighted(["43491", "43411", "43310"], [5, 3, 1])],
    procedures: (c) => (c.r.chance(0.12) ? ["9910"] : []),
    chiefComplaints: ["left sided weakness", "slurred speech", "aphasia", "right arm weakness", "code stroke"],
    story: (c) =>
      `was in ${c.p.sex === "M" ? "his" : "her"} usual state of health until ${c.r.pick(["this morning", "last evening", "2 hours prior to arrival"])} when family noticed ${c.r.pick(["slurred speech and a right facial droop", "acute onset left arm and leg weakness", "word finding difficulty", "confusion and difficulty walking"])}. Code stroke was called on arrival.`,
    findings: (c) => [
      c.r.pick(["NIHSS 12", "NIHSS 6", "CT head negative for bleed", "CTA with occlusion of the L MCA"]),
    ],
    obs: { sbp: 25, gcs: -2 },
    severity: 0.3,
    mortality: 0.4,
    losMedian: 5,
    airway: 0.3,
    complications: { uti: 0.6 },
    dischargeDx: (c) => [
      c.r.pick(["Left MCA ischemic stroke", "Right MCA infarct", "Embolic stroke", "Acute ischemic stroke"]),
    ],
    course: (c) =>
      `# Stroke: MRI confirmed ${c.r.pick(["an acute L MCA territory infarct", "multiple embolic infarcts"])}. ${c.r.pick(["Started on aspirin and statin.", "Anticoagulation was started for presumed cardioembolic source."])}`,
  },
  {
    id: "ich",
    group: "stroke",
    title: "Intracranial hemorrhage",
    weight: 0.7,
    perDecade: 0.4,
    boosts: { htn: 1.6, afib: 1.6, alcohol: 1.5 },
    elective: 0,
    service: "NEUROSURGERY",
    admitDx: ["INTRACRANIAL HEMORRHAGE", "SUBARACHNOID HEMORRHAGE", "ICH", "BRAIN BLEED"],
    codes: (c) => [c.r.weighted(["431", "430", "85220"], [5, 2, 1])],
    procedures: (c) => (c.r.chance(0.25) ? [c.r.chance(0.6) ? "0221" : "0124"] : c.r.chance(0.2) ? ["8891"] : []),
    chiefComplaints: [
      "headache",
      "unresponsive",
      "worst headache of life",
      "altered mental status",
      "transfer for ICH",
    ],
    story: (c) =>
      `${c.r.pick(["developed the worst headache of her life followed by vomiting", "was found down and unresponsive by her husband", "complained of sudden severe headache then became lethargic"])}. Transferred from ${c.r.pick(["an OSH", "[**Hospital 1474**]"])} after CT showed ${c.r.pick(["a large right basal ganglia hemorrhage", "diffuse SAH", "a left parietal IPH with intraventricular extension"])}.`.replace(
        /her husband|her life/g,
        (m) => (c.p.sex === "M" ? (m === "her life" ? "his life" : "his wife") : m),
      ),
    findings: (c) => [c.r.pick(["GCS 7", "GCS 12", "pupils 4mm and sluggish", "INR 3.1 on coumadin"])],
    obs: { sbp: 45, gcs: -6 },
    severity: 1.2,
    mortality: 1.5,
    losMedian: 7,
    airway: 1.4,
    dischargeDx: (c) => [
      c.r.pick([
        "Intraparenchymal hemorrhage",
        "Subarachnoid hemorrhage",
        "Intracranial hemorrhage with intraventricular extension",
      ]),
    ],
    course: (c) =>
      `# ICH: admitted to the neuro ICU, blood pressure controlled with nicardipine drip. ${c.a.died ? "Repeat CT showed expansion of the hemorrhage with midline shift." : "Repeat head CT was stable."}`,
  },
  {
    id: "ugib",
    group: "gi-bleed",
    title: "Upper GI bleed",
    weight: 1.6,
    perDecade: 0.3,
    boosts: { afib: 1.5, vteHistory: 1.5, alcohol: 1.8, cirrhosis: 2.5, ckd: 1.3 },
    elective: 0,
    service: "MEDICINE",
    admitDx: ["GASTROINTESTINAL BLEED", "UPPER GI BLEED", "MELENA", "HEMATEMESIS"],
    codes: (c) => {
      const varices = c.p.conditions.has("cirrhosis") && c.r.chance(0.55);
      const main = varices ? "45620" : c.r.weighted(["53140", "53240", "5789", "5780", "5781"], [2, 2, 3, 1, 2]);
      return [main, ...(c.p.conditions.has("afib") && c.r.chance(0.4) ? ["E9342"] : [])];
    },
    procedures: (c) => {
      const out = [c.r.chance(0.6) ? "4513" : "4516"];
      if (c.r.chance(0.4)) out.push(c.p.conditions.has("cirrhosis") ? "4233" : "4443");
      return out;
    },
    chiefComplaints: ["melena", "hematemesis", "coffee ground emesis", "GI bleed", "black stools", "lightheadedness"],
    story: (c) =>
      `presents with ${c.r.pick(["2 days of black tarry stools", "coffee ground emesis x3 this morning", "bright red hematemesis", "melena and lightheadedness"])}. ${c.r.pick(["Taking ibuprofen daily for back pain.", "On coumadin.", "", "Reports feeling dizzy on standing."])}`,
    findings: (c) => [
      c.r.pick([
        "Hct 21 (baseline 35)",
        "NG lavage positive",
        "guaiac positive maroon stool",
        "Hct dropped from 32 to 24",
      ]),
    ],
    obs: { hgb: -3.5, hr: 15, sbp: -12 },
    severity: 0.4,
    mortality: 0.3,
    losMedian: 4,
    shock: 0.5,
    complications: { bloodLossAnemia: 2.5, aki: 0.3 },
    dischargeDx: (c) => [
      c.r.pick(["Upper GI bleed", "Bleeding gastric ulcer", "Duodenal ulcer with hemorrhage", "Variceal bleed"]),
    ],
    course: (c) =>
      `# GI bleed: transfused ${c.r.int(2, 7)} units pRBC, started on IV PPI BID. EGD showed ${c.r.pick(["a clean based duodenal ulcer", "a visible vessel which was clipped", "grade II varices which were banded", "diffuse gastritis"])}.`,
  },
  {
    id: "lgib",
    group: "gi-bleed",
    title: "Lower GI bleed",
    weight: 0.8,
    perDecade: 0.6,
    boosts: { afib: 1.5, vteHistory: 1.5 },
    elective: 0,
    service: "MEDICINE",
    admitDx: ["LOWER GI BLEED", "BRIGHT RED BLOOD PER RECTUM", "GI BLEED"],
    codes: (c) => [c.r.weighted(["5693", "56212", "5789"], [3, 2, 2])],
    procedures: (c) => (c.r.chance(0.6) ? ["4523"] : []),
    chiefComplaints: ["BRBPR", "bright red blood per rectum", "rectal bleeding"],
    story: (c) =>
      `presents with ${c.r.pick(["painless bright red blood per rectum", "several episodes of maroon stools", "BRBPR since last night"])}.`,
    obs: { hgb: -2.5, hr: 10 },
    severity: 0.1,
    mortality: -0.2,
    losMedian: 3.5,
    complications: { bloodLossAnemia: 2.2 },
    dischargeDx: (c) => [c.r.pick(["Diverticular bleed", "Lower GI bleed", "Hematochezia"])],
    course: () => "# LGIB: transfused 2 units with stable Hct thereafter; colonoscopy showed diverticulosis.",
  },
  {
    id: "hepatic-decomp",
    group: "liver",
    title: "Decompensated cirrhosis",
    weight: 0.2,
    requires: ["cirrhosis"],
    boosts: { cirrhosis: 15 },
    elective: 0,
    service: "MEDICINE",
    admitDx: ["HEPATIC ENCEPHALOPATHY", "ASCITES", "ALTERED MENTAL STATUS", "END STAGE LIVER DISEASE"],
    codes: (c) => c.r.weighted([["5722"], ["78959", "56723"], ["5724"], ["5722", "78959"]], [3, 2, 1, 2]),
    procedures: (c) => (c.r.chance(0.6) ? ["5491"] : []),
    chiefComplaints: ["confusion", "abdominal distension", "altered mental status", "increasing abdominal girth"],
    story: (c) =>
      `presents with ${c.r.pick(["increasing confusion over 3 days, not taking lactulose", "increasing abdominal girth and abdominal pain", "somnolence per his wife", "worsening jaundice and decreased urine output"])}.`,
    findings: (c) => [c.r.pick(["ammonia 142", "T bili 8.2, INR 2.4", "diagnostic para with 850 PMNs"])],
    obs: { inr: 0.8, na: -5, gcs: -2, plt: -60 },
    severity: 0.7,
    mortality: 0.8,
    losMedian: 6,
    complications: { aki: 0.8, hyponatremia: 0.8, thrombocytopenia: 1, coagulopathy: 1.5 },
    dischargeDx: (c) => [
      c.r.pick([
        "Hepatic encephalopathy",
        "Spontaneous bacterial peritonitis",
        "Decompensated cirrhosis",
        "Hepatorenal syndrome",
      ]),
    ],
    course: (c) =>
      `# ESLD: ${c.r.pick(["lactulose titrated to 3-4 BMs per day", "treated for SBP with ceftriaxone and albumin", "started on octreotide, midodrine and albumin"])}. ${c.a.died ? "Not a transplant candidate given active drinking." : "MELD on discharge 19."}`,
  },
  {
    id: "pancreatitis",
    group: "pancreatitis",
    title: "Acute pancreatitis",
    weight: 0.7,
    boosts: { alcohol: 4, hld: 1.2 },
    elective: 0,
    service: "MEDICINE",
    admitDx: ["PANCREATITIS", "ABDOMINAL PAIN"],
    codes: () => ["5770"],
    procedures: (c) => (c.r.chance(0.15) ? ["5110"] : []),
    chiefComplaints: ["abdominal pain", "epigastric pain", "nausea/vomiting"],
    story: (c) =>
      `presents with ${c.r.pick(["severe epigastric pain radiating to the back", "abdominal pain and vomiting after a binge", "2 days of epigastric pain"])}.`,
    findings: (c) => [c.r.pick(["lipase 2340", "lipase >3000", "CT with peripancreatic stranding"])],
    obs: { wbc: 5, hr: 12 },
    severity: 0.3,
    mortality: 0,
    losMedian: 5.5,
    complications: { aki: 0.5, hypokalemia: 0.5 },
    dischargeDx: (c) => [c.r.pick(["Acute pancreatitis", "Alcoholic pancreatitis", "Gallstone pancreatitis"])],
    course: () => "# Pancreatitis: aggressive IVF, bowel rest and pain control; diet advanced as tolerated.",
  },
  {
    id: "cholecystitis",
    group: "biliary",
    title: "Acute cholecystitis",
    weight: 0.9,
    perDecade: 0.2,
    boosts: { obesity: 1.5 },
    elective: 0.1,
    service: "SURGERY",
    admitDx: ["CHOLECYSTITIS", "RIGHT UPPER QUADRANT PAIN", "ABDOMINAL PAIN"],
    codes: (c) => [c.r.chance(0.7) ? "57400" : "57410"],
    procedures: (c) => (c.r.chance(0.75) ? ["5123"] : c.r.chance(0.5) ? ["5101"] : []),
    chiefComplaints: ["RUQ pain", "abdominal pain", "right upper quadrant pain"],
    story: (c) =>
      `presents with ${c.r.pick(["RUQ pain after fatty meals, now constant for 24 hours", "fevers and right upper quadrant pain", "nausea and RUQ pain"])}.`,
    findings: (c) => [c.r.pick(["RUQ U/S with gallbladder wall thickening and stones", "positive Murphy's sign"])],
    obs: { wbc: 5, temp: 0.6 },
    severity: -0.1,
    mortality: -0.5,
    losMedian: 3.5,
    dischargeDx: () => ["Acute cholecystitis"],
    course: () => "# Cholecystitis: started on unasyn, taken to the OR for laparoscopic cholecystectomy.",
  },
  {
    id: "sbo",
    group: "bowel",
    title: "Bowel obstruction or colon cancer resection",
    weight: 1.2,
    perDecade: 0.3,
    boosts: { cancer: 1.8, cancerHistory: 1.5 },
    elective: 0.35,
    service: "SURGERY",
    admitDx: ["SMALL BOWEL OBSTRUCTION", "COLON CANCER/SDA", "ABDOMINAL PAIN", "BOWEL OBSTRUCTION"],
    codes: (c) =>
      c.a.admissionType === "ELECTIVE"
        ? [c.r.pick(["1534", "1539", "1533"])]
        : [c.r.weighted(["56081", "5609"], [3, 1])],
    procedures: (c) =>
      c.a.admissionType === "ELECTIVE"
        ? [c.r.pick(["4573", "4575"])]
        : c.r.chance(0.5)
          ? ["5459", ...(c.r.chance(0.5) ? ["4562"] : [])]
          : [],
    chiefComplaints: ["abdominal pain", "nausea and vomiting", "obstipation", "colon mass"],
    story: (c) =>
      c.a.admissionType === "ELECTIVE"
        ? `was found to have ${c.r.pick(["a cecal mass on screening colonoscopy", "a sigmoid mass on work-up of anemia"])}, biopsy showing adenocarcinoma, and is admitted for resection.`
        : `presents with ${c.r.pick(["crampy abdominal pain, distension and no flatus for 2 days", "bilious vomiting and obstipation", "abdominal distension and vomiting"])}. ${c.r.pick(["Prior abdominal surgeries.", "", "s/p appendectomy and hysterectomy."])}`,
    findings: (c) => [c.r.pick(["CT with dilated loops of SB and a transition point", "KUB with air-fluid levels"])],
    severity: 0.1,
    mortality: -0.2,
    losMedian: 7,
    complications: { malnutrition: 0.8, hypokalemia: 0.6 },
    dischargeDx: (c) => [
      c.a.admissionType === "ELECTIVE" ? "Colon adenocarcinoma s/p colectomy" : "Small bowel obstruction",
    ],
    course: (c) =>
      c.a.admissionType === "ELECTIVE"
        ? "Pt underwent colectomy; diet advanced on POD 3 and the pain was controlled with PO meds."
        : `# SBO: NGT decompression and bowel rest${c.r.chance(0.5) ? ", ultimately requiring ex-lap with lysis of adhesions" : " with resolution"}.`,
  },
];
