/**
 * `prognos ehr curves` (docs/medbert.md#curves): bootstrap samples of the training split per size, each head with and
 * without the pre-trained encoder, results appended as they are done (a killed run continues), the table and figure.
 */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { main } from "../../../src/cli/main.ts";
import { buildEhrDataset } from "../../../src/tasks/ehr/buildEhrDataset.ts";
import { bootstrapSample, repeatsFor } from "../../../src/training/ehr/trainingCurves.ts";

const root = mkdtempSync(join(tmpdir(), "prognos-ehr-curves-"));
const dhf = join(root, "dhf");
const model = join(root, "medbert");
after(() => rmSync(root, { recursive: true, force: true }));
before(async () => {
  const source = join(root, "omop");
  assert.equal(await main(["synth", "ehr", "--patients", "1000", "--seed", "5", "--out", source, "--no-progress"]), 0);
  await buildEhrDataset({ source: "omop", dir: source, cohort: "dhf", out: dhf });
  await buildEhrDataset({ source: "omop", dir: source, cohort: "pretrain", out: join(root, "pretrain") });
  const tiny = [
    "--hidden-size",
    "16",
    "--layers",
    "1",
    "--heads",
    "2",
    "--intermediate-size",
    "16",
    "--max-positions",
    "64",
  ];
  assert.equal(
    await main(["ehr", "pretrain", "--data", join(root, "pretrain"), "--out", model, "--max-steps", "4", ...tiny]),
    0,
  );
});

test("repeats: the given number up to 2,000 patients, fewer above; bootstrap samples are seeded and hold both classes", () => {
  assert.deepEqual(
    [100, 2000, 5000, 20000, 100000].map((n) => repeatsFor(n, 10)),
    [10, 10, 4, 1, 1],
  );
  const train = Array.from({ length: 50 }, (_, i) => ({
    id: String(i),
    codes: [3],
    visits: [0],
    label: i < 5 ? 1 : 0,
  }));
  const a = bootstrapSample(train, 20, 1, "k")!;
  assert.deepEqual(bootstrapSample(train, 20, 1, "k"), a);
  assert.notDeepEqual(bootstrapSample(train, 20, 1, "other"), a);
  assert.ok(a.some((p) => p.label === 1) && a.some((p) => p.label === 0));
  assert.equal(bootstrapSample(train.slice(5), 10, 1, "k"), null, "no case to draw: no sample");
});

test("ehr curves: every point, the table and the figure; an interrupted run continues where it stopped", async () => {
  const out = join(root, "curves");
  const args = [
    "ehr",
    "curves",
    "--cohort",
    dhf,
    "--pretrained",
    model,
    // frozen: the encoder's outputs are cached once for every point (docs/medbert.md#curves)
    "--freeze",
    "--heads",
    "lr,gru",
    "--sizes",
    "60,full",
    "--repeats",
    "2",
  ];
  const small = ["--epochs", "1", "--embedding-size", "8", "--rnn-size", "8", "--out", out, "--threads", "2"];
  assert.equal(await main([...args, ...small]), 0);
  const results = join(out, "results.jsonl");
  const lines = readFileSync(results, "utf8").trim().split("\n");
  // lr (no pre-training variant) and gru with and without Med-BERT, at 2 sizes × 2 repeats
  assert.equal(lines.length, 3 * 2 * 2);
  const points = lines.map((l) => JSON.parse(l));
  assert.ok(points.every((p) => typeof p.test_auroc === "number" && p.test_auroc >= 0 && p.test_auroc <= 1));
  assert.deepEqual([...new Set(points.map((p) => `${p.head}${p.pretrained ? "+medbert" : ""}`))].sort(), [
    "gru",
    "gru+medbert",
    "lr",
  ]);
  for (const f of ["curves.json", "curves.csv", "curves.md", "curves.svg", "curves.png", "report.html"])
    assert.ok(existsSync(join(out, f)), f);
  const table = readFileSync(join(out, "curves.md"), "utf8");
  assert.match(table, /\| training patients \| lr \| gru \| gru \+ Med-BERT \|/);
  assert.match(readFileSync(join(out, "report.html"), "utf8"), /<svg/);
  // Interrupted after 10 points: the rerun trains the 2 missing ones and keeps the others as they were.
  writeFileSync(results, `${lines.slice(0, 10).join("\n")}\n`);
  assert.equal(await main([...args, ...small]), 0);
  const again = readFileSync(results, "utf8").trim().split("\n");
  assert.equal(again.length, 12);
  assert.deepEqual(again.slice(0, 10), lines.slice(0, 10));
  assert.deepEqual(
    again.slice(10).map((l) => JSON.parse(l).test_auroc),
    points.slice(10).map((p) => p.test_auroc),
    "a point retrained after the interruption is the same model (seeded)",
  );
  // Other options on the same folder are refused.
  assert.equal(await main([...args.slice(0, -1), "3", ...small]), 1, "refused: made with other options");
});
