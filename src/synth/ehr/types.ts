/**
 * The generator's latent and coded patient: what the state machine decides (Progression.ts), the encounters it
 * leads to (Encounters.ts) and the codes written on each (Coding.ts). All times are ms since the epoch (UTC).
 */

export type Sex = "F" | "M";
export type VisitType = "outpatient" | "emergency" | "inpatient";
export type Race = "white" | "black" | "asian" | "unknown";

export interface Person {
  /** 0-based patient number; person_id / SUBJECT_ID is index + 1. */
  index: number;
  sex: Sex;
  race: Race;
  hispanic: boolean;
  birth: number;
  /** First encounter (age 18–90). */
  entry: number;
  /** End of observation if the patient does not die first: data end or loss to follow-up. */
  followUpEnd: number;
}

/** Why an acute encounter happens; its codes come from the condition table entry of the same key (mostly). */
export type AcuteKind =
  | "hfExacerbation"
  | "hfOnset"
  | "mi"
  | "stroke"
  | "pneumonia"
  | "copdExacerbation"
  | "uti"
  | "sepsis"
  | "aki"
  | "hipFracture"
  | "cellulitis"
  | "chestPain"
  | "syncope"
  | "bronchitis"
  | "sinusitis"
  | "backPain"
  | "headache"
  | "cholecystitis"
  | "acutePancreatitis"
  | "pacaWorkup"
  | "pacaDiagnosis"
  | "terminal";

export interface AcuteEvent {
  time: number;
  kind: AcuteKind;
  setting: VisitType;
  /** Inpatient only: whether an emergency visit leads into the stay. */
  viaEmergency: boolean;
  /** Inpatient only: the patient dies at the end of this stay. */
  died: boolean;
}

export interface MedicationCourse {
  drug: string;
  start: number;
  /** Stop time (Infinity while still taken). */
  stop: number;
}

/** What the latent state machine decided for one patient. */
export interface LatentHistory {
  /** Latent onset per condition key (absent: never). */
  onset: Map<string, number>;
  /** When the condition becomes known and coded (diagnosis); absent: never diagnosed while observed. */
  diagnosis: Map<string, number>;
  medications: MedicationCourse[];
  acute: AcuteEvent[];
  /** Heart-failure prodrome (dyspnea, edema, fatigue coded more often) from this time to the HF onset. */
  hfProdromeStart: number | null;
  /** Pancreatic cancer: preclinical phase start (precursor codes from then to diagnosis). */
  pacaPreclinical: number | null;
  death: number | null;
  /** Causes the terminal stay's primary code (when the patient dies in hospital). */
  deathCause: string | null;
  deathInHospital: boolean;
  /** End of observation: death, data end or loss to follow-up. */
  end: number;
}

/** A diagnosis written on an encounter: condition key and a uniform draw that picks the code variant per system. */
export interface CodedCondition {
  key: string;
  u: number;
}

export interface Encounter {
  type: VisitType;
  start: number;
  end: number;
  /** Primary first (the reason for the visit), then the others. */
  conditions: CodedCondition[];
  drugs: string[];
  procedures: string[];
  /** The stay ends with the patient's death. */
  died: boolean;
  /** For an emergency visit that leads into an inpatient stay: that stay's index in the encounter list. */
  leadsInto: number | null;
  /** Reason (the acute kind or 'routine'/'diagnosis'), for MIMIC's ADMISSIONS.DIAGNOSIS and admission type. */
  reason: string;
}

export interface SyntheticPatient {
  person: Person;
  latent: LatentHistory;
  /** Time order (start), ties broken by creation order; emergency visits come right before the stay they lead into. */
  encounters: Encounter[];
}
