import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import * as ort from "onnxruntime-node";
import { assertClose } from "../helpers/assertClose.ts";
import { readGolden } from "../models/bert/goldenFixtures.ts";

const MODEL = "test/fixtures/bert/tiny-uncased-gelu";
const golden = readGolden("tiny-uncased-gelu");
const first = golden.texts.find((t) => t.text_pair === null)!;

function prognos(...args: string[]) {
  return spawnSync(process.execPath, ["bin/prognos.js", ...args], { encoding: "utf8" });
}

test("prognos embed prints input_ids and the last hidden state PyTorch computes", () => {
  const r = prognos("embed", "--model", MODEL, "--threads", "1", first.text);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { input_ids: number[]; last_hidden_state: number[][] };
  assert.deepEqual(Object.keys(out), ["input_ids", "last_hidden_state"]);
  assert.deepEqual(out.input_ids, first.input_ids);
  assert.equal(out.last_hidden_state.length, first.input_ids.length);
  assertClose(out.last_hidden_state.flat(), first.last_hidden_state.flat(), 1e-4, "embed");
});

test("prognos embed --file --out --pooler writes the same values to a file", () => {
  const dir = mkdtempSync(join(tmpdir(), "prognos-embed-"));
  writeFileSync(join(dir, "note.txt"), first.text);
  const r = prognos(
    "embed",
    "--model",
    MODEL,
    "--file",
    join(dir, "note.txt"),
    "--out",
    join(dir, "emb.json"),
    "--pooler",
  );
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, "");
  const out = JSON.parse(readFileSync(join(dir, "emb.json"), "utf8"));
  assertClose(out.last_hidden_state.flat(), first.last_hidden_state.flat(), 1e-4, "file");
  assertClose(out.pooler_output, first.pooler_output, 1e-4, "pooler");
});

test("prognos embed --max-length truncates and keeps [SEP]", () => {
  const r = prognos("embed", "--model", MODEL, "--max-length", "4", first.text);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(out.input_ids, [...first.input_ids.slice(0, 3), first.input_ids.at(-1)]);
  assert.equal(out.last_hidden_state.length, 4);
});

test("user errors print one line naming the problem, no stack trace, exit 1", () => {
  const dir = mkdtempSync(join(tmpdir(), "prognos-embed-"));
  writeFileSync(join(dir, "latin1.txt"), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]));
  const cases: [string[], RegExp][] = [
    [["embed", "--model", "no/such/folder", "x"], /no\/such\/folder/],
    [
      ["embed", "--model", MODEL, "--max-length", "100", "x"],
      /--max-length 100 exceeds .*max_position_embeddings \(64\)/,
    ],
    [
      ["embed", "--model", MODEL, "--max-length", "zero", "x"],
      /--max-length: expected an integer from 2 to 8,192, got "zero"/,
    ],
    [["embed", "--model", MODEL, "--file", join(dir, "latin1.txt")], /latin1\.txt/],
    [["embed", "--model", MODEL, "   "], /empty/],
  ];
  for (const [args, message] of cases) {
    const r = prognos(...args);
    assert.equal(r.status, 1, `${args.join(" ")}: ${r.stderr}`);
    const lines = r.stderr
      .trim()
      .split("\n")
      .filter((l) => l.startsWith("prognos: error"));
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0]!, message);
    assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
  }
});

test("prognos export writes an ONNX model that ONNX Runtime runs to the same values", async () => {
  const dir = mkdtempSync(join(tmpdir(), "prognos-export-"));
  const r = prognos("export", "--model", MODEL, "--out", join(dir, "encoder.onnx"), "--json");
  assert.equal(r.status, 0, r.stderr);
  const summary = JSON.parse(r.stdout);
  assert.deepEqual(
    summary.inputs.map((i: { name: string }) => i.name),
    ["input_ids", "attention_mask", "token_type_ids", "position_ids"],
  );
  const session = await ort.InferenceSession.create(join(dir, "encoder.onnx"));
  const T = first.input_ids.length;
  const i64 = (xs: number[], dims: number[]) => new ort.Tensor("int64", BigInt64Array.from(xs, BigInt), dims);
  const res = await session.run({
    input_ids: i64(first.input_ids, [1, T]),
    attention_mask: i64(
      first.input_ids.map(() => 1),
      [1, T],
    ),
    token_type_ids: i64(first.token_type_ids, [1, T]),
    position_ids: i64([...Array(T).keys()], [1, T]),
  });
  assertClose(res.last_hidden_state!.data as Float32Array, first.last_hidden_state.flat(), 1e-4, "exported");
});
