import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { DEMO_ENCODER_DIR } from "../../src/demo/demoEncoder.ts";
import { evaluatePredictions } from "../../src/evaluation/evaluatePredictions.ts";
import { readPredictionsCsv } from "../../src/evaluation/predictionsCsv.ts";

const TASKS = ["DIA_GROUPS_3_DIGITS_adm", "PRO_GROUPS_3_DIGITS_adm", "MP_IN_adm", "LOS_WEEKS_adm"];
const prognos = (...args: string[]) =>
  spawnSync(process.execPath, ["bin/prognos.js", ...args], { encoding: "utf8", maxBuffer: 64 * 2 ** 20 });

const inUnit = (x: unknown) => typeof x === "number" && x >= 0 && x <= 1;

interface ModelSummary {
  macroAuroc: number;
  ci95: [number, number];
  report: string;
  metrics: string;
  predictions: string;
}

test("prognos demo --quick: hospital, tasks, the shipped encoder fine-tuned and the baseline on four tasks, summary", () => {
  const root = mkdtempSync(join(tmpdir(), "prognos-demo-"));
  after(() => rmSync(root, { recursive: true, force: true }));
  const out = join(root, "demo");
  const r = prognos("demo", "--quick", "--out", out, "--json");
  assert.equal(r.status, 0, r.stderr);
  const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8"));
  assert.deepEqual(JSON.parse(r.stdout), summary);
  assert.match(summary.notice, /synthetic data.*no clinical validity/);
  assert.deepEqual(
    summary.tasks.map((t: { task: string }) => t.task),
    TASKS,
  );
  for (const t of summary.tasks) {
    for (const m of [t.transformer, t.bow] as ModelSummary[]) {
      assert.ok(inUnit(m.macroAuroc), `${t.task}: macro AUROC ${m.macroAuroc}`);
      assert.ok(inUnit(m.ci95[0]) && inUnit(m.ci95[1]) && m.ci95[0] <= m.ci95[1], `${t.task}: CI ${m.ci95}`);
      for (const f of [m.report, m.metrics, m.predictions]) assert.ok(existsSync(f), f);
      assert.match(readFileSync(m.report, "utf8"), /<svg/);
      // The headline is recomputable from predictions.csv, the same way for both models.
      const preds = readPredictionsCsv(readFileSync(m.predictions, "utf8"));
      const again = evaluatePredictions({ ...preds, bootstrap: false });
      assert.ok(Math.abs(again.headline.value! - m.macroAuroc) < 1e-9, `${t.task}: ${again.headline.value}`);
    }
    const d = t.difference;
    assert.ok(Math.abs(d.value - (t.transformer.macroAuroc - t.bow.macroAuroc)) < 1e-9);
    assert.ok(d.lower <= d.upper && d.rows === t.rows.test);
  }
  for (const f of ["hospital/ADMISSIONS.csv", "tasks/MP_IN_adm/train.csv"]) assert.ok(existsSync(join(out, f)), f);
  // The shipped encoder was fine-tuned (not a model trained from scratch in the run): its folder and size.
  assert.equal(summary.encoder.dir, DEMO_ENCODER_DIR.replace(/\/$/, ""));
  assert.deepEqual([summary.encoder.layers, summary.encoder.hidden, summary.encoder.vocabulary], [2, 128, 30522]);
  assert.equal(summary.encoder.pretraining.objective, "core");
  const head = JSON.parse(readFileSync(join(out, "runs/MP_IN_adm/best/config.json"), "utf8")).prognos_head;
  assert.equal(head.pooling, "mean");
  // Mortality starts from the encoder the diagnoses task fine-tuned, with a new classifier; length of stay from
  // the shipped one.
  const mortality = JSON.parse(readFileSync(join(out, "runs/MP_IN_adm/run.json"), "utf8"));
  assert.equal(mortality.model, join(out, "runs/DIA_GROUPS_3_DIGITS_adm/best"));
  assert.equal(mortality.reinitHead, true);
  const los = JSON.parse(readFileSync(join(out, "runs/LOS_WEEKS_adm/run.json"), "utf8"));
  assert.equal(los.model, summary.encoder.dir);
  assert.ok(existsSync(join(out, "summary.md")));
  // Progress shows each phase; no note text is printed.
  for (const k of [1, 2, 3, 4, 5, 6]) assert.match(r.stderr, new RegExp(`── ${k}/6 `));
  const note = readFileSync(join(out, "tasks/MP_IN_adm/train.csv"), "utf8").split("\n")[1]!.slice(10, 60);
  assert.ok(!r.stderr.includes(note) && !r.stdout.includes(note));

  // The same seed gives the same results; an existing demo is not overwritten without --overwrite.
  const predictions = summary.tasks.map((t: { transformer: ModelSummary }) =>
    readFileSync(t.transformer.predictions, "utf8"),
  );
  const refused = prognos("demo", "--quick", "--out", out, "--threads", "2");
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /already holds a demo.*--overwrite/);
  const again = prognos("demo", "--quick", "--out", out, "--overwrite", "--json");
  assert.equal(again.status, 0, again.stderr);
  const second = JSON.parse(again.stdout);
  second.tasks.forEach((t: { transformer: ModelSummary; bow: ModelSummary }, i: number) => {
    assert.deepEqual(t.transformer.macroAuroc, summary.tasks[i].transformer.macroAuroc);
    assert.deepEqual(t.bow.ci95, summary.tasks[i].bow.ci95);
  });
  // Bit-identical predictions (one thread, the default).
  for (const [i, t] of summary.tasks.entries())
    assert.equal(readFileSync(t.transformer.predictions, "utf8"), predictions[i], `${t.task}: predictions differ`);
});
