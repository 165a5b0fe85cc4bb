/**
 * A Synthea clinical note (FHIR DocumentReference, OMOP NOTE) → admission-only text.
 *
 * Synthea writes one note per encounter: a date line, then level-1 markdown headings `# Chief Complaint`,
 * `# History of Present Illness`, `# Social History`, `# Allergies`, `# Medications`, `# Assessment and Plan`
 * (with `## Plan`, listing the stay's diagnoses, procedures and new prescriptions). Rules:
 *   - kept: Chief Complaint, History of Present Illness (its "history of" list names only conditions with an
 *     earlier onset — checked on the bundled sample), Social History, Allergies;
 *   - Medications: only entries (the list is `; `-separated) whose lower-cased name is among the drugs ordered
 *     before admission (`drugsBeforeAdmission`); the others were started during the stay and are dropped, counted;
 *   - dropped whole: Assessment and Plan (the outcome), the date line, and any heading not listed above (an unknown
 *     section could hold outcome text; its name is reported, its text never).
 * The result uses CORe's rebuilt layout (docs/core-method.md §1 step 7): one model reads MIMIC and Synthea notes alike:
 * `CHIEF COMPLAINT: …\n\nPRESENT ILLNESS: …\n\nMEDICAL HISTORY: …` … `SOCIAL HISTORY: …`, each section on one
 * line (line breaks and runs of white space become one space), sections Synthea lacks left empty.
 */

export interface SyntheaAdmissionSections {
  chiefComplaint: string;
  presentIllness: string;
  socialHistory: string;
  allergies: string;
  /** The kept medication entries, in note order. */
  medications: string[];
}

export interface SyntheaAdmissionNote {
  /** Admission-only text in CORe's layout. */
  text: string;
  sections: SyntheaAdmissionSections;
  /** Medication entries dropped because no order of them precedes admission. */
  droppedMedications: number;
  /** Whether an Assessment and Plan section was there (and dropped). */
  droppedAssessmentAndPlan: boolean;
  /** Names of headings that are neither kept nor known outcome sections (dropped). */
  unknownSections: string[];
}

const KEPT = {
  "chief complaint": "chiefComplaint",
  "history of present illness": "presentIllness",
  "social history": "socialHistory",
  allergies: "allergies",
} as const;
const MEDICATIONS = "medications";
const ASSESSMENT = "assessment and plan";
/** "No Active Medications." and the like: a statement, not an entry. */
const NO_MEDICATIONS = /^no (active |known )?medications\.?$/i;

/** The note's level-1 sections: heading (lower-cased, trimmed) → body lines; text before the first heading is dropped. */
export function syntheaSections(text: string): Map<string, string> {
  const sections = new Map<string, string>();
  let current: string | undefined;
  let body: string[] = [];
  const flush = () => {
    if (current !== undefined) sections.set(current, (sections.get(current) ?? "") + body.join("\n"));
  };
  for (const line of text.split(/\r?\n/)) {
    const heading = /^#\s+(.*?)\s*$/.exec(line);
    if (heading) {
      flush();
      current = heading[1]!.toLowerCase();
      body = [];
    } else {
      body.push(line);
    }
  }
  flush();
  return sections;
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, " ").trim();
}

/** Splits the Medications section into entries (`; `-separated, possibly over several lines). */
export function medicationEntries(body: string): string[] {
  const flat = oneLine(body);
  if (flat === "" || NO_MEDICATIONS.test(flat)) return [];
  return flat
    .split(";")
    .map((e) => e.trim())
    .filter((e) => e !== "");
}

/**
 * Admission-only text of one Synthea note. `drugsBeforeAdmission`: lower-cased names (display texts) of the
 * patient's drug orders strictly before the stay's admission (for an emergency visit leading into the stay, before
 * that visit's start).
 */
export function syntheaAdmissionNote(text: string, drugsBeforeAdmission: ReadonlySet<string>): SyntheaAdmissionNote {
  const sections: SyntheaAdmissionSections = {
    chiefComplaint: "",
    presentIllness: "",
    socialHistory: "",
    allergies: "",
    medications: [],
  };
  let droppedMedications = 0;
  let droppedAssessmentAndPlan = false;
  const unknownSections: string[] = [];
  for (const [heading, body] of syntheaSections(text)) {
    if (heading in KEPT) {
      sections[KEPT[heading as keyof typeof KEPT]] = oneLine(body);
    } else if (heading === MEDICATIONS) {
      for (const entry of medicationEntries(body)) {
        if (drugsBeforeAdmission.has(entry.toLowerCase())) sections.medications.push(entry);
        else droppedMedications++;
      }
    } else if (heading === ASSESSMENT) {
      droppedAssessmentAndPlan = true;
    } else {
      unknownSections.push(heading);
    }
  }
  const out =
    `CHIEF COMPLAINT: ${sections.chiefComplaint}\n\n` +
    `PRESENT ILLNESS: ${sections.presentIllness}\n\n` +
    `MEDICAL HISTORY: \n\n` +
    `MEDICATION ON ADMISSION: ${sections.medications.join("; ")}\n\n` +
    `ALLERGIES: ${sections.allergies}\n\n` +
    `PHYSICAL EXAM: \n\n` +
    `FAMILY HISTORY: \n\n` +
    `SOCIAL HISTORY: ${sections.socialHistory}`;
  return { text: out, sections, droppedMedications, droppedAssessmentAndPlan, unknownSections };
}
