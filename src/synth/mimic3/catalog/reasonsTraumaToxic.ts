import type { AcuteReason, Ctx } from "../types.ts";

const his = (c: Ctx) => (c.p.sex === "M" ? "his" : "her");

/** Injuries (with their E codes), poisonings and alcohol withdrawal. */
export const TRAUMA_TOXIC_REASONS: readonly AcuteReason[] = [
  {
    id: "fall-hip",
    group: "trauma",
    title: "Hip fracture after a fall",
    weight: 0.9,
    perDecade: 1.0,
    male: 0.6,
    boosts: { dementia: 2, strokeHistory: 1.5 },
    elective: 0,
    service: "ORTHOPAEDICS",
    admitDx: ["HIP FRACTURE", "LEFT HIP FRACTURE", "S/P FALL", "RIGHT FEMUR FRACTURE"],
    codes: (c) => [
      c.r.chance(0.6) ? "82021" : "82020",
      c.r.pick(["E8889", "E8859", "E8809"]),
      ...(c.r.chance(0.6) ? [c.r.chance(0.6) ? "E8490" : "E8497"] : []),
    ],
    procedures: (c) => [c.r.weighted(["7915", "7935", "8152"], [3, 2, 2])],
    chiefComplaints: ["s/p fall", "hip pain", "fall", "left hip pain"],
    story: (c) =>
      `presents after a ${c.r.pick(["mechanical fall at home", "fall from standing while walking to the bathroom", "trip over a rug"])} with ${his(c)} ${c.r.pick(["left", "right"])} hip pain and inability to bear weight. ${c.r.pick(["No LOC.", "Did not hit head.", "Was on the floor for several hours before being found."])}`,
    findings: (c) => [
      c.r.pick([
        "hip film with displaced femoral neck fracture",
        "XR with intertrochanteric fracture",
        "leg shortened and externally rotated",
      ]),
    ],
    severity: 0,
    mortality: 0,
    losMedian: 5,
    complications: { bloodLossAnemia: 1.4, delirium: 1.0, uti: 0.5 },
    dischargeDx: (c) => [
      c.r.pick(["Left femoral neck fracture", "Right intertrochanteric hip fracture", "Hip fracture"]),
    ],
    course: () => "# Hip fracture: Ortho took the patient to the OR for fixation on HD 2. PT recommended rehab.",
  },
  {
    id: "tbi-fall",
    group: "trauma",
    title: "Head injury after a fall",
    weight: 0.8,
    perDecade: 0.7,
    boosts: { alcohol: 3, afib: 1.4, vteHistory: 1.4 },
    elective: 0,
    service: "NEUROSURGERY",
    admitDx: ["SUBDURAL HEMATOMA", "S/P FALL", "HEAD BLEED"],
    codes: (c) => [
      c.r.weighted(["85220", "85221", "8500", "80102"], [4, 2, 1, 1]),
      c.r.pick(["E8889", "E8809", "E8859"]),
    ],
    procedures: (c) => (c.r.chance(0.2) ? ["0124"] : []),
    chiefComplaints: ["s/p fall", "head strike", "fall with head injury", "found down"],
    story: (c) =>
      `presents after a fall ${c.r.pick(["down 8 stairs", "from standing with head strike", "while intoxicated"])}. ${c.r.pick(["+LOC per witnesses.", "Unclear LOC.", "Complaining of headache."])}`,
    findings: (c) => [
      c.r.pick(["CT head with small R SDH without shift", "CT head with 1cm L SDH and 4mm shift", "CT with small SAH"]),
    ],
    obs: { gcs: -2 },
    severity: 0.3,
    mortality: 0.3,
    losMedian: 4,
    airway: 0.5,
    dischargeDx: (c) => [c.r.pick(["Right subdural hematoma", "Traumatic subarachnoid hemorrhage", "Left SDH"])],
    course: () =>
      "# SDH: admitted to the TSICU for q1h neuro checks; repeat CT stable; Keppra for seizure prophylaxis.",
  },
  {
    id: "mvc",
    group: "trauma",
    title: "Multiple trauma",
    weight: 0.8,
    perDecade: -0.5,
    male: 2,
    boosts: { alcohol: 2, drugs: 2 },
    elective: 0,
    service: "SURGERY",
    admitDx: ["MOTOR VEHICLE ACCIDENT", "S/P MOTOR VEHICLE ACCIDENT", "TRAUMA", "S/P ASSAULT"],
    codes: (c) => {
      const injuries = c.r.sample(["80703", "8600", "86502", "80102", "8500"], c.r.int(1, 4));
      return [...injuries, c.r.weighted(["E8120", "E8160", "E9600"], [4, 2, 1])];
    },
    procedures: (c) => [...(c.r.chance(0.35) ? ["3404"] : []), ...(c.r.chance(0.15) ? ["5411"] : [])],
    chiefComplaints: ["s/p MVC", "trauma", "MVC", "s/p assault"],
    story: (c) =>
      `${c.r.pick(["was the restrained driver in a high speed MVC", "was an unrestrained passenger in a rollover MVC", "was struck by a car while crossing the street", "was assaulted with a baseball bat"])}. ${c.r.pick(["Extrication time 30 min.", "+LOC.", "GCS 14 in the field.", ""])}`,
    findings: (c) => [
      c.r.pick([
        "CT torso with L rib fractures 4-7 and small PTX",
        "FAST positive",
        "CT with grade II splenic laceration",
      ]),
    ],
    obs: { hr: 15 },
    severity: 0.3,
    mortality: 0,
    losMedian: 5,
    airway: 0.6,
    complications: { bloodLossAnemia: 1.4, respFailure: 0.3 },
    dischargeDx: (c) => [
      c.r.pick(["Left rib fractures 4-7", "Pneumothorax", "Splenic laceration", "Multiple traumatic injuries"]),
    ],
    course: () => "# Trauma: tertiary survey without new injuries; pain controlled with epidural then PO regimen.",
  },
  {
    id: "withdrawal",
    group: "alcohol",
    title: "Alcohol withdrawal",
    weight: 0.2,
    requires: ["alcohol"],
    boosts: { alcohol: 7 },
    elective: 0,
    service: "MEDICINE",
    admitDx: ["ALCOHOL WITHDRAWAL", "ETOH WITHDRAWAL", "DELIRIUM TREMENS", "ALCOHOL INTOXICATION"],
    codes: (c) => [c.r.weighted(["29181", "2910", "30301"], [4, 2, 2])],
    procedures: () => [],
    chiefComplaints: ["EtOH withdrawal", "tremors", "seizure", "hallucinations", "intoxication"],
    story: (c) =>
      `presents with ${c.r.pick(["tremors and diaphoresis, last drink yesterday morning", "a witnessed withdrawal seizure", "visual hallucinations after stopping drinking 3 days ago"])}. Drinks ${c.r.pick(["a pint of vodka", "12 beers", "a fifth"])} daily.`,
    findings: (c) => [c.r.pick(["CIWA 24", "serum EtOH 312", "tachycardic and tremulous"])],
    obs: { hr: 22, sbp: 15 },
    severity: 0.1,
    mortality: -0.6,
    losMedian: 3.5,
    airway: 0.2,
    complications: { hypokalemia: 1.2, thrombocytopenia: 0.8, delirium: 1.2 },
    dischargeDx: () => ["Alcohol withdrawal"],
    course: () => "# EtOH withdrawal: CIWA scale with diazepam, thiamine, folate and MVI; seen by social work.",
  },
  {
    id: "overdose",
    group: "overdose",
    title: "Intentional or accidental overdose",
    weight: 0.5,
    perDecade: -0.9,
    boosts: { depression: 4, drugs: 4, anxiety: 1.5 },
    elective: 0,
    service: "MEDICINE",
    admitDx: ["OVERDOSE", "INGESTION", "ALTERED MENTAL STATUS", "BENZODIAZEPINE OVERDOSE"],
    codes: (c) =>
      c.r.weighted(
        [
          ["9694", "E9503"],
          ["96509", "E8502"],
          ["9654", "E9500"],
          ["96500", "E8502"],
        ],
        [3, 3, 2, 1],
      ),
    procedures: () => [],
    chiefComplaints: ["overdose", "unresponsive", "ingestion", "altered mental status"],
    story: (c) =>
      `was found ${c.r.pick(["unresponsive by a roommate with empty pill bottles nearby", "down with a syringe in the bathroom", "somnolent after taking an unknown quantity of klonopin"])}. ${c.r.pick(["Received narcan in the field with improvement.", "Left a note.", ""])}`,
    findings: (c) => [c.r.pick(["serum tox positive for benzos", "APAP level 180", "urine tox + opiates, cocaine"])],
    obs: { gcs: -4, rr: -5 },
    severity: 0.2,
    mortality: -0.5,
    losMedian: 2,
    airway: 1.2,
    dischargeDx: (c) => [
      c.r.pick(["Intentional benzodiazepine overdose", "Opioid overdose", "Acetaminophen overdose"]),
    ],
    course: () =>
      "# Overdose: monitored in the MICU; psychiatry consulted and recommended inpatient psychiatric admission.",
  },
];
