// `prognos vocab train` end to end: the real bin script, then the folder it writes as a tokenizer and a model.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { BertTokenizer } from "../../src/tokenizer/BertTokenizer.ts";
import { assertRefused, prognos } from "../helpers/assertRefused.ts";

const tmp = mkdtempSync(join(tmpdir(), "prognos-vocab-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

test("vocab train: a tokenizer folder trained on notes, which init-model builds a model on", async () => {
  const notes = join(tmp, "notes");
  mkdirSync(notes);
  // text:DIR notes with MTSamples headings: an admission part and an outcome part each.
  const note = (i: number) =>
    `HISTORY OF PRESENT ILLNESS: Patient ${i} with cardiomyopathy and dyspnea, cardiomyopathy again.\n\n` +
    `HOSPITAL COURSE: Treated with furosemide; cardiomyopathy improved.\n`;
  for (let i = 0; i < 6; i++) writeFileSync(join(notes, `n${i}.txt`), note(i));
  const out = join(tmp, "vocab");
  const r = prognos(["vocab", "train", "--notes", `text:${notes}`, "--out", out, "--vocab-size", "200", "--json"]);
  assert.equal(r.status, 0, r.stderr);
  const result = JSON.parse(r.stdout);
  const vocab = readFileSync(join(out, "vocab.txt"), "utf8").trimEnd().split("\n");
  assert.equal(result.size, vocab.length);
  assert.deepEqual(vocab.slice(0, 5), ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]);
  assert.ok(vocab.includes("cardiomyopathy"), "a word of every note becomes one piece");
  assert.equal(result.sources[0].documents, 6);
  assert.deepEqual(JSON.parse(readFileSync(join(out, "vocab.json"), "utf8")), result);
  assert.equal(result.settings.vocabSize, 200);
  assert.equal(result.settings.minFrequency, 2);

  // The folder is a BERT tokenizer: the notes' words come out as whole pieces, never [UNK].
  const { tokenizer } = await BertTokenizer.fromFolder(out);
  const enc = tokenizer.encode("Cardiomyopathy, treated with furosemide.");
  assert.deepEqual(enc.tokens, ["[CLS]", "cardiomyopathy", ",", "treated", "with", "furosemide", ".", "[SEP]"]);

  const model = join(tmp, "model");
  const m = prognos(["init-model", "--out", model, "--vocab", out, "--json"]);
  assert.equal(m.status, 0, m.stderr);
  assert.equal(JSON.parse(m.stdout).config.vocab_size, vocab.length);

  // An existing vocabulary is not replaced without --overwrite.
  assertRefused(["vocab", "train", "--notes", `text:${notes}`, "--out", out], /--overwrite/);
});

test("vocab train: bad arguments are refused, naming the flag", () => {
  assertRefused(
    ["vocab", "train", "--notes", "mtsamples", "--out", join(tmp, "x"), "--vocab-size", "7"],
    /--vocab-size/,
  );
  assertRefused(
    ["vocab", "train", "--notes", "mtsamples", "--out", join(tmp, "x"), "--min-frequency", "0"],
    /--min-frequency/,
  );
  assertRefused(["vocab", "train", "--notes", "nowhere:/x", "--out", join(tmp, "x")], /--notes nowhere:\/x/);
  // Sources that give no document: an error, not a vocabulary of special tokens alone.
  const empty = join(tmp, "empty-notes");
  mkdirSync(empty);
  writeFileSync(join(empty, "a.txt"), "No headings here at all.\n");
  const none = prognos(["vocab", "train", "--notes", `text:${empty}`, "--out", join(tmp, "y")]);
  assert.equal(none.status, 1);
  assert.match(none.stderr, /prognos: error: --notes: no document with a word to train on/);
  // Too small for the corpus's characters (known once the notes are read): the message says how many are needed.
  const small = prognos(["vocab", "train", "--notes", "mtsamples", "--out", join(tmp, "x"), "--vocab-size", "20"]);
  assert.equal(small.status, 1);
  assert.match(small.stderr, /prognos: error: --vocab-size 20: vocabulary size 20 is below the \d+ entries/);
  assert.doesNotMatch(small.stderr, /\n\s+at /);
});
