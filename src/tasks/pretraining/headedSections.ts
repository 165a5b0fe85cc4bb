/**
 * Sections of a plain-text note: a heading is a short run of text ending in a colon at the start of a line
 * ("lines" layout) or, in the bundled MTSamples transcriptions, whose scraper turned every line break into ", ",
 * at the start of the text or after a comma ("mtsamples" layout). A candidate is a heading when it is in the lists
 * (admission or outcome) or is written in capitals (an unlisted heading still ends the section before it).
 * Everything up to the next heading is the section's content. Note text: never logged.
 */
import type { HeadingLists } from "./headingLists.ts";
import { normalizeHeading } from "./headingLists.ts";

export interface HeadedSection {
  /** As written in the note (trimmed). */
  heading: string;
  content: string;
}

export type SectionLayout = "lines" | "mtsamples";

const CANDIDATES: Record<SectionLayout, RegExp> = {
  lines: /(^|\n)[ \t]*([^\n:]{1,80}?)[ \t]*:/g,
  mtsamples: /(^|,)\s*([A-Z0-9][A-Z0-9 ,&/()'#+.-]{0,79}?)\s*:/g,
};

/** Capitals: at least two letters, none lower case. */
function isCapitals(heading: string): boolean {
  return !/\p{Ll}/u.test(heading) && (heading.match(/\p{L}/gu)?.length ?? 0) >= 2;
}

function cleanContent(content: string, layout: SectionLayout): string {
  const text = layout === "mtsamples" ? content.replace(/^[\s,]+|[\s,]+$/g, "") : content;
  return text.replace(/\s+/g, " ").trim();
}

export function headedSections(text: string, lists: HeadingLists, layout: SectionLayout): HeadedSection[] {
  const found: { heading: string; start: number; end: number }[] = [];
  for (const m of text.matchAll(CANDIDATES[layout])) {
    const heading = m[2]!.trim();
    const key = normalizeHeading(heading);
    if (!(lists.admission.has(key) || lists.outcome.has(key) || isCapitals(heading))) continue;
    found.push({ heading, start: m.index! + m[1]!.length, end: m.index! + m[0].length });
  }
  return found.map((h, i) => ({
    heading: h.heading,
    content: cleanContent(text.slice(h.end, found[i + 1]?.start ?? text.length), layout),
  }));
}

/**
 * The admission and outcome parts, as the reference's build_text_from_samples makes them: every section whose
 * heading is in the admission list (checked first) or the outcome list adds `HEADING: content ` to its part, in
 * note order; both parts trimmed. Unlisted sections are counted, not kept.
 */
export function partsFromSections(
  sections: readonly HeadedSection[],
  lists: HeadingLists,
): { admission: string; outcome: string; unlisted: number } {
  let admission = "";
  let outcome = "";
  let unlisted = 0;
  for (const s of sections) {
    const key = normalizeHeading(s.heading);
    if (lists.admission.has(key)) admission += `${s.heading}: ${s.content} `;
    else if (lists.outcome.has(key)) outcome += `${s.heading}: ${s.content} `;
    else unlisted++;
  }
  return { admission: admission.trim(), outcome: outcome.trim(), unlisted };
}
