import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { SafetensorsFile } from "../../src/checkpoint/SafetensorsFile.ts";
import { assertRefused, prognos } from "../helpers/assertRefused.ts";

// `prognos train`'s flags and --config fields are parsed strictly: each bad value is one line naming the flag
// (or the file and field) and the value, before any work.

const MODEL = "test/fixtures/bert/tiny-uncased-gelu"; // max_position_embeddings 64
const temp = mkdtempSync(join(tmpdir(), "prognos-train-options-"));
after(() => rmSync(temp, { recursive: true, force: true }));
const OUT = join(temp, "run");
const TRAIN = ["train", "--model", MODEL, "--task", join(temp, "no-task"), "--out", OUT];

function task(): string {
  const dir = mkdtempSync(join(temp, "task-"));
  for (const split of ["train", "val", "test"]) {
    const rows = ['"id","text","short_codes"'];
    for (let i = 0; i < 4; i++) rows.push(`"${split}-${i}","patient with chest pain ${i}","${i % 2 ? "428" : "486"}"`);
    writeFileSync(join(dir, `${split}.csv`), `${rows.join("\n")}\n`);
  }
  return dir;
}

function config(json: string): string {
  const file = join(mkdtempSync(join(temp, "config-")), "run.json");
  writeFileSync(file, json);
  return file;
}

test("train --max-grad-norm '' is refused (Number('') is 0, which would turn clipping off)", () => {
  assertRefused(
    [...TRAIN, "--max-grad-norm", ""],
    /^prognos: error: --max-grad-norm: expected a number ≥ 0, got ""\n$/,
  );
});

test("train --epochs -1 names the flag, its range and the value", () => {
  assertRefused(
    [...TRAIN, "--epochs", "-1"],
    /^prognos: error: --epochs: expected an integer from 1 to 10,000, got "-1"\n$/,
  );
});

test("train: every numeric and choice flag is checked against its range before any work", () => {
  const cases: Array<[string, string, RegExp]> = [
    ["--lr", "0", /--lr: expected a number > 0, got "0"/],
    ["--lr", "1e-5x", /--lr: expected a number > 0, got "1e-5x"/],
    ["--classifier-lr", "-1", /--classifier-lr: expected a number > 0, got "-1"/],
    ["--seed", "1.5", /--seed: expected an integer from 0 to 2\^53 − 1, got "1\.5"/],
    ["--dropout", "1", /--dropout: expected a number from 0 to 0\.99, got "1"/],
    ["--batch-size", "99999999999", /--batch-size: expected an integer from 1 to 65,536, got "99999999999"/],
    ["--micro-batch-size", "0", /--micro-batch-size: expected an integer from 1 to 65,536, got "0"/],
    ["--threads", "", /--threads: expected an integer from 1 to 1,024, got ""/],
    ["--warmup-steps", "-5", /--warmup-steps: expected an integer from 0 to 10,000,000, got "-5"/],
    ["--max-length", "100000", /--max-length: expected an integer from 2 to 8,192, got "100000"/],
    ["--optimizer", "adam", /--optimizer: expected one of adamw, sgd, got "adam"/],
    ["--schedule", "cosine", /--schedule: expected one of constant, linear, got "cosine"/],
    ["--problem-type", "regression", /--problem-type: expected one of multi_label_classification, /],
    ["--long-notes", "summarize", /--long-notes: expected one of truncate, windows, got "summarize"/],
    ["--window-pool", "sum", /--window-pool: expected one of max, mean, got "sum"/],
    ["--window-pool", "clinicalbert", /--window-pool clinicalbert: .*inference only; train with max or mean/],
    ["--max-windows", "0", /--max-windows: expected an integer from 1 to 4,096, got "0"/],
    ["--window", "2", /--window: expected an integer from 3 to 8,192, got "2"/],
    ["--stride", "0", /--stride: expected an integer from 1 to 8,192, got "0"/],
  ];
  for (const [flag, value, message] of cases) assertRefused([...TRAIN, flag, value], message);
  assert.ok(!existsSync(OUT), "nothing written");
});

test("train --max-length above the model's max_position_embeddings is refused, naming the limit", () => {
  const t = task();
  const args = ["train", "--model", MODEL, "--task", t, "--out", OUT, "--epochs", "1", "--threads", "1"];
  assertRefused(
    [...args, "--max-length", "100"],
    /^prognos: error: --max-length 100 exceeds the model's max_position_embeddings \(64\)\n$/,
  );
  const file = config(JSON.stringify({ maxLength: 65 }));
  assertRefused(
    [...args, "--config", file],
    new RegExp(
      `^prognos: error: ${file}: field "maxLength" 65 exceeds the model's max_position_embeddings \\(64\\)\\n$`,
    ),
  );
  assert.ok(!existsSync(join(OUT, "run.json")), "no run started");
});

