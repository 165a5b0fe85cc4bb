import assert from "node:assert/strict";
import { test } from "node:test";
import { WordPiece } from "../../src/tokenizer/WordPiece.ts";

const tokens = ["[UNK]", "un", "##aff", "##able", "unaff", "##a", "##b", "a", "😀", "##😀", "x", "##x", "##xx"];
const vocab = new Map(tokens.map((t, i) => [t, i]));
const wp = new WordPiece(vocab, { unkId: 0, continuingSubwordPrefix: "##", maxInputCharsPerWord: 100 });
const encode = (word: string, piece = wp) => {
  const out: number[] = [];
  piece.encodeWord(word, out);
  return out.map((id) => tokens[id]);
};

test("greedy longest match first, then ## continuations", () => {
  assert.deepEqual(encode("unaffable"), ["unaff", "##able"]);
  assert.deepEqual(encode("unaff"), ["unaff"]);
  assert.deepEqual(encode("un"), ["un"]);
  assert.deepEqual(encode("ab"), ["a", "##b"]);
  assert.deepEqual(encode("xxxxx"), ["x", "##xx", "##xx"]);
});

test("a word that cannot be matched to the end is one [UNK]", () => {
  assert.deepEqual(encode("unaffz"), ["[UNK]"]);
  assert.deepEqual(encode("z"), ["[UNK]"]);
  // A first piece that exists only as a continuation does not match.
  assert.deepEqual(encode("able"), ["[UNK]"]);
});

test("words longer than max_input_chars_per_word (in code points) become [UNK]", () => {
  assert.deepEqual(encode("x".repeat(100)), ["x", ...Array(49).fill("##xx"), "##x"]);
  assert.deepEqual(encode("x".repeat(101)), ["[UNK]"]);
  // 100 emoji are 200 UTF-16 units but 100 characters: still matched.
  assert.deepEqual(encode("😀".repeat(100)), ["😀", ...Array(99).fill("##😀")]);
  assert.deepEqual(encode("😀".repeat(101)), ["[UNK]"]);
  const short = new WordPiece(vocab, { unkId: 0, continuingSubwordPrefix: "##", maxInputCharsPerWord: 3 });
  assert.deepEqual(encode("xxx", short), ["x", "##xx"]);
  assert.deepEqual(encode("xxxx", short), ["[UNK]"]);
});

test("the cache gives the same answer twice", () => {
  assert.deepEqual(encode("unaffable"), encode("unaffable"));
  assert.deepEqual(encode("unaffz"), ["[UNK]"]);
});

test("another continuing-subword prefix, and none", () => {
  const t2 = ["[UNK]", "ab", "%%c", "c"];
  const v2 = new Map(t2.map((t, i) => [t, i]));
  const out: number[] = [];
  new WordPiece(v2, { unkId: 0, continuingSubwordPrefix: "%%", maxInputCharsPerWord: 100 }).encodeWord("abc", out);
  assert.deepEqual(out, [1, 2]);
  const none: number[] = [];
  new WordPiece(v2, { unkId: 0, continuingSubwordPrefix: "", maxInputCharsPerWord: 100 }).encodeWord("abc", none);
  assert.deepEqual(none, [1, 3]);
});
