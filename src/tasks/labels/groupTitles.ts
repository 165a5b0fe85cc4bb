/**
 * Titles for label groups (3-character ICD-9 diagnosis / procedure groups; V and E diagnosis groups of 4).
 *
 * The CMS tables list billable codes only, so most 3-digit categories (428, 250…) have no line of their own.
 * A group's title is, in this order (and every label says which rule gave it):
 *   1. "source:<table>"  the group is a code in the source's own titles (tl_code_titles, e.g. D_ICD_DIAGNOSES);
 *   2. "CMS32"           the group is a billable code in CMS v32 (`042`, `V5861`…);
 *   3. "unspecified member <code>"  the title of the group's unspecified member, e.g. 4289 "Heart failure,
 *                        unspecified" → "Heart failure", 4019 "Unspecified essential hypertension" →
 *                        "Essential hypertension";
 *   4. "common start of N member titles"  the words every member title starts with ("Diabetes");
 *   5. "CCS 2015"        the HCUP CCS categories of the members, most frequent first, at most 3 (abbreviated
 *                        as HCUP writes them, e.g. "Fluid/elc dx; Complic proc");
 *   6. "none"            nothing known (title "").
 * Rules 3–5 are approximations of the official ICD-9-CM category titles, which no bundled table lists.
 */
import { icd9Table } from "./icdTables.ts";

export interface GroupTitle {
  title: string;
  titleSource: string;
}

/** At most this many CCS categories in a title (most frequent first), then "…". */
const MAX_CCS_CATEGORIES = 3;

/** Words that alone make no title ("Other", "Unspecified"…). */
const EMPTY_WORDS = new Set(["other", "unspecified", "personal", "family", "history", "of", "with", "and", "or"]);
const TRAILING_WORDS = new Set([
  ...EMPTY_WORDS,
  ...["without", "in", "the", "a", "to", "due", "by", "for", "on", "into", "via", "from", "at", ","],
]);

export class GroupTitleIndex {
  private readonly members = new Map<string, string[]>();
  private readonly sourceTitles: ReadonlyMap<string, string>;
  private readonly cms: ReadonlyMap<string, string>;
  private readonly ccs: ReadonlyMap<string, string>;

  /**
   * @param system   the code system of the grouped codes (`ICD9` or `ICD9PROC`)
   * @param group    the grouping rule (codeGroups.ts)
   * @param source   the source's own code → title map, and the table name to cite
   */
  constructor(
    system: "ICD9" | "ICD9PROC",
    group: (code: string) => string,
    private readonly source: { titles: ReadonlyMap<string, string>; table: string },
  ) {
    const table = icd9Table(system);
    this.cms = table.titles;
    this.ccs = table.ccs;
    this.sourceTitles = source.titles;
    for (const code of new Set([...this.cms.keys(), ...this.sourceTitles.keys()])) {
      const g = group(code);
      const list = this.members.get(g) ?? [];
      list.push(code);
      this.members.set(g, list);
    }
    for (const list of this.members.values()) list.sort();
  }

  title(groupCode: string): GroupTitle {
    const own = this.sourceTitles.get(groupCode);
    if (own) return { title: own, titleSource: `source:${this.source.table}` };
    const cms = this.cms.get(groupCode);
    if (cms) return { title: cms, titleSource: "CMS32" };
    const members = this.members.get(groupCode) ?? [];
    const titleOf = (code: string) => this.sourceTitles.get(code) ?? this.cms.get(code) ?? "";
    for (const suffix of ["9", "99"]) {
      const code = groupCode + suffix;
      if (!members.includes(code)) continue;
      const t = titleOf(code);
      const m = /^(.+), unspecified$/i.exec(t) ?? /^Unspecified (.+)$/.exec(t);
      if (m) return { title: capitalize(m[1]!), titleSource: `unspecified member ${code}` };
    }
    const prefix = commonWords(members.map(titleOf));
    if (prefix) return { title: prefix, titleSource: `common start of ${members.length} member titles` };
    const categories = countBy(members.map((c) => this.ccs.get(c)).filter((c): c is string => !!c));
    if (categories.length > 0) {
      const shown = categories.slice(0, MAX_CCS_CATEGORIES).join("; ");
      return { title: categories.length > MAX_CCS_CATEGORIES ? `${shown}; …` : shown, titleSource: "CCS 2015" };
    }
    return { title: "", titleSource: "none" };
  }
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The leading words all titles share (case-insensitive), without trailing connectors; "" when nothing useful. */
export function commonWords(titles: readonly string[]): string {
  if (titles.length < 2) return "";
  const split = titles.map((t) => t.replaceAll(",", " ,").split(/\s+/).filter(Boolean));
  const words: string[] = [];
  for (let i = 0; split.every((w) => i < w.length && w[i]!.toLowerCase() === split[0]![i]!.toLowerCase()); i++) {
    words.push(split[0]![i]!);
  }
  while (words.length > 0 && TRAILING_WORDS.has(words[words.length - 1]!.toLowerCase())) words.pop();
  if (words.every((w) => EMPTY_WORDS.has(w.toLowerCase()))) return "";
  return words.join(" ").replaceAll(" ,", ",");
}

/** Distinct values, most frequent first (ties alphabetical). */
function countBy(values: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([v]) => v);
}
