import type { ConceptType, I2b2Concept } from "../../sources/i2b2/conceptLine.ts";
import { lineTokens } from "../../sources/i2b2/I2b2Document.ts";
import type { SeededRandom } from "../../util/SeededRandom.ts";
import { CONCEPT_TERMS, type ConceptTerm } from "./conceptTerms.ts";

/** A sentence template: literal words and slots `{problem}`, `{test}`, `{treatment}`; `{clinic}` is a decoy slot. */
const TEMPLATES: readonly string[] = [
  "Patient is a {age} year old {sex} with a history of {problem} and {problem} .",
  "Past medical history is notable for {problem} , {problem} and {problem} .",
  "{sexCap} was started on {treatment} {dose} for {problem} .",
  "{test} showed {problem} .",
  "{test} was {value} on admission .",
  "Denies {problem} or {problem} .",
  "Continue {treatment} and {treatment} .",
  "Will check {test} and {test} in the morning .",
  "Discharged on {treatment} {dose} daily .",
  "Family history of {problem} .",
  "{problem} was treated with {treatment} .",
  "Received {treatment} in the emergency department for {problem} .",
  "Follow up in the {clinic} clinic next week .",
  "Seen by the {clinic} team before discharge .",
  "Referred to the {clinic} education program .",
  "No acute events overnight .",
  "Vital signs stable , afebrile .",
];

const DOSES = ["5 mg", "10 mg", "20 mg", "40 mg", "81 mg", "500 mg", "1 g"];
const VALUES = ["elevated", "normal", "2.3", "4.1", "negative", "unremarkable", "pending"];

/** A word with two neighbouring letters swapped (a typing slip), for words of 6+ letters. */
function misspell(r: SeededRandom, word: string): string {
  if (word.length < 6) return word;
  const i = r.int(1, word.length - 3);
  return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
}

export interface SentenceOptions {
  /** Chance a concept is written in one of its other forms (an abbreviation) rather than the canonical term. */
  variantRate: number;
  /** Chance a canonical term's longest word is misspelled. */
  misspellRate: number;
}

/**
 * One sentence (its whitespace tokens) and its concepts on line `line`. A `{clinic}` slot writes a problem term as
 * the name of a clinic or team ("the heart failure clinic"), which is not a concept: a dictionary tags it anyway.
 */
export function synthSentence(
  r: SeededRandom,
  line: number,
  sex: "M" | "F",
  options: SentenceOptions,
): { tokens: string[]; concepts: I2b2Concept[] } {
  const template = r.pick(TEMPLATES);
  const tokens: string[] = [];
  const concepts: I2b2Concept[] = [];
  const byType = (type: ConceptType) => CONCEPT_TERMS.filter((c) => c.type === type);
  const used = new Set<ConceptTerm>();
  const pickTerm = (type: ConceptType) => {
    const pool = byType(type).filter((c) => !used.has(c));
    const c = r.pick(pool);
    used.add(c);
    return c;
  };
  for (const word of template.split(" ")) {
    const slot = /^\{(\w+)\}$/.exec(word)?.[1];
    if (slot === "problem" || slot === "test" || slot === "treatment") {
      const c = pickTerm(slot);
      let text = c.variants.length > 0 && r.chance(options.variantRate) ? r.pick(c.variants) : c.term;
      if (text === c.term && r.chance(options.misspellRate)) {
        const words = text.split(" ");
        const k = words.reduce((best, w, i) => (w.length > words[best]!.length ? i : best), 0);
        words[k] = misspell(r, words[k]!);
        text = words.join(" ");
      }
      const start = tokens.length;
      tokens.push(...lineTokens(text));
      concepts.push({
        text: lineTokens(text).join(" ").toLowerCase(),
        line,
        start,
        end: tokens.length - 1,
        type: slot,
      });
    } else if (slot === "clinic") tokens.push(...lineTokens(pickTerm("problem").term));
    else if (slot === "age") tokens.push(String(r.int(25, 89)));
    else if (slot === "sex") tokens.push(sex === "M" ? "man" : "woman");
    else if (slot === "sexCap") tokens.push(sex === "M" ? "He" : "She");
    else if (slot === "dose") tokens.push(...r.pick(DOSES).split(" "));
    else if (slot === "value") tokens.push(r.pick(VALUES));
    else tokens.push(word);
  }
  return { tokens, concepts };
}
