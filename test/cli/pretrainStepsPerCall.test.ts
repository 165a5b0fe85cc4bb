import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { before, test } from "node:test";
import { synthesizeMimic3 } from "../../src/synth/mimic3/synthesizeMimic3.ts";
import { killAfterSteps } from "../helpers/killAfterSteps.ts";
import { pretrainCoreArgs } from "../helpers/pretrainCoreArgs.ts";

// `prognos pretrain --steps-per-call K` with one micro-batch per step (the steps of a call in one ONNX Loop): the
// weights, the per-step losses and the steps at which validation and saves happen do not depend on K, also when a
// run is killed at one K and resumed at another; a loss that turns non-finite mid-call ends as at K = 1.
const MODEL = "test/fixtures/bert/tiny-uncased-gelu";
let hospital = "";
before(async () => {
  hospital = mkdtempSync(join(tmpdir(), "prognos-pretrain-k-hospital-"));
  await synthesizeMimic3({ admissions: 120, otherNotes: 0, seed: 3, outDir: hospital });
});
const prognos = (args: string[]) => spawnSync(process.execPath, ["bin/prognos.js", ...args], { encoding: "utf8" });
/** 30 steps of 6 rows in one micro-batch, validation every 10 steps, saves every 5. */
const core = (out: string, k: number, extra: string[] = []) =>
  pretrainCoreArgs(MODEL, hospital, out, [
    "--micro-batch-size",
    "6",
    "--save-every",
    "5",
    "--steps-per-call",
    `${k}`,
    ...extra,
  ]);
/** log.jsonl without the timings: one line per step and per validation. */
const log = (dir: string) =>
  readFileSync(join(dir, "log.jsonl"), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => {
      const { seconds: _s, tokensPerSecond: _t, ...rest } = JSON.parse(l);
      return rest;
    });

test("pretrain core --mlm: 1 step per call, and 3 per call killed then resumed at 4, give the same weights and log", {
  timeout: 300_000,
}, async () => {
  const straight = mkdtempSync(join(tmpdir(), "prognos-pretrain-k1-"));
  const r = prognos(core(straight, 1));
  assert.equal(r.status, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).steps, 30);
  assert.equal(JSON.parse(readFileSync(join(straight, "run.json"), "utf8")).stepsPerCall, 1);

  const killed = mkdtempSync(join(tmpdir(), "prognos-pretrain-k3-"));
  const child = spawn(process.execPath, ["bin/prognos.js", ...core(killed, 3)], { stdio: "ignore" });
  await killAfterSteps(child, killed, 13);
  assert.ok(!existsSync(join(killed, "last", "model.safetensors")), "the killed run must not have finished");
  const resumed = prognos([...core(killed, 4), "--resume"]);
  assert.equal(resumed.status, 0, resumed.stderr);
  assert.equal(JSON.parse(readFileSync(join(killed, "run.json"), "utf8")).stepsPerCall, 4);
  for (const f of ["last", "best"]) {
    const a = readFileSync(join(straight, f, "model.safetensors"));
    assert.ok(a.equals(readFileSync(join(killed, f, "model.safetensors"))), `${f}/ differs`);
  }
  const lines = log(straight);
  assert.equal(lines.filter((l) => "totalSteps" in l).length, 30);
  assert.deepEqual(
    lines.filter((l) => "val_loss" in l).map((l) => l.step),
    [10, 20, 30],
  );
  assert.deepEqual(log(killed), lines, "the same losses, validations on the same steps");
});

test("pretrain: a non-finite loss mid-call stops at the same step with the same last/ as at 1 step per call", {
  timeout: 300_000,
}, () => {
  const run = (k: number) => {
    const out = mkdtempSync(join(tmpdir(), "prognos-pretrain-nan-"));
    const blowUp = ["--lr", "1e30", "--max-grad-norm", "0", "--warmup-steps", "0", "--save-every", "10"];
    const r = prognos(core(out, k, blowUp));
    return { r, out, weights: readFileSync(join(out, "last", "model.safetensors")) };
  };
  const one = run(1);
  assert.equal(one.r.status, 1);
  const step = /loss became \S+ at step (\d+);/.exec(one.r.stderr)?.[1];
  assert.ok(step && Number(step) > 1 && Number(step) < 10, one.r.stderr);
  const four = run(4);
  assert.equal(four.r.status, 1);
  assert.match(four.r.stderr, new RegExp(`loss became \\S+ at step ${step};`));
  assert.ok(one.weights.equals(four.weights), "last/ differs");
  assert.deepEqual(log(four.out), log(one.out), "the steps before the bad one are logged as at 1 per call");
});