test("train --config: a field of the wrong type names the file and the field", () => {
  const file = config('{"epochs": "3"}');
  assertRefused(
    [...TRAIN, "--config", file],
    new RegExp(`^prognos: error: ${file}: field "epochs": expected an integer from 1 to 10,000, got "3"\\n$`),
  );
  // Even where a flag overrides it: the file is wrong, and replaying it later without the flag would fail.
  assertRefused([...TRAIN, "--config", file, "--epochs", "2"], /field "epochs": expected an integer/);
  const nulls = config('{"maxGradNorm": null, "model": "x"}');
  assertRefused([...TRAIN, "--config", nulls], /field "maxGradNorm": expected a number ≥ 0, got null/);
});

test("train --config: unknown fields are refused, listed by name", () => {
  const file = config('{"model": "m", "lerning_rate": 0.001, "batch": 8}');
  assertRefused(
    [...TRAIN, "--config", file],
    /: unknown fields "lerning_rate", "batch"; the fields are model, task, out, /,
  );
});

test("train --config: a file that is not a JSON object is refused, not a crash", () => {
  for (const json of ["null", "[]", "42"]) {
    assertRefused([...TRAIN, "--config", config(json)], /: expected a JSON object of run options, got /);
  }
  assertRefused([...TRAIN, "--config", config("{")], /run\.json: malformed JSON at line 1, column 2/);
});

test("train: window options that contradict each other are refused before any work, naming the option", () => {
  assertRefused(
    [...TRAIN, "--window", "32"],
    /^prognos: error: --window: only with --long-notes windows \(the run truncates long notes\)\n$/,
  );
  assertRefused(
    [...TRAIN, "--long-notes", "windows", "--window", "16", "--stride", "15"],
    /^prognos: error: --stride 15: at most window − 2 \(14\), or word pieces between windows would not be read\n$/,
  );
  assertRefused(
    [...TRAIN, "--long-notes", "windows", "--max-length", "32", "--window", "48"],
    /^prognos: error: --window 48: at most the max length \(32 word pieces\)\n$/,
  );
  assert.ok(!existsSync(OUT), "nothing written");
  // Against the model's own limit (64 positions), once the model is read: still before the run starts.
  const t = task();
  assertRefused(
    ["train", "--model", MODEL, "--task", t, "--out", OUT, "--long-notes", "windows", "--window", "100"],
    /^prognos: error: --window 100: at most the max length \(64 word pieces\)\n$/,
  );
  assert.ok(!existsSync(join(OUT, "run.json")), "no run started");
});

test("train --classifier-lr: recorded in run.json; the classifier moves further, the encoder as far", async () => {
  const t = task();
  const weights = async (run: string) => {
    const f = await SafetensorsFile.open(join(run, "last", "model.safetensors"));
    const read = async (name: string) => Float32Array.from((await f.tensors.get(name)!.read()).data);
    const out = {
      classifier: await read("classifier.weight"),
      query: await read("bert.encoder.layer.0.attention.self.query.weight"),
    };
    await f.close();
    return out;
  };
  const runs: Record<string, Awaited<ReturnType<typeof weights>>> = {};
  for (const [name, extra] of [
    ["init", ["--max-steps", "1", "--lr", "1e-9"]],
    ["same", ["--max-steps", "4"]],
    ["fast", ["--max-steps", "4", "--classifier-lr", "3e-2"]],
  ] as const) {
    const out = join(temp, `clr-${name}`);
    const r = prognos([
      "train",
      "--model",
      MODEL,
      "--task",
      t,
      "--out",
      out,
      "--lr",
      "1e-3",
      "--warmup-steps",
      "0",
      "--batch-size",
      "2",
      "--threads",
      "1",
      "--seed",
      "3",
      ...extra,
    ]);
    assert.equal(r.status, 0, r.stderr);
    runs[name] = await weights(out);
    if (name === "fast") assert.equal(JSON.parse(readFileSync(join(out, "run.json"), "utf8")).classifierLr, 0.03);
  }
  const moved = (a: Float32Array, b: Float32Array) => Math.max(...a.map((x, i) => Math.abs(x - b[i]!)));
  const slow = moved(runs.same!.classifier, runs.init!.classifier);
  const fast = moved(runs.fast!.classifier, runs.init!.classifier);
  // AdamW moves a weight by at most about lr per step: 4 steps at 1e-3 against 4 at 3e-2.
  assert.ok(slow < 4.5e-3 && fast > 10 * slow, `classifier moved ${slow} at --lr, ${fast} at --classifier-lr 3e-2`);
  const encoderSame = moved(runs.same!.query, runs.init!.query);
  const encoderFast = moved(runs.fast!.query, runs.init!.query);
  assert.ok(encoderFast < 4.5e-3 && encoderSame < 4.5e-3, `encoder moved ${encoderSame} / ${encoderFast}`);
});
