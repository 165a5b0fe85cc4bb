import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, test } from "node:test";
import { BertTokenizer } from "../../src/tokenizer/BertTokenizer.ts";
import { PrognosError } from "../../src/util/errors.ts";
import { bertTokenizerJson, readVocab, scratch, writeFolder } from "./helpers/hfFolders.ts";
import { hasText, readMtSamples } from "./helpers/mtsamples.ts";
import { makeOracle } from "./helpers/oracle.ts";
import { CASED_DIR, UNCASED_DIR } from "./helpers/vocabularies.ts";

const tmp = scratch();
after(tmp.cleanup);
const uncasedVocab = readVocab(UNCASED_DIR);
const casedVocab = readVocab(CASED_DIR);
const vocabTxt = (tokens: string[]) => `${tokens.join("\n")}\n`;

async function rejects(dir: string, pattern: RegExp, file?: string) {
  await assert.rejects(BertTokenizer.fromFolder(dir), (e: unknown) => {
    assert.ok(e instanceof PrognosError, `a PrognosError, got ${e}`);
    assert.match(e.message, pattern);
    if (file) assert.equal(e.file, file);
    return true;
  });
}

test("tokenizer.json and vocab.txt folders give the same ids on every MTSamples note", async () => {
  const notes = readMtSamples()
    .flatMap((n) => [n.transcription, n.description])
    .filter(hasText);
  assert.equal(notes.length, 4096 * 2 - 33 - 5);
  for (const [dir, vocab, lowercase] of [
    [UNCASED_DIR, uncasedVocab, true],
    [CASED_DIR, casedVocab, false],
  ] as const) {
    const fast = writeFolder(tmp.dir, `fast-${lowercase}`, {
      "tokenizer.json": bertTokenizerJson(vocab, { lowercase }),
      "tokenizer_config.json": { do_lower_case: lowercase },
    });
    const a = await BertTokenizer.fromFolder(dir);
    const b = await BertTokenizer.fromFolder(fast);
    assert.equal(a.tokenizer.spec.format, "vocab.txt");
    assert.equal(b.tokenizer.spec.format, "tokenizer.json");
    assert.deepEqual([a.warnings, b.warnings], [[], []]);
    assert.deepEqual(a.tokenizer.ids, b.tokenizer.ids);
    for (const text of notes) assert.deepEqual(b.tokenizer.encode(text).inputIds, a.tokenizer.encode(text).inputIds);
  }
});

test("a folder with only tokenizer.json works", async () => {
  const dir = writeFolder(tmp.dir, "json-only", {
    "tokenizer.json": bertTokenizerJson(uncasedVocab, { lowercase: true }),
  });
  const { tokenizer, warnings } = await BertTokenizer.fromFolder(dir);
  assert.deepEqual(warnings, []);
  assert.deepEqual(tokenizer.encode("Chest pain").inputIds, [101, 3108, 3255, 102]);
});

