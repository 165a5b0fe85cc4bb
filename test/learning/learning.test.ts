import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import type { BertConfigArgs } from "../../src/checkpoint/BertConfig.ts";
import { pairedMacroAurocDifference } from "../../src/evaluation/pairedDifference.ts";
import { readPredictionsCsv } from "../../src/evaluation/predictionsCsv.ts";
import { initBertFolder } from "../../src/training/initBertFolder.ts";
import { CONTEXT_WORDS, writeContextTask } from "./contextTask.ts";

// Proof that training learns (docs/learning-checks.md): the loss of a few notes falls to almost nothing, the
// predictions move with the input, a transformer trained from scratch reads context that a bag of words and word
// pairs cannot, and `prognos doctor` tells a healthy run from a collapsed one.
const root = mkdtempSync(join(tmpdir(), "prognos-learning-"));
after(() => rmSync(root, { recursive: true, force: true }));
const prognos = (...args: string[]) => spawnSync(process.execPath, ["bin/prognos.js", ...args], { encoding: "utf8" });

const SMALL: BertConfigArgs = {
  vocab_size: CONTEXT_WORDS.length + 5,
  hidden_size: 64,
  num_hidden_layers: 2,
  num_attention_heads: 4,
  intermediate_size: 128,
  max_position_embeddings: 64,
} as BertConfigArgs;

function setUp(name: string, sizes: { train: number; val: number; test: number }) {
  const dir = join(root, name);
  const { task, vocab } = writeContextTask(dir, sizes, 1);
  initBertFolder(join(dir, "init"), SMALL, vocab, 3);
  return { dir, task, model: join(dir, "init") };
}

function train(model: string, task: string, out: string, ...extra: string[]) {
  const r = prognos(
    "train",
    ...["--model", model, "--task", task, "--out", out, "--dropout", "0", "--batch-size", "32", "--threads", "2"],
    ...["--no-class-weights", "--patience", "1000", "--json", ...extra],
  );
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as { steps: number; best_val_macro_auroc: number };
}

const losses = (run: string) =>
  readFileSync(join(run, "log.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as { loss?: number })
    .filter((l) => typeof l.loss === "number")
    .map((l) => l.loss!);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

test("a tiny model drives the training loss of 64 notes below 5% of its starting value", { timeout: 120_000 }, () => {
  const s = setUp("memorize", { train: 64, val: 16, test: 16 });
  const run = join(s.dir, "run");
  train(s.model, s.task, run, "--epochs", "80", "--lr", "1e-3", "--warmup-steps", "10");
  const l = losses(run);
  const first = mean(l.slice(0, 4));
  const last = mean(l.slice(-4));
  assert.ok(last < 0.05 * first, `loss ${first.toFixed(4)} → ${last.toFixed(4)} over ${l.length} steps`);
});

test("from scratch, a transformer reads context a bag of words and bigrams cannot; doctor passes it", {
  timeout: 300_000,
}, () => {
  const s = setUp("context", { train: 2000, val: 300, test: 500 });
  const run = join(s.dir, "run");
  train(s.model, s.task, run, "--epochs", "40", "--lr", "5e-4", "--warmup-steps", "100");
  const e = prognos("evaluate", run, "--split", "test", "--bootstrap", "0", "--threads", "2", "--json");
  assert.equal(e.status, 0, e.stderr);
  const metrics = JSON.parse(e.stdout) as {
    headline: { value: number };
    spread: { value: number; collapsed: boolean };
  };
  const bowDir = join(s.dir, "bow");
  const b = prognos("baseline", "bow", "--task", s.task, "--out", bowDir, "--ngrams", "2", "--bootstrap", "0");
  assert.equal(b.status, 0, b.stderr);
  const read = (file: string) => readPredictionsCsv(readFileSync(file, "utf8"), { file });
  const diff = pairedMacroAurocDifference(
    read(join(run, "eval-test", "predictions.csv")),
    read(join(bowDir, "eval-test", "predictions.csv")),
    { resamples: 1000, seed: 0 },
  );
  assert.ok(metrics.headline.value > 0.9, `transformer test AUROC ${metrics.headline.value}`);
  assert.ok(diff.lower! > 0, `difference ${diff.value} (${diff.lower}–${diff.upper})`);
  assert.equal(metrics.spread.collapsed, false);
  assert.ok(metrics.spread.value > 0.1, `spread of the test predictions ${metrics.spread.value}`);
  const d = prognos("doctor", run, "--threads", "2", "--json");
  assert.equal(d.status, 0, d.stdout + d.stderr);
  const report = JSON.parse(d.stdout) as { healthy: boolean; findings: { check: string; status: string }[] };
  assert.deepEqual(
    report.findings.map((f) => [f.check, f.status]),
    [
      ["loss", "ok"],
      ["learning rate", "ok"],
      ["dev metric", "ok"],
      ["spread", "ok"],
    ],
  );
});

test("doctor and report.html flag a collapsed run: predictions that do not move with the input", {
  timeout: 120_000,
}, () => {
  const s = setUp("collapsed", { train: 64, val: 32, test: 32 });
  const run = join(s.dir, "run");
  // A warm-up far longer than the run: the learning rate stays near 0 and the random head predicts ~constants
  // (the classifier's rate too, on the same schedule).
  train(s.model, s.task, run, "--epochs", "2", "--lr", "1e-5", "--classifier-lr", "1e-3", "--warmup-steps", "5000");
  const d = prognos("doctor", run, "--threads", "2");
  assert.equal(d.status, 2, d.stdout + d.stderr);
  assert.match(d.stdout, /flagged/);
  assert.match(d.stdout, /FLAG {2}learning rate: .*warm-up is longer than the run/);
  assert.match(d.stdout, /of --lr 0\.00001 \(the classifier's at [\d.e-]+ of --classifier-lr 0\.001\)/);
  assert.match(d.stdout, /FLAG {2}spread: val predictions spread .*COLLAPSED/);
  const e = prognos("evaluate", run, "--split", "test", "--bootstrap", "0", "--threads", "2");
  assert.equal(e.status, 0, e.stderr);
  assert.match(readFileSync(join(run, "eval-test", "report.html"), "utf8"), /Collapsed model:/);
});

test("--pooling mean: trained through the masked mean, recorded in the head, evaluated as trained", {
  timeout: 120_000,
}, () => {
  const s = setUp("mean-pooling", { train: 96, val: 48, test: 32 });
  const run = join(s.dir, "run");
  const t = train(s.model, s.task, run, "--epochs", "3", "--lr", "1e-3", "--warmup-steps", "0", "--pooling", "mean");
  const head = JSON.parse(readFileSync(join(run, "best", "config.json"), "utf8")).prognos_head;
  assert.equal(head.pooling, "mean");
  assert.equal(head.pooler, false);
  const e = prognos("evaluate", run, "--split", "val", "--bootstrap", "0", "--threads", "2", "--json");
  assert.equal(e.status, 0, e.stderr);
  const value = (JSON.parse(e.stdout) as { headline: { value: number } }).headline.value;
  assert.ok(Math.abs(value - t.best_val_macro_auroc) < 1e-6, `evaluate ${value}, training ${t.best_val_macro_auroc}`);
});
