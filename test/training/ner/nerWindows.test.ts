import assert from "node:assert/strict";
import { test } from "node:test";
import { DictionaryTagger } from "../../../src/baselines/dictionary/DictionaryTagger.ts";
import { BertTokenizer } from "../../../src/tokenizer/BertTokenizer.ts";
import { IGNORED_LABEL, sentenceWindows, WordPieces } from "../../../src/training/ner/nerWindows.ts";
import { noteSentences, noteSpans } from "../../../src/training/ner/noteSpans.ts";
import { assignWindowTags } from "../../../src/training/ner/tagWindows.ts";

const BERT = "test/fixtures/bert/tiny-uncased-gelu";

test("windows: a word's label on its first piece, -100 on later pieces and [CLS]/[SEP]; long sentences cut between words", async () => {
  const { tokenizer } = await BertTokenizer.fromFolder(BERT);
  const pieces = new WordPieces(tokenizer);
  const words = ["unaffable", "the", "unaffable"];
  const n = pieces.of("unaffable").length;
  assert.ok(n > 1, "the test word must split into several pieces");
  const [w, ...rest] = sentenceWindows(pieces, words, 64, 7, [1, 0, 2]);
  assert.equal(rest.length, 0);
  assert.equal(w!.inputIds[0], tokenizer.ids.cls);
  assert.equal(w!.inputIds.at(-1), tokenizer.ids.sep);
  assert.deepEqual(w!.firstPiece, [1, 1 + n, 2 + n]);
  const expected = [
    IGNORED_LABEL,
    1,
    ...Array(n - 1).fill(IGNORED_LABEL),
    0,
    2,
    ...Array(n - 1).fill(IGNORED_LABEL),
    IGNORED_LABEL,
  ];
  assert.deepEqual(w!.labels, expected);
  assert.equal(w!.sentence, 7);
  // Rows of n + 2 positions: each word alone in its window, in order, none dropped.
  const cut = sentenceWindows(pieces, words, n + 2, 0, [1, 0, 2]);
  assert.deepEqual(
    cut.map((c) => [c.firstWord, c.firstPiece.length]),
    [
      [0, 1],
      [1, 1],
      [2, 1],
    ],
  );
  assert.ok(cut.every((c) => c.inputIds.length <= n + 2));
  // Tags put back together from the windows' logits: arg-max at each word's first piece.
  const tags = [["O", "O", "O"]];
  const labels = ["O", "B-test", "I-test"];
  for (const c of cut) {
    const logits = new Float32Array(c.inputIds.length * 3);
    logits[c.firstPiece[0]! * 3 + [1, 0, 2][c.firstWord]!] = 5;
    assignWindowTags(tags, [c], logits, labels);
  }
  assert.deepEqual(tags, [["B-test", "O", "I-test"]]);
});

test("notes: words and character offsets, punctuation split off; spans from tags map back to the note", () => {
  const text = "Pt has HTN, afib.\n\nCXR (x-ray) 2.3 b/l";
  const s = noteSentences(text);
  assert.deepEqual(
    s.map((x) => x.words),
    [
      ["Pt", "has", "HTN", ",", "afib", "."],
      ["CXR", "(", "x-ray", ")", "2.3", "b/l"],
    ],
  );
  for (const x of s) x.words.forEach((w, i) => assert.equal(text.slice(...x.offsets[i]!), w));
  const spans = noteSpans(s, [
    ["O", "O", "B-problem", "O", "B-problem", "O"],
    ["B-test", "I-test", "I-test", "I-test", "O", "O"],
  ]);
  assert.deepEqual(
    spans.map((x) => [text.slice(x.start, x.end), x.type]),
    [
      ["HTN", "problem"],
      ["afib", "problem"],
      ["CXR (x-ray)", "test"],
    ],
  );
});

test("dictionary baseline: longest match first, case-insensitive, every occurrence whatever the context", () => {
  const d = new DictionaryTagger({ problem: ["heart failure", "congestive heart failure"], test: ["heart"] });
  assert.deepEqual(d.tag("Congestive heart failure and heart failure clinic heart".split(" ")), [
    "B-problem",
    "I-problem",
    "I-problem",
    "O",
    "B-problem",
    "I-problem",
    "O",
    "B-test",
  ]);
});
