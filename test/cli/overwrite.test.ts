// One overwrite policy: a command whose output exists refuses, naming the path and saying "pass --overwrite to
// replace it" (or --resume), unless --overwrite is given. These commands used to replace their output silently.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { multiLabelTask } from "../helpers/tinyTasks.ts";

const MODEL = "test/fixtures/bert/tiny-uncased-gelu";
const root = mkdtempSync(join(tmpdir(), "prognos-overwrite-"));
after(() => rmSync(root, { recursive: true, force: true }));
const prognos = (...args: string[]) => spawnSync(process.execPath, ["bin/prognos.js", ...args], { encoding: "utf8" });

function assertRefused(r: ReturnType<typeof prognos>, message: string): void {
  assert.equal(r.status, 1, r.stderr);
  assert.equal(r.stderr, `prognos: error: ${message}\n`);
}

test("embed --out and export --out refuse an existing file unless --overwrite", () => {
  for (const [args, file] of [
    [["embed", "--model", MODEL, "some text"], "emb.json"],
    [["export", "--model", MODEL], "encoder.onnx"],
  ] as const) {
    const out = join(root, file);
    writeFileSync(out, "earlier");
    assertRefused(prognos(...args, "--out", out), `--out ${out}: already exists; pass --overwrite to replace it`);
    assert.equal(readFileSync(out, "utf8"), "earlier");
    const r = prognos(...args, "--out", out, "--overwrite");
    assert.equal(r.status, 0, r.stderr);
    assert.notEqual(readFileSync(out, "utf8"), "earlier");
  }
});

const task = () => multiLabelTask(join(root, "task"));

const lossLines = (run: string) =>
  readFileSync(join(run, "log.jsonl"), "utf8")
    .trim()
    .split("\n")
    .filter((l) => "loss" in JSON.parse(l)).length;

test("train refuses a folder holding a run, --config included; --overwrite starts afresh, --resume continues", () => {
  const run = join(root, "run");
  const base = ["--model", MODEL, "--task", task(), "--out", run, "--warmup-steps", "0", "--threads", "1"];
  const first = prognos("train", ...base, "--max-steps", "2", "--batch-size", "5", "--json");
  assert.equal(first.status, 0, first.stderr);
  assert.equal(lossLines(run), 2);
  const e = prognos("evaluate", run, "--split", "val", "--bootstrap", "0", "--threads", "1");
  assert.equal(e.status, 0, e.stderr);
  const guard =
    `--out ${run}: already holds a run (run.json, log.jsonl, state, best, …); ` +
    "pass --resume to continue it or --overwrite to replace it";
  assertRefused(prognos("train", ...base, "--max-steps", "2", "--batch-size", "5"), guard);
  // --config used to skip the guard: the run it names is the run in --out.
  assertRefused(prognos("train", "--config", join(run, "run.json")), guard);
  assertRefused(
    prognos("train", "--config", join(run, "run.json"), "--resume", "--overwrite"),
    "--resume and --overwrite: give one of them",
  );
  const again = prognos("train", "--config", join(run, "run.json"), "--overwrite", "--max-steps", "1", "--json");
  assert.equal(again.status, 0, again.stderr);
  assert.equal(JSON.parse(again.stdout).steps, 1, "a new run from step 0, not the old one continued");
  assert.equal(lossLines(run), 1);
  assert.ok(!existsSync(join(run, "eval-val")), "the old run's evaluation is gone with it");
  const resumed = prognos("train", "--config", join(run, "run.json"), "--resume", "--max-steps", "2", "--json");
  assert.equal(resumed.status, 0, resumed.stderr);
  assert.equal(JSON.parse(resumed.stdout).steps, 2);
  assert.equal(lossLines(run), 2, "continued from step 1");
});

test("evaluate refuses to replace an earlier evaluation of the split unless --overwrite", () => {
  const run = join(root, "run-eval");
  const t = prognos(
    ...["train", "--model", MODEL, "--task", task(), "--out", run, "--max-steps", "1", "--threads", "1"],
  );
  assert.equal(t.status, 0, t.stderr);
  const evaluate = (...more: string[]) =>
    prognos("evaluate", run, "--split", "test", "--bootstrap", "0", "--threads", "1", ...more);
  assert.equal(evaluate().status, 0);
  writeFileSync(join(run, "eval-test", "notes.txt"), "mine");
  const out = join(run, "eval-test");
  assertRefused(
    evaluate(),
    `evaluation folder ${out}: already holds an evaluation (metrics.json, predictions.csv, report.html); ` +
      "pass --overwrite to replace it",
  );
  const r = evaluate("--overwrite", "--json");
  assert.equal(r.status, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).rows, 10);
  assert.deepEqual(readdirSync(out).sort(), ["metrics.json", "notes.txt", "predictions.csv", "report.html"]);
});
