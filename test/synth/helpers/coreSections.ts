/**
 * An independent port, for tests, of CORe's section extraction (docs/core-method.md §1 step 5) and death filter
 * (§2): line breaks become the two characters backslash + n, each heading's first case-insensitive match of
 * `<heading>(.+?)\n\n[^(\|\d|\.)]+?:` is taken, escaped line breaks become spaces.
 */
export const HEADINGS = [
  ["CHIEF COMPLAINT", "chief complaint:"],
  ["PRESENT ILLNESS", "present illness:"],
  ["MEDICAL HISTORY", "medical history:"],
  ["MEDICATION ON ADMISSION", "medications on admission:"],
  ["ALLERGIES", "allergies:"],
  ["PHYSICAL EXAM", "physical exam:"],
  ["FAMILY HISTORY", "family history:"],
  ["SOCIAL HISTORY", "social history:"],
] as const;

const PATTERNS = HEADINGS.map(([, h]) => new RegExp(`${h}(.+?)\\\\n\\\\n[^(\\\\|\\d|\\.)]+?:`, "i"));

/** The eight admission sections of a note (empty strings where a heading is not found). */
export function admissionSections(text: string): string[] {
  const escaped = text.replace(/\n/g, "\\n");
  return PATTERNS.map((re) => {
    const m = re.exec(escaped);
    return m ? m[1]!.replace(/\\n/g, " ").trim() : "";
  });
}

/** The rebuilt admission note, as CORe writes it. */
export function admissionNote(sections: readonly string[]): string {
  return HEADINGS.map(([name], k) => `${name}: ${sections[k]}`).join("\n\n");
}

const CUT =
  /((?:PHYSICAL EXAM|MEDICATION ON ADMISSION):[^\n]*?)((?:patient|pt)?\s+(?:had\s|has\s)?(?:expired|died|passed away|deceased))/gi;
const DROP =
  /(?:patient|pt)\s+(?:had\s|has\s)?(?:expired|died|passed away|deceased)|he expired|pronounced expired|time of death/i;

/** CORe's mortality leakage filter: the note with death phrases cut from two sections, or null if it is dropped. */
export function deathFiltered(note: string): string | null {
  const cut = note.replace(CUT, "$1");
  return DROP.test(cut) ? null : cut;
}

/** True when the text mentions a death the way the filter looks for one. */
export function mentionsDeath(text: string): boolean {
  return DROP.test(text);
}
