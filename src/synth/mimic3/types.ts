import type { SeededRandom } from "../../util/SeededRandom.ts";

/** ICD-9 codes (no dots, as MIMIC-III writes them) with relative weights. */
export type CodeWeights = ReadonlyArray<readonly [code: string, weight: number]>;

/** The latent, patient-level state every admission of a patient shares. */
export interface PatientState {
  /** 0-based index of the patient in the plan. */
  index: number;
  subjectId: number;
  sex: "M" | "F";
  /** Real age at the first admission, in years (fractional). */
  ageAtFirst: number;
  newborn: boolean;
  /** Latent factors (standard normal): cardiometabolic, substance use, frailty. */
  cardio: number;
  substance: number;
  frailty: number;
  /** Ids of the chronic conditions the patient has. */
  conditions: Set<string>;
  /** The ICD-9 code each chronic condition is coded as for this patient (stable across admissions). */
  conditionCode: Map<string, string>;
  /** Numbers that describe conditions and recur in notes: ejection fraction, baseline creatinine, HbA1c… */
  values: Map<string, number>;
  /** Drug allergies as written in notes ("Penicillins"), empty for none known. */
  allergies: string[];
}

/** A chronic (pre-existing) condition: prevalence model, codes, and how notes show it. */
export interface ChronicCondition {
  id: string;
  /** Name used in discharge diagnoses and docs. */
  title: string;
  /** The HCUP CCS single-level categories its codes belong to (checked by a test). */
  ccs: readonly number[];
  /** Logit of having the condition at age 65 with every latent factor at 0. */
  base: number;
  /** Logit change per decade of age above 65. */
  perDecade: number;
  cardio?: number;
  substance?: number;
  frailty?: number;
  /** Logit shift for men. */
  male?: number;
  /** Logit boosts when a condition listed earlier is present. */
  after?: Readonly<Record<string, number>>;
  /** The codes the condition is coded as; a function when the code depends on other conditions. */
  codes: CodeWeights | ((p: PatientState) => CodeWeights);
  /** Probability the condition is coded in a given admission (coders miss some). */
  codedProb: number;
  /** Extra codes (V codes mostly) coded with a probability per admission when the condition is present. */
  extras?: ReadonlyArray<{ code: string; p: number; ccs: number; when?: (p: PatientState) => boolean }>;
  /** Sets the patient's numbers for this condition (e.g. ejection fraction). */
  init?: (r: SeededRandom, p: PatientState) => void;
  /** Names, abbreviations and synonyms as notes write them. */
  names: readonly string[];
  /** A qualifier that may follow the name in the past medical history, e.g. "(EF 25%)". */
  detail?: (r: SeededRandom, p: PatientState) => string;
  /** Probability of a mention in the past medical history / in the HPI's opening line. */
  pmhProb: number;
  hpiProb: number;
  /** Home medications that hint at the condition, and the probability one is listed. */
  meds: readonly string[];
  medProb: number;
  /** Exam findings that hint at the condition. */
  exam?: readonly string[];
  examProb?: number;
  /** How a relative's condition is written in the family history (a distractor). */
  family?: string;
  /** Negated mentions written when the patient does NOT have it ("no history of diabetes"). */
  negations?: readonly string[];
  /** Contributions to the admission's latent severity, death logit and log length of stay. */
  severity: number;
  mortality: number;
  los: number;
}

export type AdmissionType = "EMERGENCY" | "ELECTIVE" | "URGENT" | "NEWBORN";

/** What notes can show about an admission: vitals and labs on arrival. */
export interface Observations {
  temp: number;
  hr: number;
  sbp: number;
  dbp: number;
  rr: number;
  spo2: number;
  wbc: number;
  hgb: number;
  plt: number;
  na: number;
  k: number;
  cr: number;
  lactate: number;
  glucose: number;
  inr: number;
  gcs: number;
}

