import assert from "node:assert/strict";
import { test } from "node:test";
import { truncatedLengths } from "../../src/tokenizer/truncatedLengths.ts";

test("longest_first lengths: the table of tokenizers' truncate_encodings_longest_first test (max 7)", () => {
  // [n1, n2] → [kept1, kept2], from huggingface/tokenizers src/utils/truncation.rs (empty 0, short 2, medium 4, long 8).
  const cases: Array<[number, number, number, number]> = [
    [0, 0, 0, 0],
    [0, 2, 0, 2],
    [0, 4, 0, 4],
    [0, 8, 0, 7],
    [2, 0, 2, 0],
    [2, 2, 2, 2],
    [2, 4, 2, 4],
    [2, 8, 2, 5],
    [4, 0, 4, 0],
    [4, 2, 4, 2],
    [4, 4, 3, 4],
    [4, 8, 3, 4],
    [8, 0, 7, 0],
    [8, 2, 5, 2],
    [8, 4, 4, 3],
    [8, 8, 3, 4],
  ];
  for (const [n1, n2, k1, k2] of cases) assert.deepEqual(truncatedLengths(n1, n2, 7), [k1, k2], `${n1}, ${n2}`);
});

test("longest_first lengths: BERT-sized budgets", () => {
  assert.deepEqual(truncatedLengths(1000, 20, 509), [489, 20]);
  assert.deepEqual(truncatedLengths(20, 1000, 509), [20, 489]);
  assert.deepEqual(truncatedLengths(600, 700, 509), [254, 255]);
  assert.deepEqual(truncatedLengths(700, 600, 509), [255, 254]);
  assert.deepEqual(truncatedLengths(300, 300, 510), [255, 255]);
  assert.deepEqual(truncatedLengths(100, 100, 509), [100, 100]);
  assert.deepEqual(truncatedLengths(5, 5, 0), [0, 0]);
});
