import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { before, test } from "node:test";
import { loadCheckpoint } from "../../src/checkpoint/Checkpoint.ts";
import type { WeightTensor } from "../../src/checkpoint/WeightTensor.ts";
import { serializeSafetensors } from "../../src/checkpoint/writeSafetensors.ts";
import { QUANTIZED_LINEAR } from "../../src/quantization/int8Weights.ts";
import { multiLabelTask } from "../helpers/tinyTasks.ts";

// `prognos quantize` end to end: a tiny model trained here, quantized with the accuracy check on its task's val
// split; a model whose int8 copy moves the AUROC is refused (exit 1, no folder) unless --force.

const prognos = (...args: string[]) => spawnSync(process.execPath, ["bin/prognos.js", ...args], { encoding: "utf8" });
const root = mkdtempSync(join(tmpdir(), "prognos-quantize-"));
const task = multiLabelTask(join(root, "task"));
const run = join(root, "run");

before(() => {
  const t = prognos(
    ...["train", "--model", "test/fixtures/bert/tiny-uncased-gelu", "--task", task, "--out", run],
    ...["--epochs", "2", "--lr", "3e-3", "--warmup-steps", "0", "--batch-size", "5", "--threads", "1", "--json"],
  );
  assert.equal(t.status, 0, t.stderr);
});

test("quantize --task: writes a quantized folder with the check in config.json; predict reads it", () => {
  const out = join(root, "int8");
  const r = prognos("quantize", "--model", run, "--out", out, "--task", task, "--threads", "1", "--json");
  assert.equal(r.status, 0, r.stderr);
  const summary = JSON.parse(r.stdout);
  assert.equal(summary.notes, 10);
  assert.ok(summary.maxProbabilityChange > 0 && summary.maxProbabilityChange < 0.05, r.stdout);
  assert.ok(Math.abs(summary.aurocChange) <= 0.002, r.stdout);
  assert.equal(summary.aurocChange, summary.aurocInt8 - summary.aurocFp32);
  const config = JSON.parse(readFileSync(join(out, "config.json"), "utf8"));
  assert.equal(config.prognos_quantization.method, "dynamic-int8");
  assert.deepEqual(config.prognos_quantization.check, {
    on: summary.on,
    notes: 10,
    maxProbabilityChange: summary.maxProbabilityChange,
    aurocFp32: summary.aurocFp32,
    aurocInt8: summary.aurocInt8,
    aurocChange: summary.aurocChange,
  });
  assert.ok(existsSync(join(out, "vocab.txt")) && !existsSync(`${out}.quantize-tmp`));
  const p = prognos("predict", "--model", out, "--text", "patient with chest pain", "--threads", "1");
  assert.equal(p.status, 0, p.stderr);
  const labels = JSON.parse(p.stdout).predictions[0].labels;
  assert.equal(labels.length, 2);
  // predict --int8 on the fp32 run quantizes the same way: the same probabilities, to the bit.
  const onTheFly = prognos("predict", "--model", run, "--int8", "--text", "patient with chest pain", "--threads", "1");
  assert.equal(onTheFly.status, 0, onTheFly.stderr);
  assert.deepEqual(JSON.parse(onTheFly.stdout).predictions[0].labels, labels);
  const fp32 = prognos("predict", "--model", run, "--text", "patient with chest pain", "--threads", "1");
  assert.notDeepEqual(JSON.parse(fp32.stdout).predictions[0].labels, labels, "fp32 and int8 give the same numbers");
  // An existing output is refused without --overwrite.
  const again = prognos("quantize", "--model", run, "--out", out, "--task", task);
  assert.equal(again.status, 1, again.stderr);
  assert.match(again.stderr, /already holds a model.*--overwrite/);
});

test("quantize without --task checks bundled notes; an already quantized folder is refused", () => {
  const out = join(root, "int8-notes");
  const r = prognos("quantize", "--model", run, "--out", out, "--threads", "1", "--json", "--no-progress");
  assert.equal(r.status, 0, r.stderr);
  const summary = JSON.parse(r.stdout);
  assert.equal(summary.notes, 64);
  assert.equal(summary.aurocChange, undefined);
  const twice = prognos("quantize", "--model", out, "--out", join(root, "int8-twice"));
  assert.notEqual(twice.status, 0);
  assert.match(twice.stderr, /already quantized/);
});

test("quantize refuses an int8 copy that moves the macro AUROC by more than 0.002, unless --force", async () => {
  // One weight per output channel 1000× the row's largest: per-channel int8 rounds the rest of the row to zero.
  const bad = join(root, "outliers");
  cpSync(join(run, "best"), bad, { recursive: true });
  const checkpoint = await loadCheckpoint(bad);
  const tensors: Array<[string, WeightTensor]> = [];
  for (const [name, w] of checkpoint.weights) {
    const data = Float32Array.from(w.data);
    if (QUANTIZED_LINEAR.test(name)) {
      const [outF, inF] = w.shape as [number, number];
      for (let o = 0; o < outF; o++) data[o * inF] = 1000 * Math.max(...data.subarray(o * inF, (o + 1) * inF));
    }
    tensors.push([`bert.${name}`, { shape: w.shape, data }]);
  }
  for (const [name, w] of checkpoint.headWeights) tensors.push([name, w]);
  writeFileSync(join(bad, "model.safetensors"), serializeSafetensors(tensors));
  const out = join(root, "refused");
  const r = prognos("quantize", "--model", bad, "--out", out, "--task", task, "--threads", "1");
  assert.equal(r.status, 1, r.stderr);
  assert.match(
    r.stderr,
    /^prognos: error: int8 moves the macro AUROC on .* by -?\d\.\d{4} .*more than 0\.002 .*; nothing written/m,
  );
  // The outliers also flatten the fp32 model's predictions: the message says its AUROC ranks noise.
  assert.match(r.stderr, /the fp32 model is collapsed/);
  assert.ok(!existsSync(out) && !existsSync(`${out}.quantize-tmp`), "nothing written");
  const forced = prognos("quantize", "--model", bad, "--out", out, "--task", task, "--force", "--json");
  assert.equal(forced.status, 0, forced.stderr);
  assert.equal(JSON.parse(forced.stdout).forced, true);
  assert.equal(JSON.parse(readFileSync(join(out, "config.json"), "utf8")).prognos_quantization.check.forced, true);
});
