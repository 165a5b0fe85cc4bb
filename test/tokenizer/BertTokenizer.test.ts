import assert from "node:assert/strict";
import { before, test } from "node:test";
import { BertTokenizer } from "../../src/tokenizer/BertTokenizer.ts";
import { PrognosError } from "../../src/util/errors.ts";
import { bertTokenizerJson, readVocab } from "./helpers/hfFolders.ts";
import { makeOracle, type Oracle } from "./helpers/oracle.ts";
import { CASED_DIR, UNCASED_DIR } from "./helpers/vocabularies.ts";

let uncased: BertTokenizer;
let cased: BertTokenizer;
let uncasedOracle: Oracle;
let casedOracle: Oracle;

before(async () => {
  uncased = (await BertTokenizer.fromFolder(UNCASED_DIR)).tokenizer;
  cased = (await BertTokenizer.fromFolder(CASED_DIR)).tokenizer;
  uncasedOracle = makeOracle(bertTokenizerJson(readVocab(UNCASED_DIR), { lowercase: true }), { do_lower_case: true });
  casedOracle = makeOracle(bertTokenizerJson(readVocab(CASED_DIR), { lowercase: false }), { do_lower_case: false });
});

/** Tokens from Prognos, checked against transformers.js (ids with [CLS]/[SEP] too) before they are returned. */
function both(text: string): { uncased: string[]; cased: string[] } {
  for (const [mine, oracle] of [
    [uncased, uncasedOracle],
    [cased, casedOracle],
  ] as const) {
    assert.deepEqual(mine.tokenize(text), oracle.tokenize(text), `tokens of ${JSON.stringify(text)}`);
    if (text.trim()) assert.deepEqual(mine.encode(text).inputIds, oracle.encode(text).input_ids);
  }
  return { uncased: uncased.tokenize(text), cased: cased.tokenize(text) };
}

test("special token ids and vocabulary size", () => {
  assert.deepEqual(uncased.ids, { cls: 101, sep: 102, unk: 100, pad: 0, mask: 103 });
  assert.equal(uncased.vocabSize, 30522);
  assert.equal(cased.vocabSize, 38874);
  assert.deepEqual(uncased.convertIdsToTokens([101, 5776, 102]), ["[CLS]", "patient", "[SEP]"]);
  assert.deepEqual(uncased.convertTokensToIds(["patient", "no-such-token"]), [5776, 100]);
  assert.throws(() => uncased.convertIdsToTokens([30522]), PrognosError);
});

test("a clinical sentence, uncased and cased", () => {
  const t = both("Patient admitted with chest pain; HEENT: normal.");
  assert.deepEqual(t.uncased, ["patient", "admitted", "with", "chest", "pain", ";", "hee", "##nt", ":", "normal", "."]);
  assert.deepEqual(t.cased, ["Patient", "admitted", "with", "chest", "pain", ";", "HE", "##ENT", ":", "normal", "."]);
  assert.deepEqual(uncased.encode("Patient admitted.").inputIds, [101, 5776, 4914, 1012, 102]);
});

test("accents are stripped when lower-casing, kept otherwise", () => {
  const t = both("Café naïve résumé Ångström");
  assert.deepEqual(t.uncased, ["cafe", "naive", "resume", "ang", "##strom"]);
  assert.deepEqual(t.cased, ["[UNK]", "[UNK]", "[UNK]", "[UNK]"], "é, ï, Å are not in the cased vocabulary");
  both("İstanbul ǅ ﬁ ß ẞ Kelvin:\u212a ΟΔΟΣ σς");
  // NFD can turn a symbol into ASCII punctuation: U+1FEF becomes "`", which then splits the word.
  assert.deepEqual(both("a\u1fefb").uncased, ["a", "`", "b"]);
});

test("CJK ideographs become words of their own; other scripts do not", () => {
  const t = both("北京大学 abc北def");
  assert.deepEqual(t.uncased, ["北", "京", "大", "学", "abc", "北", "def"]);
  assert.deepEqual(t.cased, t.uncased);
  both("한국어 ひらがな カタカナ");
  // A supplementary-plane ideograph (U+20000) is split too, as in transformers and tokenizers; transformers.js
  // reads UTF-16 units there and does not split it, so this one is checked against the expected tokens only.
  assert.deepEqual(uncased.tokenize("a\u{20000}b"), ["a", "[UNK]", "b"]);
});

test("cleaning: NUL, U+FFFD and control/format characters vanish; whitespace of any kind separates", () => {
  const t = both("a\u0000b c\ufffdd co\u00adoperate x\u200by e\u000bf");
  // "x ##y" and "e ##f": one word each (a split would give "x", "y"); \v is a control character, not whitespace.
  assert.deepEqual(t.uncased, ["ab", "cd", "cooperate", "x", "##y", "e", "##f"]);
  assert.deepEqual(both("a\tb\nc\r\nd\u00a0e\u2028f\u3000g").uncased, ["a", "b", "c", "d", "e", "f", "g"]);
  assert.deepEqual(both("\ud800 lone\udc00").uncased, ["lone"]);
});

