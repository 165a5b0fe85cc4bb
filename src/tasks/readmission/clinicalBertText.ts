/**
 * ClinicalBERT's text preparation for the readmission tasks (docs/readmission-task.md §Text), in Python's semantics
 * (pythonRegex.ts), checked against the reference's own steps run in Python (test/fixtures/tasks/readmission-*):
 *
 *   1. line feeds and carriage returns become spaces; the text is stripped (str.strip) and lower-cased;
 *   2. de-identification brackets `[…]` are removed (shortest match), then every run of digits followed by a
 *      period (`1.` list markers — and, a flaw kept for the published model's sake, the integer part of a decimal:
 *      `4.1` becomes `1`), `dr.` → `doctor`, `m.d.` → `md`, `admission date:` and `discharge date:` removed, and
 *      `--`, `__`, `==` removed;
 *   3. the text is cut into chunks of 318 words (Python's str.split()); a last chunk of 10 words or fewer is
 *      dropped, so a text of 10 words or fewer has no chunk at all.
 */
import { PY_DOT, PY_SPACE, pyStrip } from "../notes/pythonRegex.ts";
import { CHUNK_WORDS, MIN_LAST_CHUNK_WORDS } from "./clinicalBertConstants.ts";

export { CHUNK_WORDS, CLINICALBERT_C, MIN_LAST_CHUNK_WORDS } from "./clinicalBertConstants.ts";

const DEID = new RegExp(`\\[${PY_DOT}*?\\]`, "gu");
const NUMBER_DOT = /[0-9]+\./g;
const DOCTOR = /dr\./g;
const MD = /m\.d\./g;
const RULES = /--|__|==/g;
const WORD_BREAK = new RegExp(`${PY_SPACE}+`, "u");

/** Steps 1–2: the text the chunks are cut from (never logged). */
export function clinicalBertClean(text: string): string {
  let y = pyStrip(text.replaceAll("\n", " ").replaceAll("\r", " ")).toLowerCase();
  y = y.replace(DEID, "");
  y = y.replace(NUMBER_DOT, "");
  y = y.replace(DOCTOR, "doctor");
  y = y.replace(MD, "md");
  y = y.replaceAll("admission date:", "");
  y = y.replaceAll("discharge date:", "");
  return y.replace(RULES, "");
}

/** Python's str.split() with no argument: the words between runs of white space. */
export function pyWords(text: string): string[] {
  return text.split(WORD_BREAK).filter((w) => w !== "");
}

/**
 * Step 3: the chunks of a cleaned text, each its words joined by one space — ⌊n/318⌋ full chunks, then the last
 * n mod 318 words when there are more than 10 of them.
 */
export function clinicalBertChunks(
  text: string,
  words: number = CHUNK_WORDS,
  minLastWords: number = MIN_LAST_CHUNK_WORDS,
): string[] {
  const w = pyWords(text);
  const full = Math.floor(w.length / words);
  const out: string[] = [];
  for (let j = 0; j < full; j++) out.push(w.slice(j * words, (j + 1) * words).join(" "));
  const rest = w.length % words;
  if (rest >= minLastWords) out.push(w.slice(w.length - rest).join(" "));
  return out;
}