/** Events of the stay that shape codes and notes. */
export interface StayEvents {
  intubated: boolean;
  /** Intubated before or at arrival (the ED): the admission note may say so. */
  intubatedOnArrival: boolean;
  longVentilation: boolean;
  pressors: boolean;
  centralLine: boolean;
  artLine: boolean;
  transfusion: boolean;
  dialysis: boolean;
  feedingTube: boolean;
  parenteral: boolean;
  tracheostomy: boolean;
  /** Do-not-resuscitate status known on admission. */
  dnrOnAdmission: boolean;
  comfortCare: boolean;
}

/** The latent state of one admission, from which codes, outcomes and notes follow. */
export interface AdmissionState {
  /** 0-based index of the admission in the whole hospital (plan order). */
  index: number;
  hadmId: number;
  /** Position among the patient's admissions (0 = first). */
  seqInPatient: number;
  isLast: boolean;
  age: number;
  admitTime: number;
  dischTime: number;
  edRegTime: number | null;
  edOutTime: number | null;
  admissionType: AdmissionType;
  admissionLocation: string;
  dischargeLocation: string;
  /** The reason for admission (an AcuteReason id) and its variant (e.g. the source of sepsis). */
  reason: string;
  variant: string;
  severity: number;
  died: boolean;
  losDays: number;
  obs: Observations;
  events: StayEvents;
  /** Complication ids (acute secondary problems arising or found during the stay). */
  complications: string[];
  /** Chronic condition ids that are coded in this admission. */
  codedChronic: string[];
  /** Rare codes from the long tail coded in this admission (the notes may name them in the history). */
  incidental: string[];
  /** ICD-9 diagnosis codes in SEQ_NUM order (duplicates removed). */
  diagnoses: string[];
  /** ICD-9 procedure codes in SEQ_NUM order. */
  procedures: string[];
  insurance: string;
  admitDiagnosis: string;
  service: string;
}

/** What text and code functions of a reason see: the generator, the patient and the admission so far. */
export interface Ctx {
  r: SeededRandom;
  p: PatientState;
  a: AdmissionState;
}

/** Shifts of the arrival observations a reason causes, in natural units (added to the normal values). */
export type ObservationShift = Partial<Record<keyof Observations, number>>;

/** A reason for admission (the principal problem): who gets it, how it is coded, treated and written. */
export interface AcuteReason {
  id: string;
  /** Reasons of one group share text; the group names the keyword family in docs. */
  group: string;
  title: string;
  /** Relative frequency for an adult at 65; multiplied by `boosts` for present conditions. */
  weight: number;
  perDecade?: number;
  /** Weight multiplier for men. */
  male?: number;
  boosts?: Readonly<Record<string, number>>;
  /** Conditions the patient must have for this reason to be possible. */
  requires?: readonly string[];
  /** Probability the admission is ELECTIVE (else EMERGENCY, a few URGENT). */
  elective: number;
  service: string;
  /** ADMISSIONS.DIAGNOSIS (the admitting diagnosis, upper case in MIMIC). */
  admitDx: readonly string[];
  /** Principal diagnosis codes, in rank order. */
  codes: (c: Ctx) => string[];
  /** Procedure codes the problem itself brings (ICU procedures are added by the generic stay model). */
  procedures: (c: Ctx) => string[];
  chiefComplaints: readonly string[];
  /** The HPI's story of the presenting problem (partial evidence, may name the problem or only its symptoms). */
  story: (c: Ctx) => string;
  /** Findings specific to the problem an ED course or exam may mention. */
  findings?: (c: Ctx) => string[];
  obs?: ObservationShift;
  /** Latent severity mean shift, death logit shift, median length of stay in days. */
  severity: number;
  mortality: number;
  losMedian: number;
  /** Logit shift of the chance of intubation / pressors. */
  airway?: number;
  shock?: number;
  /** Complication id → logit boost. */
  complications?: Readonly<Record<string, number>>;
  /** Lines of the discharge diagnosis for the principal problem. */
  dischargeDx: (c: Ctx) => string[];
  /** A paragraph of the hospital course about the principal problem. */
  course: (c: Ctx) => string;
}
