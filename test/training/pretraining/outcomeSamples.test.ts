import assert from "node:assert/strict";
import { test } from "node:test";
import { headedSections, partsFromSections } from "../../../src/tasks/pretraining/headedSections.ts";
import { readHeadingLists } from "../../../src/tasks/pretraining/headingLists.ts";
import { BertTokenizer } from "../../../src/tokenizer/BertTokenizer.ts";
import { arraySplitRanges } from "../../../src/training/pretraining/evenChunks.ts";
import {
  encodeOutcomePair,
  type OutcomeSampleOptions,
  outcomeSamples,
  type TokenizedParts,
} from "../../../src/training/pretraining/outcomeSamples.ts";

const REFERENCE: OutcomeSampleOptions = { minChunk: 30, admissionChunk: 384, outcomeChunk: 128, pairing: "one-to-one" };

// A hand-written note with known headings (admission: CHIEF COMPLAINT, HISTORY OF PRESENT ILLNESS, PAST MEDICAL
// HISTORY; outcome: HOSPITAL COURSE, DISCHARGE DIAGNOSES; REVIEW OF SYSTEMS is in the admission list too).
const NOTE = [
  "CHIEF COMPLAINT: Chest pain for two days.",
  "HISTORY OF PRESENT ILLNESS: The patient is a 70-year-old man with chest pain and fever. " +
    "He reports cough and shortness of breath. ".repeat(40),
  "PAST MEDICAL HISTORY: Hypertension, diabetes.",
  "LABS: unremarkable.",
  "HOSPITAL COURSE: He was admitted and treated with antibiotics. " +
    "The fever resolved and the pain improved. ".repeat(30),
  "DISCHARGE DIAGNOSES: Pneumonia.",
].join("\n");

test("numpy's array_split: n chunks, the first length % n one longer", () => {
  const sizes = (len: number, n: number) => arraySplitRanges(len, n).map((r) => r.end - r.start);
  assert.deepEqual(sizes(10, 3), [4, 3, 3]);
  assert.deepEqual(sizes(7, 7), [1, 1, 1, 1, 1, 1, 1]);
  assert.deepEqual(sizes(384, 1), [384]);
  assert.deepEqual(sizes(2, 3), [1, 1, 0]);
  const r = arraySplitRanges(1000, 9);
  assert.equal(r[0]!.start, 0);
  assert.equal(r.at(-1)!.end, 1000);
  for (let i = 1; i < r.length; i++) assert.equal(r[i]!.start, r[i - 1]!.end);
});