test("warns when no do_lower_case is set but the vocabulary is cased; lower-cases as Hugging Face does", async () => {
  const noConfig = writeFolder(tmp.dir, "cased-no-config", { "vocab.txt": vocabTxt(casedVocab) });
  const r1 = await BertTokenizer.fromFolder(noConfig);
  assert.equal(r1.warnings.length, 1);
  assert.match(
    r1.warnings[0],
    /no "do_lower_case".*8354 of 38874 tokens have upper-case letters.*"do_lower_case": false/,
  );
  assert.deepEqual(r1.tokenizer.tokenize("Patient"), ["patient"]);
  const otherConfig = writeFolder(tmp.dir, "cased-config-without", {
    "vocab.txt": vocabTxt(casedVocab),
    "tokenizer_config.json": { model_max_length: 512 },
  });
  assert.equal((await BertTokenizer.fromFolder(otherConfig)).warnings.length, 1);
  // No warning for an uncased vocabulary, or when the setting is there.
  const uncasedNoConfig = writeFolder(tmp.dir, "uncased-no-config", { "vocab.txt": vocabTxt(uncasedVocab) });
  assert.deepEqual((await BertTokenizer.fromFolder(uncasedNoConfig)).warnings, []);
  assert.deepEqual((await BertTokenizer.fromFolder(CASED_DIR)).warnings, []);
  // tokenizer.json whose normalizer does not say: same default, same warning.
  const json = writeFolder(tmp.dir, "cased-json-no-lowercase", {
    "tokenizer.json": bertTokenizerJson(casedVocab, { lowercase: true, omitLowercase: true }),
  });
  const r2 = await BertTokenizer.fromFolder(json);
  assert.match(r2.warnings.join("\n"), /looks cased \(8354 of 38874/);
  assert.deepEqual(r2.tokenizer.tokenize("Patient"), ["patient"]);
});

test("tokenizer_config.json settings win over tokenizer.json's normalizer, as in BertTokenizerFast", async () => {
  const conflict = writeFolder(tmp.dir, "conflict", {
    "tokenizer.json": bertTokenizerJson(casedVocab, { lowercase: false }),
    "tokenizer_config.json": { do_lower_case: true },
  });
  const r = await BertTokenizer.fromFolder(conflict);
  assert.match(r.warnings.join("\n"), /do_lower_case=true disagrees with tokenizer.json's normalizer/);
  assert.deepEqual(r.tokenizer.tokenize("Café Patient"), ["cafe", "patient"]);
  const unsaid = writeFolder(tmp.dir, "cased-json-no-config", {
    "tokenizer.json": bertTokenizerJson(casedVocab, { lowercase: false }),
  });
  const r2 = await BertTokenizer.fromFolder(unsaid);
  assert.match(r2.warnings.join("\n"), /Prognos follows tokenizer.json/);
  assert.deepEqual(r2.tokenizer.tokenize("Patient"), ["Patient"]);
});

test("strip_accents and tokenize_chinese_chars settings, checked against transformers.js", async () => {
  const dir = writeFolder(tmp.dir, "cased-strip", {
    "vocab.txt": vocabTxt(casedVocab),
    "tokenizer_config.json": { do_lower_case: false, strip_accents: true, tokenize_chinese_chars: false },
  });
  const { tokenizer } = await BertTokenizer.fromFolder(dir);
  const oracle = makeOracle(
    bertTokenizerJson(casedVocab, { lowercase: false, stripAccents: true, handleChineseChars: false }),
    {},
  );
  const text = "Café Ångström naïve 北京 abc北def";
  assert.deepEqual(tokenizer.tokenize(text), oracle.tokenize(text));
  assert.deepEqual(tokenizer.tokenize("Café"), ["Cafe"]);
  assert.deepEqual(tokenizer.tokenize("abc北def"), ["abc", "##北", "##de", "##f"]);
});

test("added tokens: normalized and raw, from tokenizer.json and from tokenizer_config.json", async () => {
  const json = bertTokenizerJson(uncasedVocab, { lowercase: true }) as { added_tokens: object[] };
  const extra = (id: number, content: string, normalized: boolean) => ({
    id,
    content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized,
    special: false,
  });
  json.added_tokens.push(extra(30522, "Heart Attack", true), extra(30523, "COVID-19", false));
  const dir = writeFolder(tmp.dir, "added", { "tokenizer.json": json });
  const { tokenizer } = await BertTokenizer.fromFolder(dir);
  const oracle = makeOracle(json, {});
  const text = "HEART ATTACK after COVID-19, not covid-19; heart attacks.";
  assert.deepEqual(tokenizer.encode(text).inputIds, oracle.encode(text).input_ids);
  assert.deepEqual(tokenizer.tokenize(text).slice(0, 4), ["Heart Attack", "after", "COVID-19", ","]);
  assert.equal(tokenizer.vocabSize, 30524);

  const slow = writeFolder(tmp.dir, "added-slow", {
    "vocab.txt": vocabTxt(uncasedVocab),
    "tokenizer_config.json": {
      do_lower_case: true,
      added_tokens_decoder: { "30522": { content: "[NOTE]", special: true, normalized: false } },
    },
  });
  const s = await BertTokenizer.fromFolder(slow);
  assert.deepEqual(s.tokenizer.encode("a[NOTE]b").inputIds, [101, 1037, 30522, 1038, 102]);
});

test("slow-only options are reported, not silently dropped", async () => {
  const dir = writeFolder(tmp.dir, "slow-only", {
    "vocab.txt": vocabTxt(uncasedVocab),
    "tokenizer_config.json": { do_lower_case: true, do_split_on_punc: false, never_split: ["x-ray"] },
  });
  const { tokenizer, warnings } = await BertTokenizer.fromFolder(dir);
  assert.equal(warnings.length, 2);
  assert.match(warnings[0], /"do_split_on_punc": false is ignored/);
  assert.match(warnings[1], /"never_split" \(1 entries\) is ignored/);
  assert.deepEqual(tokenizer.tokenize("x-ray"), ["x", "-", "ray"]);
});

test("a vocabulary without [PAD]/[MASK] gives them new ids, with a warning", async () => {
  const vocab = uncasedVocab.map((t) => (t === "[PAD]" ? "[unusedpad]" : t));
  const dir = writeFolder(tmp.dir, "no-pad", { "vocab.txt": vocabTxt(vocab) });
  const { tokenizer, warnings } = await BertTokenizer.fromFolder(dir);
  assert.equal(tokenizer.ids.pad, 30522);
  assert.match(warnings.join("\n"), /no \[PAD\] token in the vocabulary; it gets the new id 30522/);
});

test("errors name the folder or file at fault", async () => {
  const missing = join(tmp.dir, "does-not-exist");
  await rejects(missing, /model folder not found/, missing);
  const file = join(tmp.dir, "a-file");
  writeFileSync(file, "x");
  await rejects(file, /expected a model folder/, file);
  const empty = join(tmp.dir, "empty");
  mkdirSync(empty);
  await rejects(empty, /no tokenizer in this folder: expected tokenizer.json or vocab.txt/, empty);

  const bad = writeFolder(tmp.dir, "bad-json", { "tokenizer.json": '{"model": {"type": "WordPiece",' });
  await rejects(bad, /malformed JSON at line 1, column 32: expected a string key/, join(bad, "tokenizer.json"));
  const noModel = writeFolder(tmp.dir, "no-model", { "tokenizer.json": { normalizer: null } });
  await rejects(noModel, /malformed tokenizer.json: no "model" object/);
  const bpe = writeFolder(tmp.dir, "bpe", { "tokenizer.json": { model: { type: "BPE", vocab: {} } } });
  await rejects(bpe, /unsupported tokenizer.json: model.type is "BPE"/);
  const badId = bertTokenizerJson(uncasedVocab, { lowercase: true }) as { model: { vocab: Record<string, unknown> } };
  badId.model.vocab.the = "1996";
  await rejects(writeFolder(tmp.dir, "bad-id", { "tokenizer.json": badId }), /model.vocab\["the"\] is "1996"/);

  const noCls = writeFolder(tmp.dir, "no-cls", { "vocab.txt": vocabTxt(uncasedVocab.filter((t) => t !== "[CLS]")) });
  await rejects(
    noCls,
    /the vocabulary has no "\[CLS\]" token, which BERT needs as its cls_token/,
    join(noCls, "vocab.txt"),
  );
  const noUnk = writeFolder(tmp.dir, "no-unk", { "vocab.txt": vocabTxt(uncasedVocab.filter((t) => t !== "[UNK]")) });
  await rejects(noUnk, /no "\[UNK\]" token/);
  const namedSep = writeFolder(tmp.dir, "named-sep", {
    "vocab.txt": vocabTxt(uncasedVocab),
    "tokenizer_config.json": { sep_token: "</s>" },
  });
  await rejects(namedSep, /no "<\/s>" token, which BERT needs as its sep_token \(so named by the folder's config\)/);
  const jsonNoSep = bertTokenizerJson(uncasedVocab, { lowercase: true }) as {
    model: { vocab: Record<string, number> };
    added_tokens: Array<{ content: string }>;
  };
  delete jsonNoSep.model.vocab["[SEP]"];
  jsonNoSep.added_tokens = jsonNoSep.added_tokens.filter((t) => t.content !== "[SEP]");
  await rejects(writeFolder(tmp.dir, "json-no-sep", { "tokenizer.json": jsonNoSep }), /no "\[SEP\]" token/);
  const latin1 = join(tmp.dir, "latin1");
  mkdirSync(latin1);
  writeFileSync(
    join(latin1, "vocab.txt"),
    Buffer.concat([Buffer.from("[PAD]\n[UNK]\ncaf"), Buffer.from([0xe9, 0x0a])]),
  );
  await rejects(latin1, /vocabulary is not valid UTF-8 \(line 3, byte offset 15: 0xe9\)/, join(latin1, "vocab.txt"));
  const badConfig = writeFolder(tmp.dir, "bad-config", { "tokenizer_config.json": "{not json" });
  copyFileSync(join(UNCASED_DIR, "vocab.txt"), join(badConfig, "vocab.txt"));
  await rejects(
    badConfig,
    /malformed JSON at line 1, column 2: expected a string key/,
    join(badConfig, "tokenizer_config.json"),
  );
  const badSetting = writeFolder(tmp.dir, "bad-setting", {
    "vocab.txt": vocabTxt(uncasedVocab),
    "tokenizer_config.json": { do_lower_case: "yes" },
  });
  await rejects(badSetting, /"do_lower_case" must be true, false or null, got "yes"/);
});
