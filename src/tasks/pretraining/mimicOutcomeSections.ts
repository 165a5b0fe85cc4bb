/**
 * The admission and outcome parts of a MIMIC discharge summary, as CORe's pre-training script does it
 * (docs/core-pretraining.md, "MIMIC"): the reference's section regex (the task notes' one, notes/coreSections.ts) for
 * eight admission and six discharge sections, some with two spellings; a note is kept when it has a chief
 * complaint, present illness or medical history, and a hospital course or discharge diagnosis; each part is
 * rebuilt under fixed headings, its line breaks turned into spaces as the reference's pre-training file does.
 *
 * One difference, on purpose: for a section with two spellings the reference assigns pandas' extract() result (a
 * DataFrame) to one column with .loc, which aligns on column names and sets nothing: ALLERGIES, PHYSICAL_EXAM,
 * MEDICATION_DIS and DIAGNOSIS_DIS always come out empty there (checked with pandas 1.5). Prognos takes the
 * first spelling that matches, as the code means to.
 */

import { sectionRegex } from "../notes/coreSections.ts";
import { pyStrip } from "../notes/pythonRegex.ts";

interface SectionSpec {
  key: string;
  /** Spellings searched for, in order (case-insensitive, anywhere, as the reference's regex). */
  headings: readonly string[];
  /** The heading in the rebuilt part. */
  title: string;
}

/** In the order of the rebuilt admission part. */
export const MIMIC_ADMISSION_SECTIONS: readonly SectionSpec[] = [
  { key: "CHIEF_COMPLAINT", headings: ["chief complaint:"], title: "CHIEF COMPLAINT" },
  { key: "PRESENT_ILLNESS", headings: ["present illness:"], title: "PRESENT ILLNESS" },
  { key: "MEDICAL_HISTORY", headings: ["medical history:"], title: "MEDICAL HISTORY" },
  { key: "MEDICATION_ADM", headings: ["medications on admission:"], title: "MEDICATION ON ADMISSION" },
  { key: "ALLERGIES", headings: ["allergy:", "allergies:"], title: "ALLERGIES" },
  { key: "PHYSICAL_EXAM", headings: ["physical exam:", "physical examination:"], title: "PHYSICAL EXAM" },
  { key: "FAMILY_HISTORY", headings: ["family history:"], title: "FAMILY HISTORY" },
  { key: "SOCIAL_HISTORY", headings: ["social history:"], title: "SOCIAL HISTORY" },
];

/** In the order of the rebuilt outcome part. */
export const MIMIC_OUTCOME_SECTIONS: readonly SectionSpec[] = [
  { key: "PROCEDURE", headings: ["procedure:"], title: "MAJOR SURGICAL / INVASIVE PROCEDURE" },
  { key: "PERTINENT_RESULTS", headings: ["pertinent results:"], title: "PERTINENT RESULTS" },
  { key: "HOSPITAL_COURSE", headings: ["hospital course:"], title: "HOSPITAL COURSE" },
  {
    key: "MEDICATION_DIS",
    headings: ["discharge medications:", "discharge medication:"],
    title: "DISCHARGE MEDICATIONS",
  },
  { key: "DIAGNOSIS_DIS", headings: ["discharge diagnosis:", "discharge diagnoses:"], title: "DISCHARGE DIAGNOSES" },
  { key: "CONDITION", headings: ["discharge condition:"], title: "DISCHARGE CONDITION" },
];

const REGEXES = new Map(
  [...MIMIC_ADMISSION_SECTIONS, ...MIMIC_OUTCOME_SECTIONS].flatMap((s) => s.headings.map((h) => [h, sectionRegex(h)])),
);

function extract(escaped: string, spec: SectionSpec): string {
  for (const heading of spec.headings) {
    const m = REGEXES.get(heading)!.exec(escaped);
    if (m) return pyStrip(m[1]!.replaceAll("\\n", " "));
  }
  return "";
}

export type MimicParts =
  | { kept: true; admission: string; outcome: string; empty: string[] }
  | { kept: false; reason: string };

export const NO_ADMISSION_REASON = "no chief complaint, present illness or medical history found";
export const NO_OUTCOME_REASON = "no hospital course or discharge diagnosis found";

/** Both parts of one (joined, stripped) discharge summary, or why it has none. */
export function mimicOutcomeParts(text: string): MimicParts {
  const escaped = text.replaceAll("\n", "\\n");
  const adm = MIMIC_ADMISSION_SECTIONS.map((s) => extract(escaped, s));
  const out = MIMIC_OUTCOME_SECTIONS.map((s) => extract(escaped, s));
  const section = (specs: readonly SectionSpec[], values: string[], key: string) =>
    values[specs.findIndex((s) => s.key === key)]!;
  if (
    ["CHIEF_COMPLAINT", "PRESENT_ILLNESS", "MEDICAL_HISTORY"].every(
      (k) => section(MIMIC_ADMISSION_SECTIONS, adm, k) === "",
    )
  ) {
    return { kept: false, reason: NO_ADMISSION_REASON };
  }
  if (["HOSPITAL_COURSE", "DIAGNOSIS_DIS"].every((k) => section(MIMIC_OUTCOME_SECTIONS, out, k) === "")) {
    return { kept: false, reason: NO_OUTCOME_REASON };
  }
  // The reference writes each part on one line: every "\n" of the rebuilt text becomes a space.
  const rebuild = (specs: readonly SectionSpec[], values: string[]) =>
    specs
      .map((s, i) => `${s.title}: ${values[i]}`)
      .join("\n\n")
      .replaceAll("\n", " ");
  const empty = [
    ...MIMIC_ADMISSION_SECTIONS.filter((_, i) => adm[i] === "").map((s) => s.key),
    ...MIMIC_OUTCOME_SECTIONS.filter((_, i) => out[i] === "").map((s) => s.key),
  ];
  return {
    kept: true,
    admission: rebuild(MIMIC_ADMISSION_SECTIONS, adm),
    outcome: rebuild(MIMIC_OUTCOME_SECTIONS, out),
    empty,
  };
}