test("words over 100 characters become one [UNK]", () => {
  const long = both(`x ${"a".repeat(101)} y`);
  assert.deepEqual(long.uncased, ["x", "[UNK]", "y"]);
  const limit = both("a".repeat(100));
  assert.ok(limit.uncased.length > 1 && !limit.uncased.includes("[UNK]"));
  // Punctuation splits first, so a long hyphenated compound is not one word.
  assert.ok(!both(`${"a".repeat(60)}-${"b".repeat(60)}`).uncased.includes("[UNK]"));
});

test("punctuation inside words splits them; ASCII symbols count as punctuation", () => {
  const t = both("x-ray 5mg/kg b.i.d. O'Neil $100 a+b=c e^x 50% #1 ~5 |x| `a` <b> {c} @d _e_ \\f");
  assert.deepEqual(t.uncased.slice(0, 16), [
    "x",
    "-",
    "ray",
    "5",
    "##mg",
    "/",
    "kg",
    "b",
    ".",
    "i",
    ".",
    "d",
    ".",
    "o",
    "'",
    "neil",
  ]);
  assert.deepEqual(t.cased.slice(13, 16), ["O", "'", "Neil"]);
  assert.deepEqual(both("can't “quoted” – … •").uncased, ["can", "'", "t", "“", "quoted", "”", "–", "…", "•"]);
});

test("special tokens in the text are kept whole; look-alikes are not", () => {
  const t = both("[CLS] foo [SEP] foo[SEP]bar [cls] [MASK] [UNK] [PAD] [unused1]");
  const expected = ["[CLS]", "foo", "[SEP]", "foo", "[SEP]", "bar", "[", "cl", "##s", "]", "[MASK]", "[UNK]", "[PAD]"];
  assert.deepEqual(t.uncased.slice(0, 13), expected);
  assert.deepEqual(t.cased.slice(0, 13), expected);
  assert.deepEqual(uncased.encode("a[MASK]b").inputIds, [101, 1037, 103, 1038, 102]);
});

test("pairs: [CLS] a [SEP] b [SEP] with token type ids 0 then 1", () => {
  const e = uncased.encode("chest pain", { textPair: "patient admitted" });
  assert.deepEqual(e.inputIds, [101, 3108, 3255, 102, 5776, 4914, 102]);
  assert.deepEqual(e.tokenTypeIds, [0, 0, 0, 0, 1, 1, 1]);
  assert.deepEqual(e.attentionMask, [1, 1, 1, 1, 1, 1, 1]);
  assert.deepEqual(e.inputIds, uncasedOracle.encode("chest pain", "patient admitted").input_ids);
  assert.deepEqual(e.tokenTypeIds, uncasedOracle.encode("chest pain", "patient admitted").token_type_ids);
  const bare = uncased.encode("chest pain", { textPair: "patient admitted", addSpecialTokens: false });
  assert.deepEqual(bare.inputIds, [3108, 3255, 5776, 4914]);
  assert.deepEqual(bare.tokenTypeIds, [0, 0, 1, 1]);
});

test("truncation: max length counts the special tokens; pairs cut longest first", () => {
  const text = "one two three four five six";
  assert.deepEqual(uncased.encode(text, { maxLength: 5 }).tokens, ["[CLS]", "one", "two", "three", "[SEP]"]);
  assert.equal(uncased.encode(text, { maxLength: 5, truncation: false }).inputIds.length, 8);
  assert.deepEqual(uncased.encode(text, { maxLength: 2 }).tokens, ["[CLS]", "[SEP]"]);
  const pair = uncased.encode(text, { textPair: "a b c d", maxLength: 9 });
  assert.deepEqual(pair.tokens, ["[CLS]", "one", "two", "three", "[SEP]", "a", "b", "c", "[SEP]"]);
  const short = uncased.encode("yes", { textPair: text, maxLength: 8 });
  assert.deepEqual(short.tokens, ["[CLS]", "yes", "[SEP]", "one", "two", "three", "four", "[SEP]"]);
  assert.throws(() => uncased.encode(text, { maxLength: 1 }), /maxLength must be an integer of at least 2/);
  assert.throws(() => uncased.encode(text, { textPair: "x", maxLength: 2 }), /at least 3/);
  assert.throws(() => uncased.encode(text, { maxLength: 3.5 }), PrognosError);
});

test("an empty text is an error; tokenize() of nothing is []", () => {
  for (const text of ["", "   \n\t ", "\u0000\u200b"]) {
    assert.throws(
      () => uncased.encode(text),
      (e: unknown) => e instanceof PrognosError && /^empty text:/.test(e.message),
    );
    assert.deepEqual(uncased.tokenize(text), []);
  }
  assert.throws(() => uncased.encode("fine", { textPair: " " }), /^PrognosError: empty text pair/);
});
