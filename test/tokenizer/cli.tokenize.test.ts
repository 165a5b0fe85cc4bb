// `prognos tokenize` end to end: the real bin script in a child process.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";
import { readVocab, scratch, writeFolder } from "./helpers/hfFolders.ts";
import { hasText, readMtSamples } from "./helpers/mtsamples.ts";
import { CASED_DIR, UNCASED_DIR } from "./helpers/vocabularies.ts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../..");
const tmp = scratch();
after(tmp.cleanup);

function prognos(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, "bin/prognos.js"), "tokenize", ...args], { cwd: ROOT });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** A user error: exit code 1 and one line on stderr, no stack trace, nothing on stdout. */
function assertUserError(r: { code: number | null; stdout: string; stderr: string }, pattern: RegExp) {
  assert.equal(r.code, 1, r.stderr);
  assert.equal(r.stdout, "");
  assert.match(r.stderr, /^prognos: error: [^\n]+\n$/);
  assert.match(r.stderr, pattern);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
}

test("prints one JSON object with tokens and input_ids", async () => {
  const r = await prognos("--model", UNCASED_DIR, "Patient admitted with chest pain.");
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, "");
  assert.equal(r.stdout.trim().split("\n").length, 1);
  assert.deepEqual(JSON.parse(r.stdout), {
    tokens: ["[CLS]", "patient", "admitted", "with", "chest", "pain", ".", "[SEP]"],
    input_ids: [101, 5776, 4914, 2007, 3108, 3255, 1012, 102],
  });
});

test("--pair adds token_type_ids; --file reads the text; --max-length truncates (default 512)", async () => {
  const note = readMtSamples().find((n) => hasText(n.transcription) && n.transcription.length > 6000)!;
  const file = join(tmp.dir, "note.txt");
  writeFileSync(file, note.transcription!);
  const [pair, fromFile, cut, defaultCut] = await Promise.all([
    prognos("--model", UNCASED_DIR, "--pair", "Patient admitted.", "Chest pain."),
    prognos("--model", UNCASED_DIR, "--file", file, "--max-length", "16"),
    prognos("--model", UNCASED_DIR, "--max-length", "16", note.transcription!),
    prognos("--model", CASED_DIR, "--file", file),
  ]);
  assert.equal(pair.code, 0, pair.stderr);
  assert.deepEqual(JSON.parse(pair.stdout), {
    tokens: ["[CLS]", "chest", "pain", ".", "[SEP]", "patient", "admitted", ".", "[SEP]"],
    input_ids: [101, 3108, 3255, 1012, 102, 5776, 4914, 1012, 102],
    token_type_ids: [0, 0, 0, 0, 0, 1, 1, 1, 1],
  });
  assert.equal(fromFile.code, 0, fromFile.stderr);
  const ids = JSON.parse(fromFile.stdout).input_ids as number[];
  assert.equal(ids.length, 16);
  assert.deepEqual([ids[0], ids[15]], [101, 102]);
  assert.equal(fromFile.stdout, cut.stdout);
  assert.equal(defaultCut.code, 0, defaultCut.stderr);
  const out = JSON.parse(defaultCut.stdout);
  assert.equal(out.input_ids.length, 512);
  assert.deepEqual(Object.keys(out), ["tokens", "input_ids"]);
});

test("warnings go to stderr, the JSON to stdout", async () => {
  const dir = writeFolder(tmp.dir, "cased-no-config", { "vocab.txt": `${readVocab(CASED_DIR).join("\n")}\n` });
  const r = await prognos("--model", dir, "Patient");
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /^prognos: warning: .*no "do_lower_case"/);
  assert.deepEqual(JSON.parse(r.stdout).tokens, ["[CLS]", "patient", "[SEP]"]);
});

test("user errors: one line, exit code 1, no stack trace, no note text", async () => {
  const missing = join(tmp.dir, "no-such-model");
  const latin1 = join(tmp.dir, "latin1.txt");
  writeFileSync(latin1, Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]));
  const empty = writeFolder(tmp.dir, "empty-model", {});
  const [noFolder, badFile, emptyText, badLength, both, none, noFile, noTokenizer] = await Promise.all([
    prognos("--model", missing, "SECRET NOTE TEXT"),
    prognos("--model", UNCASED_DIR, "--file", latin1),
    prognos("--model", UNCASED_DIR, "  \n\t "),
    prognos("--model", UNCASED_DIR, "--max-length", "0", "SECRET NOTE TEXT"),
    prognos("--model", UNCASED_DIR, "--file", latin1, "text"),
    prognos("--model", UNCASED_DIR),
    prognos("--model", UNCASED_DIR, "--file", join(tmp.dir, "missing.txt")),
    prognos("--model", empty, "text"),
  ]);
  assertUserError(noFolder, /no-such-model: model folder not found/);
  assert.doesNotMatch(noFolder.stderr, /SECRET/);
  assertUserError(badFile, /latin1\.txt: text file is not valid UTF-8 \(line 1, byte offset 3: 0xe9\)/);
  assertUserError(emptyText, /empty text/);
  assertUserError(badLength, /--max-length: expected an integer from 2 to 1,000,000, got "0"/);
  assert.doesNotMatch(badLength.stderr, /SECRET/);
  assertUserError(both, /either as an argument or with --file, not both/);
  assertUserError(none, /no text: give it as an argument or with --file/);
  assertUserError(noFile, /missing\.txt: text file not found/);
  assertUserError(noTokenizer, /empty-model: no tokenizer in this folder/);
});

test("a missing --model is a usage error", async () => {
  const r = await prognos("some text");
  assert.equal(r.code, 1);
  assert.equal(r.stdout, "");
  assert.match(r.stderr, /required option '--model <dir>' not specified/);
});
