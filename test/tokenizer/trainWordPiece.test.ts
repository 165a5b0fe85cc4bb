import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { countWords } from "../../src/tokenizer/countWords.ts";
import { trainWordPiece } from "../../src/tokenizer/trainWordPiece.ts";
import { hasText, readMtSamples } from "./helpers/mtsamples.ts";

const ROOT = join(import.meta.dirname, "../..");
const SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"];
// Hugging Face's course example of WordPiece training (words and counts); the merges below are worked out by hand.
const COURSE = new Map([
  ["hug", 10],
  ["pug", 5],
  ["pun", 12],
  ["bun", 4],
  ["hugs", 5],
]);
// Every character as a word-initial piece, then the ## forms of those seen inside a word.
const CHARACTERS = ["b", "g", "h", "n", "p", "s", "u", "##g", "##n", "##s", "##u"];

test("merges the most frequent pair first, b without its ##, ties to the earlier ids", () => {
  const r = trainWordPiece(COURSE, { vocabSize: 100, minFrequency: 1 });
  // (##u ##g) 20, then (##u ##n) 16, (h ##ug) 15, (p ##un) 12; then (p ##ug) and (hug ##s) tie at 5 and p's id is
  // the smaller; bun (4) last.
  assert.deepEqual(r.vocab, [...SPECIALS, ...CHARACTERS, "##ug", "##un", "hug", "pun", "pug", "hugs", "bun"]);
  assert.equal(r.characters, 11);
  assert.equal(r.merges, 7);
  assert.equal(r.stoppedBy, "no-pairs");
});

test("stops at the vocabulary size or below the minimum frequency, and says which", () => {
  const bySize = trainWordPiece(COURSE, { vocabSize: 19 });
  assert.deepEqual(bySize.vocab.slice(16), ["##ug", "##un", "hug"]);
  assert.equal(bySize.stoppedBy, "vocab-size");
  const byFrequency = trainWordPiece(COURSE, { vocabSize: 100, minFrequency: 6 });
  assert.deepEqual(byFrequency.vocab.slice(16), ["##ug", "##un", "hug", "pun"]);
  assert.equal(byFrequency.stoppedBy, "min-frequency");
});

test("the order of the counts does not matter; special tokens come first as given", () => {
  const reversed = new Map([...COURSE].reverse());
  assert.deepEqual(
    trainWordPiece(reversed, { vocabSize: 100 }).vocab,
    trainWordPiece(COURSE, { vocabSize: 100 }).vocab,
  );
  const r = trainWordPiece(COURSE, { vocabSize: 100, specialTokens: ["[UNK]"] });
  assert.deepEqual(r.vocab.slice(0, 2), ["[UNK]", "b"]);
});

test("refuses a size below the characters, and bad settings, naming them", () => {
  assert.throws(() => trainWordPiece(COURSE, { vocabSize: 15 }), /vocabulary size 15 is below the 16 entries/);
  assert.throws(() => trainWordPiece(COURSE, { vocabSize: 100, minFrequency: 0 }), /minimum frequency/);
  assert.throws(() => trainWordPiece(COURSE, { vocabSize: 100, specialTokens: ["[UNK]", "[UNK]"] }), /twice/);
});

test("counts the words BERT's normalizer and pre-tokenizer hand to WordPiece", () => {
  const counts = countWords(["Re-do, (X) café", "re  do"], { cased: false });
  assert.deepEqual(
    [...counts],
    [
      ["re", 2],
      ["-", 1],
      ["do", 2],
      [",", 1],
      ["(", 1],
      ["x", 1],
      [")", 1],
      ["cafe", 1],
    ],
  );
  assert.deepEqual([...countWords(["Café"], { cased: true })], [["Café", 1]]);
});

test("agrees with Hugging Face tokenizers' own WordPieceTrainer on 200 MTSamples transcriptions", () => {
  // test/fixtures/wordpiece/hf-trainer.json: what every one of five runs of the Rust trainer agreed on (its ties
  // follow a hash map's order, so runs differ after the first tie).
  const hf = JSON.parse(readFileSync(join(ROOT, "test/fixtures/wordpiece/hf-trainer.json"), "utf8"));
  // The first non-empty transcriptions, as the fixture script takes them.
  const texts = readMtSamples()
    .map((m) => m.transcription)
    .filter(hasText)
    .slice(0, hf.documents);
  // The binding's defaults: 30,000 entries, no special tokens, every pair merged.
  const r = trainWordPiece(countWords(texts, { cased: false }), {
    vocabSize: 30000,
    minFrequency: 1,
    specialTokens: [],
  });
  // Ties decide which intermediate pieces exist, so the size may differ by a few entries (0.1%).
  for (const size of hf.sizes)
    assert.ok(
      Math.abs(r.vocab.length - size) <= 0.001 * size,
      `size ${r.vocab.length}, Hugging Face's runs: ${hf.sizes}`,
    );
  assert.deepEqual(r.vocab.slice(0, r.characters).sort(), hf.characters);
  assert.ok(hf.agreedMerges.length >= 100);
  assert.deepEqual(r.vocab.slice(r.characters, r.characters + hf.agreedMerges.length), hf.agreedMerges);
  const ours = new Set(r.vocab);
  const missing = (hf.heldByEveryRun as string[]).filter((t) => !ours.has(t));
  // Hugging Face's own runs differ from each other by about as much (ties).
  assert.ok(missing.length <= 0.01 * hf.heldByEveryRun.length, `${missing.length} missing: ${missing.slice(0, 10)}`);
});