test("a hand-written note: parts by heading, even chunks within the limits, pairs and negatives as the reference", async () => {
  const lists = readHeadingLists("mtsamples");
  const parts = partsFromSections(headedSections(NOTE, lists, "lines"), lists);
  assert.match(parts.admission, /^CHIEF COMPLAINT: Chest pain for two days\. HISTORY OF PRESENT ILLNESS: The patient/);
  assert.match(parts.admission, /PAST MEDICAL HISTORY: Hypertension, diabetes\.$/);
  assert.match(parts.outcome, /^HOSPITAL COURSE: He was admitted .* DISCHARGE DIAGNOSES: Pneumonia\.$/);
  assert.equal(parts.unlisted, 1, "LABS is not in the MTSamples lists");

  const { tokenizer } = await BertTokenizer.fromFolder("test/fixtures/bert/tiny-uncased-gelu");
  const note: TokenizedParts = {
    admission: tokenizer.textToIds(parts.admission),
    outcome: tokenizer.textToIds(parts.outcome),
  };
  // Other documents of various lengths (one shorter than the smallest chunk size).
  const others: TokenizedParts[] = [
    { admission: ids(900, 1), outcome: ids(300, 2) },
    { admission: ids(20, 3), outcome: ids(10, 4) },
    { admission: ids(31, 5), outcome: ids(129, 6) },
  ];
  const docs = [note, ...others];
  assert.ok(note.admission.length > 384 && note.outcome.length > 128, "the note needs several chunks of each part");
  const seen = { admSizes: new Set<number>(), outSizes: new Set<number>() };
  for (let epoch = 0; epoch < 60; epoch++) {
    const { samples, chunks } = outcomeSamples(docs, REFERENCE, 7, epoch);
    docs.forEach((doc, d) => {
      for (const [part, max, size, list] of [
        [doc.admission, 384, chunks.admissionSize[d]!, chunks.admission[d]!],
        [doc.outcome, 128, chunks.outcomeSize[d]!, chunks.outcome[d]!],
      ] as const) {
        assert.ok(size >= 30 && size <= max && Number.isInteger(size), `chunk size ${size} in [30, ${max}]`);
        (max === 384 ? seen.admSizes : seen.outSizes).add(size);
        assert.equal(list.length, Math.ceil(part.length / size), "n = ceil(length / size)");
        assert.deepEqual(list, arraySplitRanges(part.length, list.length), "even chunks (array_split)");
        for (const c of list) assert.ok(c.end - c.start <= size && c.end - c.start <= max);
      }
      // One positive per admission chunk (one-to-one) and one negative per positive.
      const mine = samples.filter((s) => s.admDoc === d);
      const positives = mine.filter((s) => s.label === 0);
      const negatives = mine.filter((s) => s.label === 1);
      assert.equal(positives.length, chunks.admission[d]!.length);
      assert.equal(negatives.length, positives.length);
      for (const s of positives) {
        assert.equal(s.outDoc, d);
        assert.ok(chunks.outcome[d]!.includes(s.out), "a positive's outcome chunk is one of its own document");
      }
      // Admission chunk i is paired with the i-th of the shuffled outcome chunks: distinct while there are enough.
      const used = positives.map((s) => chunks.outcome[d]!.indexOf(s.out));
      const distinct = Math.min(chunks.admission[d]!.length, chunks.outcome[d]!.length);
      assert.ok(new Set(used).size >= distinct, `outcome chunks ${used}`);
      for (const adm of chunks.admission[d]!) {
        assert.equal(positives.filter((s) => s.adm === adm).length, 1);
        assert.equal(negatives.filter((s) => s.adm === adm).length, 1);
      }
      for (const s of negatives) {
        assert.notEqual(s.outDoc, d, "a negative's outcome comes from ANOTHER document");
        assert.ok(chunks.outcome[s.outDoc]!.includes(s.out));
      }
    });
  }
  assert.ok(seen.admSizes.size > 20 && seen.outSizes.size > 20, "chunk sizes are drawn anew each epoch");
  // Same seed and epoch: the same samples; another epoch: others.
  const a = outcomeSamples(docs, REFERENCE, 7, 3).samples;
  assert.deepEqual(outcomeSamples(docs, REFERENCE, 7, 3).samples, a);
  assert.notDeepEqual(outcomeSamples(docs, REFERENCE, 7, 4).samples, a);
});

test("every-pair variant: each admission chunk with each outcome chunk of its document, each with a negative", () => {
  const docs = [
    { admission: ids(500, 1), outcome: ids(200, 2) },
    { admission: ids(40, 3), outcome: ids(50, 4) },
  ];
  const { samples, chunks } = outcomeSamples(docs, { ...REFERENCE, pairing: "all" }, 1, 0);
  const n = (d: number) => chunks.admission[d]!.length * chunks.outcome[d]!.length;
  assert.equal(samples.filter((s) => s.label === 0).length, n(0) + n(1));
  assert.equal(samples.filter((s) => s.label === 1).length, n(0) + n(1));
  assert.ok(samples.filter((s) => s.label === 1).every((s) => s.outDoc !== s.admDoc));
});

test("one document is refused: a negative needs another document", () => {
  assert.throws(
    () => outcomeSamples([{ admission: ids(50, 1), outcome: ids(50, 2) }], REFERENCE, 1, 0),
    /at least 2 documents/,
  );
});

test("[CLS] admission [SEP] outcome [SEP] with token types, cut longest-first", () => {
  const ids = { cls: 101, sep: 102 };
  assert.deepEqual(encodeOutcomePair([1, 2, 3], [4, 5], ids, 512), {
    inputIds: [101, 1, 2, 3, 102, 4, 5, 102],
    tokenTypeIds: [0, 0, 0, 0, 0, 1, 1, 1],
  });
  // 10 + 4 pieces into 11 tokens (8 pieces): the longer part gives up what is needed.
  const cut = encodeOutcomePair([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [11, 12, 13, 14], ids, 11);
  assert.deepEqual(cut.inputIds, [101, 1, 2, 3, 4, 102, 11, 12, 13, 14, 102]);
  // Both long: half each.
  const both = encodeOutcomePair(ids10(), ids10(), ids, 9);
  assert.deepEqual(both.tokenTypeIds, [0, 0, 0, 0, 0, 1, 1, 1, 1]);
});

function ids(n: number, base: number): number[] {
  return Array.from({ length: n }, (_, i) => 200 + ((base * 31 + i) % 100));
}
function ids10(): number[] {
  return ids(10, 9);
}
