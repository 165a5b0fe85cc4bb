// Inputs train and evaluate used to fail on with "internal error": a checkpoint without pooler weights, a malformed
// run.json. Each is now one error line naming the file (or, where the run does not read the pooler, no error).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { SafetensorsFile } from "../../src/checkpoint/SafetensorsFile.ts";
import type { WeightTensor } from "../../src/checkpoint/WeightTensor.ts";
import { serializeSafetensors } from "../../src/checkpoint/writeSafetensors.ts";
import { multiLabelTask } from "../helpers/tinyTasks.ts";

const MODEL = "test/fixtures/bert/tiny-uncased-gelu";
const root = mkdtempSync(join(tmpdir(), "prognos-train-inputs-"));
after(() => rmSync(root, { recursive: true, force: true }));
const prognos = (...args: string[]) => spawnSync(process.execPath, ["bin/prognos.js", ...args], { encoding: "utf8" });

/** Rewrites a safetensors file without the pooler's tensors (as a BertForMaskedLM export has none). */
async function dropPooler(from: string, to: string): Promise<void> {
  const f = await SafetensorsFile.open(from);
  const kept: [string, WeightTensor][] = [];
  try {
    for (const [name, t] of f.tensors) {
      if (name.includes("pooler.")) continue;
      kept.push([name, { shape: [...t.shape], data: Float32Array.from((await t.read()).data) }]);
    }
  } finally {
    await f.close();
  }
  writeFileSync(to, serializeSafetensors(kept));
}

/** The tiny BERT fixture without pooler weights. */
async function modelWithoutPooler(): Promise<string> {
  const dir = join(root, "no-pooler");
  mkdirSync(dir);
  for (const f of ["config.json", "vocab.txt", "tokenizer_config.json"]) copyFileSync(join(MODEL, f), join(dir, f));
  await dropPooler(join(MODEL, "model.safetensors"), join(dir, "model.safetensors"));
  return dir;
}

const task = () => multiLabelTask(join(root, "task"));

function assertOneErrorLine(r: ReturnType<typeof prognos>, pattern: RegExp): void {
  assert.equal(r.status, 1, r.stderr);
  assert.doesNotMatch(r.stderr, /internal error|\n\s+at /, "no internal error, no stack trace");
  const errors = r.stderr.split("\n").filter((l) => l.startsWith("prognos: error: "));
  assert.equal(errors.length, 1, r.stderr);
  assert.match(errors[0]!, pattern);
}

const train = (model: string, out: string, ...more: string[]) =>
  prognos("train", "--model", model, "--task", task(), "--out", out, "--threads", "1", "--warmup-steps", "0", ...more);

test("train: a checkpoint without pooler weights is an error naming its file, before any training; --no-pooler trains", async () => {
  const model = await modelWithoutPooler();
  const out = join(root, "run-no-pooler");
  const r = train(model, out, "--max-steps", "1");
  assertOneErrorLine(
    r,
    new RegExp(`^prognos: error: ${join(model, "model.safetensors")}: no pooler weights .*--no-pooler`),
  );
  assert.doesNotMatch(r.stderr, /steps \(/, "no training step was started");
  assert.ok(!existsSync(join(out, "run.json")), "nothing written");

  const ok = train(model, out, "--max-steps", "1", "--no-pooler");
  assert.equal(ok.status, 0, ok.stderr);
  // A run that does not read the pooler evaluates from a checkpoint without one.
  const e = prognos("evaluate", out, "--split", "val", "--bootstrap", "0", "--threads", "1");
  assert.equal(e.status, 0, e.stderr);
});

test("evaluate: a run trained on the pooler whose checkpoint has none is an error naming the file", async () => {
  const run = join(root, "run-pooler");
  assert.equal(train(MODEL, run, "--max-steps", "1").status, 0);
  const weights = join(run, "best", "model.safetensors");
  await dropPooler(weights, weights);
  const r = prognos("evaluate", run, "--split", "test", "--bootstrap", "0", "--threads", "1");
  assertOneErrorLine(
    r,
    new RegExp(`^prognos: error: ${weights}: no pooler weights .*its head reads BERT's pooler output .*pooler: true`),
  );
  assert.ok(!existsSync(join(run, "eval-test")), "nothing written");
});

test("the head in config.json decides: a --no-pooler run saves no pooler and is evaluated as it was trained", async () => {
  // The fixture has pooler weights; a run that trained without the pooler must be evaluated without it too.
  const run = join(root, "run-cls");
  const t = train(MODEL, run, "--no-pooler", "--epochs", "2", "--batch-size", "5", "--lr", "3e-3");
  assert.equal(t.status, 0, t.stderr);
  const config = JSON.parse(readFileSync(join(run, "best", "config.json"), "utf8"));
  assert.equal(config.prognos_head.pooler, false);
  assert.equal(config.prognos_head.task, "task");
  assert.equal(config.prognos_head.max_length, 64);
  assert.deepEqual(config.prognos_head.long_notes, { policy: "truncate" });
  const saved = await SafetensorsFile.open(join(run, "best", "model.safetensors"));
  assert.ok(![...saved.tensors.keys()].some((n) => n.includes("pooler")), "no untrained pooler weights in best/");
  await saved.close();
  const best = readFileSync(join(run, "log.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as { step: number; val_metric?: number })
    .filter((l) => l.val_metric !== undefined)
    .reduce((a, b) => (b.val_metric! > a.val_metric! ? b : a));
  const e = prognos("evaluate", run, "--split", "val", "--bootstrap", "0", "--threads", "1", "--json");
  assert.equal(e.status, 0, e.stderr);
  const metrics = JSON.parse(e.stdout) as { headline: { value: number } };
  assert.ok(
    Math.abs(metrics.headline.value - best.val_metric!) < 1e-6,
    `val macro AUROC ${metrics.headline.value}, training logged ${best.val_metric} at step ${best.step}`,
  );
  // A plain Hugging Face folder (no prognos_head): today's inference, said in a warning — here no pooler weights,
  // so no pooler, and the same scores.
  delete config.prognos_head;
  writeFileSync(join(run, "best", "config.json"), JSON.stringify(config));
  const plain = prognos(
    "evaluate",
    run,
    "--split",
    "val",
    "--bootstrap",
    "0",
    "--threads",
    "1",
    "--json",
    "--overwrite",
  );
  assert.equal(plain.status, 0, plain.stderr);
  assert.match(
    plain.stderr,
    /warning: .*best\/config\.json has no prognos_head \(a plain Hugging Face folder\).*no pooler/,
  );
  assert.equal((JSON.parse(plain.stdout) as { headline: { value: number } }).headline.value, metrics.headline.value);
});

test("evaluate: a malformed run.json is an error naming the file and the field", () => {
  const run = join(root, "run-bad-json");
  mkdirSync(run);
  const file = join(run, "run.json");
  for (const [text, pattern] of [
    ['{ "task": ', /malformed JSON at line 1, column 11: unexpected end/],
    ["[1, 2]", /malformed run\.json: expected a JSON object/],
    ["{}", /malformed run\.json: "task" must be the task folder the run was trained on, got nothing/],
    [`{ "task": "x", "maxLength": "64" }`, /malformed run\.json: "maxLength" must be an integer ≥ 2, got "64"/],
    [`{ "task": "x", "maxLength": 64, "pooler": 1 }`, /malformed run\.json: "pooler" must be true or false, got 1/],
  ] as const) {
    writeFileSync(file, text);
    const r = prognos("evaluate", run, "--split", "test");
    assertOneErrorLine(r, new RegExp(`^prognos: error: ${file}: ${pattern.source}`));
  }
});
