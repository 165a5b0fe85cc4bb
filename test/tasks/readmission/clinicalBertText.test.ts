import assert from "node:assert/strict";
import { test } from "node:test";
import {
  CHUNK_WORDS,
  clinicalBertChunks,
  clinicalBertClean,
  pyWords,
} from "../../../src/tasks/readmission/clinicalBertText.ts";
import { readJson } from "../taskFiles.ts";

/** The reference's substitutions run in Python on seeded random strings (scripts/fixtures/readmission_reference.py). */
const cases = readJson<{ cleaning: { input: string; cleaned: string; words: number; chunks: number }[] }>(
  "test/fixtures/tasks/readmission-reference.json",
).cleaning;

test("cleaning by hand: lower case, brackets, numbered markers, doctor, md, date headings, rules", () => {
  assert.equal(
    clinicalBertClean("  Admission Date:  [**2150-1-1**] Dr. Who\nM.D.\r\n1. Aspirin 12.5 mg ---  "),
    "   doctor who md   aspirin 5 mg -",
  );
  assert.equal(clinicalBertClean("[a] x [b]"), " x ");
  assert.equal(clinicalBertClean("__bold__ == --"), "bold  ");
  assert.equal(clinicalBertClean("addr. 2024. Discharge Date: ok"), "addoctor   ok");
});

test("cleaning, word split and chunk counts equal Python's on 310 strings (Unicode spaces, İ, brackets…)", () => {
  assert.ok(cases.length >= 310);
  for (const c of cases) {
    const cleaned = clinicalBertClean(c.input);
    assert.equal(cleaned, c.cleaned, JSON.stringify(c.input));
    assert.equal(pyWords(cleaned).length, c.words, JSON.stringify(c.input));
    assert.equal(clinicalBertChunks(cleaned).length, c.chunks, JSON.stringify(c.input));
  }
});

test("chunks: 318 words each; a last chunk of 10 words or fewer is dropped", () => {
  const text = (n: number) => Array.from({ length: n }, (_, i) => `w${i}`).join(" ");
  assert.deepEqual(clinicalBertChunks(text(10)), []);
  assert.deepEqual(clinicalBertChunks(text(11)), [text(11)]);
  const two = clinicalBertChunks(text(CHUNK_WORDS + 11));
  assert.equal(two.length, 2);
  assert.equal(two[0], text(CHUNK_WORDS));
  assert.equal(two[1]!.split(" ")[0], `w${CHUNK_WORDS}`);
  assert.equal(clinicalBertChunks(text(CHUNK_WORDS + 10)).length, 1);
  assert.equal(clinicalBertChunks(text(2 * CHUNK_WORDS)).length, 2);
  assert.deepEqual(clinicalBertChunks("  a\u00a0b\u2003c  "), []);
  assert.deepEqual(pyWords(" a\u00a0b\x1cc\u3000d\ufeffe "), ["a", "b", "c", "d\ufeffe"]);
});
