/**
 * CORe's admission-only text (docs/core-method.md §1 steps 5–7), as the reference's filter_admission_text in pandas 1:
 *
 * 5. Every line break becomes the two characters backslash + `n`; for each of eight headings the first match of
 *    `(?i)<heading>(.+?)\\n\\n[^(\\|\d|\.)]+?:` is taken — the shortest text after the heading that is followed by a
 *    blank line and then a run of characters none of which is ( ) | \ a digit or a dot, ending in a colon (the next
 *    `Heading:` line). The escaped breaks inside become spaces; the result is stripped; no match → "".
 *    (The reference's `startswith("[]")` blanking is a pandas no-op: such text is kept, as there.)
 * 6. A note whose chief complaint, present illness and medical history are all empty is dropped.
 * 7. The note is rebuilt as `CHIEF COMPLAINT: …\n\nPRESENT ILLNESS: …\n\n…SOCIAL HISTORY: …`.
 *
 * The regexes are the reference's, with Python's semantics spelled out (pythonRegex.ts). Any source whose notes
 * use these headings (MIMIC-III, MIMIC-IV discharge notes) can use these functions.
 */
import { PY_DIGIT, PY_DOT, PY_SPACE, pyCaseless, pyStrip } from "./pythonRegex.ts";

export type CoreSectionKey =
  | "CHIEF_COMPLAINT"
  | "PRESENT_ILLNESS"
  | "MEDICAL_HISTORY"
  | "MEDICATION_ADM"
  | "ALLERGIES"
  | "PHYSICAL_EXAM"
  | "FAMILY_HISTORY"
  | "SOCIAL_HISTORY";

export interface CoreSectionSpec {
  key: CoreSectionKey;
  /** What the reference searches for (case-insensitively). */
  heading: string;
  /** The heading in the rebuilt note. */
  title: string;
}

/** In the reference's order, which is also the order of the rebuilt note. */
export const CORE_SECTIONS: readonly CoreSectionSpec[] = [
  { key: "CHIEF_COMPLAINT", heading: "chief complaint:", title: "CHIEF COMPLAINT" },
  { key: "PRESENT_ILLNESS", heading: "present illness:", title: "PRESENT ILLNESS" },
  { key: "MEDICAL_HISTORY", heading: "medical history:", title: "MEDICAL HISTORY" },
  { key: "MEDICATION_ADM", heading: "medications on admission:", title: "MEDICATION ON ADMISSION" },
  { key: "ALLERGIES", heading: "allergies:", title: "ALLERGIES" },
  { key: "PHYSICAL_EXAM", heading: "physical exam:", title: "PHYSICAL EXAM" },
  { key: "FAMILY_HISTORY", heading: "family history:", title: "FAMILY HISTORY" },
  { key: "SOCIAL_HISTORY", heading: "social history:", title: "SOCIAL HISTORY" },
];

export type CoreSections = Record<CoreSectionKey, string>;

/** The reference's section regex for one heading, on text whose line breaks are escaped. */
export function sectionRegex(heading: string): RegExp {
  return new RegExp(pyCaseless(heading) + String.raw`(${PY_DOT}+?)\\n\\n[^(\\|${PY_DIGIT}|.)]+?:`, "u");
}

const SECTION_REGEXES: ReadonlyMap<CoreSectionKey, RegExp> = new Map(
  CORE_SECTIONS.map((s) => [s.key, sectionRegex(s.heading)]),
);

/**
 * Discharge-summary headings (MIMIC's spellings) that, at the start of a line inside an extracted section, show
 * that the section ran into a neighbouring one (reference issue #13: the lazy match only stops at a blank line
 * followed by a colon-terminated line without digits, dots or brackets).
 */
export const KNOWN_SECTION_HEADINGS: readonly string[] = [
  "Chief Complaint",
  "History of Present Illness",
  "Present Illness",
  "Past Medical History",
  "Medications on Admission",
  "Admission Medications",
  "Allergies",
  "Physical Exam",
  "Physical Examination",
  "Family History",
  "Social History",
  "Major Surgical or Invasive Procedure",
  "Pertinent Results",
  "Brief Hospital Course",
  "Hospital Course",
  "Discharge Medications",
  "Discharge Disposition",
  "Discharge Diagnosis",
  "Discharge Diagnoses",
  "Discharge Condition",
  "Discharge Instructions",
  "Followup Instructions",
];

const LEAK_REGEX = new RegExp(
  String.raw`\\n${PY_SPACE}*(?:${KNOWN_SECTION_HEADINGS.map(pyCaseless).join("|")})${PY_SPACE}*:`,
  "u",
);

export interface ExtractOptions {
  /**
   * "keep" (default, the reference's behaviour): a section that runs into a neighbouring one keeps that text.
   * "cut": the section ends before the first line that starts with one of KNOWN_SECTION_HEADINGS.
   */
  sectionLeaks?: "keep" | "cut";
}

export interface ExtractedSections {
  sections: CoreSections;
  /** Sections whose text contains a line starting with a known heading (kept or cut as the options say). */
  leaks: CoreSectionKey[];
}

/** Step 5 on one (joined, stripped) discharge summary. */
export function extractCoreSections(text: string, options: ExtractOptions = {}): ExtractedSections {
  const escaped = text.replaceAll("\n", "\\n");
  const sections = {} as CoreSections;
  const leaks: CoreSectionKey[] = [];
  for (const { key } of CORE_SECTIONS) {
    const match = SECTION_REGEXES.get(key)!.exec(escaped);
    let raw = match ? match[1]! : "";
    const leak = LEAK_REGEX.exec(raw);
    if (leak) {
      leaks.push(key);
      if (options.sectionLeaks === "cut") raw = raw.slice(0, leak.index);
    }
    sections[key] = pyStrip(raw.replaceAll("\\n", " "));
  }
  return { sections, leaks };
}

/** Step 6: whether the note has any of chief complaint, present illness, medical history. */
export function hasMainSections(sections: CoreSections): boolean {
  return sections.CHIEF_COMPLAINT !== "" || sections.PRESENT_ILLNESS !== "" || sections.MEDICAL_HISTORY !== "";
}

/** Step 7: the admission note. */
export function rebuildCoreNote(sections: CoreSections): string {
  return CORE_SECTIONS.map((s) => `${s.title}: ${sections[s.key]}`).join("\n\n");
}
