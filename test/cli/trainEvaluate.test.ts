import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { evaluatePredictions } from "../../src/evaluation/evaluatePredictions.ts";
import { readPredictionsCsv } from "../../src/evaluation/predictionsCsv.ts";
import { multiLabelTask as writeMultiLabelTask } from "../helpers/tinyTasks.ts";

const MODEL = "test/fixtures/bert/tiny-uncased-gelu";
const prognos = (...args: string[]) => spawnSync(process.execPath, ["bin/prognos.js", ...args], { encoding: "utf8" });

const multiLabelTask = () => writeMultiLabelTask(join(mkdtempSync(join(tmpdir(), "prognos-task-")), "task"));

test("train then evaluate: HF folder with labels, metrics recomputable from predictions.csv, report.html", () => {
  const task = multiLabelTask();
  const run = mkdtempSync(join(tmpdir(), "prognos-run-"));
  const t = prognos(
    "train",
    "--model",
    MODEL,
    "--task",
    task,
    "--out",
    run,
    "--epochs",
    "3",
    "--lr",
    "3e-3",
    "--warmup-steps",
    "0",
    "--batch-size",
    "5",
    "--threads",
    "1",
    "--json",
  );
  assert.equal(t.status, 0, t.stderr);
  const result = JSON.parse(t.stdout);
  assert.equal(result.problem_type, "multi_label_classification");
  assert.equal(result.steps, 12);
  const config = JSON.parse(readFileSync(join(run, "best", "config.json"), "utf8"));
  assert.deepEqual(config.id2label, { "0": "428", "1": "486" });
  assert.equal(config.problem_type, "multi_label_classification");
  assert.deepEqual(config.architectures, ["BertForSequenceClassification"]);
  const log = readFileSync(join(run, "log.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  assert.equal(log.filter((l) => "loss" in l).length, 12);
  assert.equal(log.filter((l) => "val_metric" in l).length, 3);

  const e = prognos("evaluate", run, "--split", "test", "--bootstrap", "50", "--json", "--threads", "1");
  assert.equal(e.status, 0, e.stderr);
  const metrics = JSON.parse(e.stdout);
  const csv = readFileSync(join(run, "eval-test", "predictions.csv"), "utf8");
  const preds = readPredictionsCsv(csv);
  assert.equal(preds.ids.length, 10);
  const again = evaluatePredictions({ ...preds, bootstrap: false });
  assert.ok(Math.abs(again.headline.value! - metrics.headline.value) < 1e-6);
  // This toy task is learnable from the words: the fine-tuned model must rank well above chance.
  assert.ok(metrics.headline.value > 0.75, `test macro AUROC ${metrics.headline.value}`);
  const html = readFileSync(join(run, "eval-test", "report.html"), "utf8");
  assert.ok((html.match(/<svg/g) ?? []).length >= 3);
});

test("a checkpoint whose classifier does not match the task is refused unless --reinit-head", () => {
  const task = multiLabelTask();
  const run = mkdtempSync(join(tmpdir(), "prognos-run-"));
  const r = prognos(
    "train",
    "--model",
    "test/fixtures/bert/tiny-relu-seqcls",
    "--task",
    task,
    "--out",
    run,
    "--epochs",
    "1",
  );
  assert.equal(r.status, 1);
  assert.match(r.stderr, /classifier has 3 outputs .* the task has 2 labels; pass --reinit-head/);
  const ok = prognos(
    "train",
    "--model",
    "test/fixtures/bert/tiny-relu-seqcls",
    "--task",
    task,
    "--out",
    run,
    "--epochs",
    "1",
    "--reinit-head",
    "--json",
  );
  assert.equal(ok.status, 0, ok.stderr);
});
