// ClinicalBERT's readmission task end to end through the CLI: `synth mimic3` → `tasks build --tasks
// READMISSION_30D_discharge` → `train` (the tiny fixture model) → `evaluate` (plain, and `--pool clinicalbert`) and
// `baseline bow`, each reporting AUROC, AUPRC and RP80. The pooled probabilities are checked against the chunks
// scored one by one through `predict`'s code path and pooled by the formula.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { Engine } from "../../src/engine/Engine.ts";
import { readPredictionsCsv } from "../../src/evaluation/predictionsCsv.ts";
import { clinicalBertProbability } from "../../src/models/heads/clinicalBertPooling.ts";
import { NotePredictor } from "../../src/serving/NotePredictor.ts";
import { clinicalBertChunks } from "../../src/tasks/readmission/clinicalBertText.ts";
import { readSplitCsv } from "../tasks/taskFiles.ts";

const prognos = (...args: string[]) =>
  spawnSync(process.execPath, ["bin/prognos.js", ...args], { encoding: "utf8", timeout: 300_000 });
const TASK = "READMISSION_30D_discharge";

let dir: string;
let task: string;
let run: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), "prognos-readmit-e2e-"));
  const hospital = join(dir, "hospital");
  const s = prognos(
    "synth",
    "mimic3",
    "--admissions",
    "1200",
    "--other-notes",
    "2000",
    "--seed",
    "4",
    "--out",
    hospital,
    "--no-progress",
  );
  assert.equal(s.status, 0, s.stderr);
  const b = prognos(
    "tasks",
    "build",
    "--source",
    "mimic3",
    "--dir",
    hospital,
    "--out",
    join(dir, "tasks"),
    "--tasks",
    TASK,
    "--json",
    "--no-progress",
  );
  assert.equal(b.status, 0, b.stderr);
  const built = JSON.parse(b.stdout);
  assert.equal(built.tasks[0].task, TASK);
  task = built.tasks[0].folder;
  run = join(dir, "run");
  const t = prognos(
    "train",
    "--model",
    "test/fixtures/bert/tiny-uncased-gelu",
    "--task",
    task,
    "--out",
    run,
    "--epochs",
    "1",
    "--lr",
    "1e-3",
    "--warmup-steps",
    "0",
    "--batch-size",
    "32",
    "--max-length",
    "64",
    "--threads",
    "1",
    "--json",
  );
  assert.equal(t.status, 0, t.stderr);
});
after(() => rmSync(dir, { recursive: true, force: true }));

test("the built task has readmissions in every split, at their natural rate", () => {
  const m = JSON.parse(readFileSync(join(task, "manifest.json"), "utf8"));
  for (const split of ["train", "val", "test"]) {
    const rate = m.readmission.positiveRate[split];
    assert.ok(rate > 0 && rate < 0.25, `${split} positive rate ${rate}`);
  }
});

test("evaluate reports AUROC, AUPRC and RP80; --pool clinicalbert scores 318-word chunks and pools them", async () => {
  const plain = prognos("evaluate", run, "--split", "test", "--bootstrap", "0", "--threads", "1");
  assert.equal(plain.status, 0, plain.stderr);
  assert.match(plain.stdout, /READMISSION_30D_discharge test: macro AUROC \d\.\d{4}, AUPRC \d\.\d{4}, RP80 \d\.\d{4}/);
  const pooled = prognos(
    "evaluate",
    run,
    "--split",
    "test",
    "--bootstrap",
    "0",
    "--threads",
    "1",
    "--pool",
    "clinicalbert",
    "--overwrite",
    "--json",
  );
  assert.equal(pooled.status, 0, pooled.stderr);
  const metrics = JSON.parse(pooled.stdout);
  for (const name of ["macro_auroc", "auprc", "rp80"]) {
    assert.ok(typeof metrics.metrics[name].value === "number", name);
  }
  assert.equal(metrics.input.pool, "clinicalbert");
  assert.equal(metrics.input.c, 2);
  assert.equal(metrics.input.chunk_words, 318);
  const rows = readSplitCsv(task, "test").rows;
  assert.equal(metrics.rows, rows.length);
  const chunks = rows.map(([, text]) => clinicalBertChunks(text!));
  assert.equal(
    metrics.input.chunks,
    chunks.reduce((n, c) => n + c.length, 0),
  );
  assert.ok(metrics.input.chunks > rows.length, "some summaries have more than one chunk");
  // the pooled risk of the rows with the most chunks, from each chunk scored alone
  const preds = readPredictionsCsv(readFileSync(join(run, "eval-test", "predictions.csv"), "utf8"));
  const engine = Engine.create({ threads: 1 });
  try {
    const predictor = await NotePredictor.load([run], engine);
    const order = rows
      .map((_, i) => i)
      .sort((a, b) => chunks[b]!.length - chunks[a]!.length)
      .slice(0, 3);
    for (const i of order) {
      const scored = await predictor.score(chunks[i]!.map((text, k) => ({ id: `${k}`, text })));
      const risk = clinicalBertProbability(
        scored.map((s) => s[0]!.probabilities[1]!),
        2,
      );
      const k = preds.ids.map(String).indexOf(rows[i]![0]!);
      const got = (preds.scores as Float64Array)[2 * k + 1]!; // flat [rows, 2]: column 1 is the risk
      assert.ok(Math.abs(got - risk) < 1e-6, `${rows[i]![0]}: ${got} vs ${risk}`);
    }
  } finally {
    await engine.release();
  }
  const bad = prognos("evaluate", run, "--pool", "clinicalbert", "--pool-c", "0", "--overwrite");
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /--pool-c/);
});

test("the bag-of-words baseline reports AUROC, AUPRC and RP80 too", () => {
  const out = join(dir, "bow");
  const r = prognos(
    "baseline",
    "bow",
    "--task",
    task,
    "--out",
    out,
    "--threads",
    "1",
    "--bootstrap",
    "0",
    "--no-progress",
  );
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /test macro AUROC \d\.\d{4}, AUPRC \d\.\d{4}, RP80 \d\.\d{4}/);
  const m = JSON.parse(readFileSync(join(out, "eval-test", "metrics.json"), "utf8"));
  assert.ok(typeof m.metrics.rp80.value === "number");
});
