/**
 * Python `re` semantics in JS regexes, for the patterns CORe's reference code writes in Python 3.
 *
 * Where the two engines differ for those patterns (checked against CPython 3.11 over every code point):
 * - `\s` in Python (str patterns) is Unicode white space as str.isspace() sees it: it includes \x1c–\x1f and
 *   \x85 (JS's \s does not) and excludes \uFEFF (JS's \s includes it). PY_SPACE spells Python's set out.
 * - `\d` in Python is any Unicode decimal digit (category Nd); JS's \d is ASCII only: use \p{Nd} (needs flag `u`).
 * - `.` in Python (no DOTALL) matches everything but \n; JS's `.` also stops at \r, \u2028, \u2029: PY_DOT.
 * - re.IGNORECASE folds a few non-ASCII letters onto ASCII ones (ı and İ match i, ſ matches s, K matches k);
 *   JS's `i` flag does not. pyCaseless() writes each letter of a literal as the class Python matches.
 * - str.strip() strips str.isspace() characters; JS's trim() strips a different set: pyStrip().
 * Every regex built from these pieces must use the `u` flag.
 */

/** The characters Python's `\s` matches (= str.isspace()), as a class body. */
const PY_SPACE_BODY = "\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";

/** Python's `\s`. */
export const PY_SPACE = `[${PY_SPACE_BODY}]`;

/** Python's `\d` (flag `u`). */
export const PY_DIGIT = "\\p{Nd}";

/** Python's `.` without DOTALL: anything but a line feed. */
export const PY_DOT = "[^\\n]";

/** The extra code points Python's IGNORECASE matches for an ASCII letter (besides its two ASCII cases). */
const PY_CASE_EXTRAS: Readonly<Record<string, string>> = {
  i: "\\u0130\\u0131",
  k: "\\u212a",
  s: "\\u017f",
};

/** A regex source matching `literal` the way Python matches it under re.IGNORECASE. */
export function pyCaseless(literal: string): string {
  let out = "";
  for (const ch of literal) {
    const lower = ch.toLowerCase();
    if (/^[a-z]$/.test(lower)) out += `[${lower}${lower.toUpperCase()}${PY_CASE_EXTRAS[lower] ?? ""}]`;
    else out += ch.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&");
  }
  return out;
}

const PY_SPACE_CODES: ReadonlySet<number> = new Set([
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003,
  0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
]);

/** Whether a UTF-16 code unit is white space for Python (none of them is a surrogate). */
export function isPySpace(code: number): boolean {
  return PY_SPACE_CODES.has(code);
}

/** Python's str.strip(). */
export function pyStrip(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && PY_SPACE_CODES.has(s.charCodeAt(start))) start++;
  while (end > start && PY_SPACE_CODES.has(s.charCodeAt(end - 1))) end--;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}
