/**
 * CORe's death-mention filter for the in-hospital mortality task (docs/core-method.md §2), on a rebuilt admission note:
 *
 * 1. In PHYSICAL EXAM and MEDICATION ON ADMISSION, cut the death phrase and keep what precedes it: every match of
 *    `((?:PHYSICAL EXAM|MEDICATION ON ADMISSION):[^\n\n]*?)((?:patient|pt)?\s+(?:had\s|has\s)?(?:expired|died|
 *    passed away|deceased))` (case-insensitive) is replaced by its first group. `[^\n\n]` is a character class:
 *    anything but a line feed, so the cut never reaches past the section's own line.
 * 2. Then drop the note if `(?:patient|pt)\s+(?:had\s|has\s)?(?:expired|died|passed away|deceased)` matches
 *    anywhere, or it contains `he expired` (which also catches "she expired"), `pronounced expired` or
 *    `time of death` (all case-insensitive).
 *
 * Python semantics (re.IGNORECASE, Unicode \s) are spelled out with pythonRegex.ts.
 */
import { pyCaseless as c, PY_DOT, PY_SPACE } from "./pythonRegex.ts";

const DEATH = `(?:${c("expired")}|${c("died")}|${c("passed away")}|${c("deceased")})`;
const WHO = `(?:${c("patient")}|${c("pt")})`;
const HAD = `(?:${c("had")}${PY_SPACE}|${c("has")}${PY_SPACE})`;

const SPECIAL_SECTIONS = new RegExp(
  `((?:${c("PHYSICAL EXAM")}|${c("MEDICATION ON ADMISSION")}):${PY_DOT}*?)(${WHO}?${PY_SPACE}+${HAD}?${DEATH})`,
  "gu",
);

/** Step 2's tests in the reference's order, each with the reason a dropped note is counted under. */
export const DEATH_MENTION_TESTS: readonly { reason: string; regex: RegExp }[] = [
  {
    reason: "death mention: (patient|pt) (had|has)? (expired|died|passed away|deceased)",
    regex: new RegExp(`${WHO}${PY_SPACE}+${HAD}?${DEATH}`, "u"),
  },
  { reason: "death mention: 'he expired' (or 'she expired')", regex: new RegExp(c("he expired"), "u") },
  { reason: "death mention: 'pronounced expired'", regex: new RegExp(c("pronounced expired"), "u") },
  { reason: "death mention: 'time of death'", regex: new RegExp(c("time of death"), "u") },
];

export interface DeathFilterResult {
  /** The note after step 1 (the same string when nothing was cut). */
  text: string;
  /** Whether step 1 cut something. */
  cut: boolean;
  /** Why step 2 drops the note; null when it stays. */
  dropReason: string | null;
}

export function filterDeathMentions(note: string): DeathFilterResult {
  const text = note.replace(SPECIAL_SECTIONS, (_match, kept: string) => kept);
  const hit = DEATH_MENTION_TESTS.find((t) => t.regex.test(text));
  return { text, cut: text !== note, dropReason: hit ? hit.reason : null };
}
