import type { SeededRandom } from "../../../util/SeededRandom.ts";

/** Upper-cases the first character. */
export function cap(s: string): string {
  return s.length === 0 ? s : s[0]!.toUpperCase() + s.slice(1);
}

/** "a", "a and b", "a, b and c" (or "or"). */
export function joinList(items: readonly string[], last = "and"): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} ${last} ${items[items.length - 1]}`;
}

/** A number with a fixed number of decimals. */
export function fix(n: number, digits: number): string {
  return n.toFixed(digits);
}

/** Clamps x into [lo, hi]. */
export function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

/** Hard-wraps text at `width` characters, as dictated MIMIC-III notes are (paragraph breaks are kept). */
export function wrap(text: string, width: number): string {
  const out: string[] = [];
  for (const paragraph of text.split("\n")) {
    if (paragraph.length <= width) {
      out.push(paragraph);
      continue;
    }
    let line = "";
    for (const word of paragraph.split(" ")) {
      if (line.length > 0 && line.length + 1 + word.length > width) {
        out.push(line);
        line = word;
      } else line = line.length === 0 ? word : `${line} ${word}`;
    }
    if (line.length > 0) out.push(line);
  }
  return out.join("\n");
}

/** k distinct items (fewer if the array is shorter). */
export function some<T>(r: SeededRandom, items: readonly T[], k: number): T[] {
  return r.sample(items, k);
}

/** "72F" / "72 yo F" / "72 year old female" — the ways MIMIC notes open an HPI. */
export function ageSex(r: SeededRandom, age: number, sex: "M" | "F"): string {
  if (age >= 90) {
    return r.pick([`[**Age over 90 **] year old ${sex === "M" ? "male" : "female"}`, `[**Age over 90 **] yo ${sex}`]);
  }
  const a = Math.floor(age);
  const word = sex === "M" ? r.pick(["male", "man", "gentleman"]) : r.pick(["female", "woman", "lady"]);
  return r.weighted(
    [`${a} yo ${sex}`, `${a} year old ${word}`, `${a}-year-old ${word}`, `${a}${sex}`, `${a} y/o ${sex}`],
    [4, 4, 2, 1, 2],
  );
}
