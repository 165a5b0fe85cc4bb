import assert from "node:assert/strict";
import { test } from "node:test";
import { compareCodePoints } from "../../../src/tasks/dataset/index.ts";

/** Python's order, spelled out: compare arrays of code points. */
const byCodePoints = (a: string, b: string) => {
  const x = Array.from(a, (c) => c.codePointAt(0)!);
  const y = Array.from(b, (c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
};

test("code-point order, not UTF-16 order: astral characters sort after U+E000–U+FFFF", () => {
  const words = ["ｂ", "𝐀", "b", "ab", "a", "", "\uffff", "\ue000", "𝐀a", "😀", "ａ", "a\u0308", "ä", "Z"];
  const sorted = [...words].sort(compareCodePoints);
  assert.deepEqual(sorted, [...words].sort(byCodePoints));
  assert.ok(sorted.indexOf("ｂ") < sorted.indexOf("𝐀"), "U+FF42 before U+1D400");
  assert.notDeepEqual([...words].sort(), sorted, "JavaScript's default sort differs here");
});
