import assert from "node:assert/strict";
import { test } from "node:test";
import { PY_DIGIT, PY_DOT, PY_SPACE, pyCaseless, pyStrip } from "../../../src/tasks/notes/pythonRegex.ts";

test("PY_SPACE is Python's \\s: \\x1c–\\x1f and \\x85 included, \\uFEFF excluded (unlike JS's \\s)", () => {
  const re = new RegExp(`^${PY_SPACE}$`, "u");
  for (const c of ["\t", "\n", "\v", "\f", "\r", "\x1c", "\x1f", " ", "\x85", "\xa0", "\u2000", "\u2028", "\u3000"]) {
    assert.ok(re.test(c), `U+${c.codePointAt(0)!.toString(16)}`);
  }
  for (const c of ["\ufeff", "\u200b", "a", "_"]) assert.ok(!re.test(c), `U+${c.codePointAt(0)!.toString(16)}`);
});

test("PY_DIGIT is any Unicode decimal digit; PY_DOT stops at \\n only", () => {
  const d = new RegExp(`^${PY_DIGIT}$`, "u");
  for (const c of ["0", "9", "٣", "३", "𝟘"]) assert.ok(d.test(c), c);
  assert.ok(!d.test("Ⅷ") && !d.test("²"));
  const dot = new RegExp(`^${PY_DOT}$`, "u");
  for (const c of ["\r", "\u2028", "\u2029", "x"]) assert.ok(dot.test(c));
  assert.ok(!dot.test("\n"));
});

test("pyCaseless folds as Python's IGNORECASE: ı/İ match i, ſ matches s, K (Kelvin) matches k", () => {
  const re = new RegExp(`^${pyCaseless("kiss: (x)")}$`, "u");
  for (const s of ["kiss: (x)", "KISS: (X)", "\u212aıſſ: (x)", "kİSs: (X)"]) assert.ok(re.test(s), s);
  assert.ok(!re.test("kiss: x"));
  assert.ok(!re.test("kiss:  (x)"));
});

test("pyStrip strips what str.strip() strips", () => {
  assert.equal(pyStrip("\x1c\x85 a b \t\n\u3000"), "a b");
  assert.equal(pyStrip("\ufeffa\ufeff"), "\ufeffa\ufeff");
  assert.equal(pyStrip(""), "");
  assert.equal(pyStrip(" \n "), "");
});
