/**
 * `prognos ehr train` with every head (with and without a pre-trained Med-BERT, fine-tuned or frozen) and
 * `prognos ehr evaluate` on `synth ehr` output; deterministic and resumable neural heads; and the bad inputs of
 * docs/medbert.md#bad-input refused in one line (or reported), never a silent zero.
 */
import assert from "node:assert/strict";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { main } from "../../../src/cli/main.ts";
import { Engine } from "../../../src/engine/Engine.ts";
import { readEhrModelFolder } from "../../../src/models/ehr/ehrModelFolder.ts";
import { buildEhrDataset } from "../../../src/tasks/ehr/buildEhrDataset.ts";
import { EhrHeadTrainer } from "../../../src/training/ehr/EhrHeadTrainer.ts";
import { ehrTrainConfig } from "../../../src/training/ehr/EhrTrainConfig.ts";
import { loadEhrSplits } from "../../../src/training/ehr/ehrTrainData.ts";
import { assertRefused, prognos } from "../../helpers/assertRefused.ts";

const root = mkdtempSync(join(tmpdir(), "prognos-ehr-train-"));
const source = join(root, "omop");
const dhf = join(root, "dhf");
const model = join(root, "medbert");
const engine = Engine.create({ threads: 2 });
after(async () => {
  await engine.release();
  rmSync(root, { recursive: true, force: true });
});
before(async () => {
  assert.equal(await main(["synth", "ehr", "--patients", "1200", "--seed", "11", "--out", source, "--no-progress"]), 0);
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
  const pre = [
    "ehr",
    "pretrain",
    "--data",
    join(root, "pretrain"),
    "--out",
    model,
    "--max-steps",
    "6",
    "--threads",
    "2",
  ];
  assert.equal(await main([...pre, ...tiny]), 0);
});

const SMALL = ["--epochs", "2", "--embedding-size", "8", "--rnn-size", "8", "--trees", "20", "--threads", "2"];

async function trainAndEvaluate(name: string, args: string[]) {
  const out = join(root, name);
  assert.equal(await main(["ehr", "train", "--cohort", dhf, "--out", out, ...args, ...SMALL]), 0, name);
  assert.equal(await main(["ehr", "evaluate", out, "--split", "test", "--bootstrap", "20"]), 0, name);
  const metrics = JSON.parse(readFileSync(join(out, "eval-test", "metrics.json"), "utf8"));
  assert.equal(metrics.format, "prognos-metrics/1");
  assert.equal(metrics.problemType, "binary");
  assert.equal(metrics.task, "dhf");
  assert.ok(
    typeof metrics.headline.value === "number" && metrics.headline.value > 0.3,
    `${name}: ${metrics.headline.value}`,
  );
  const rows = readFileSync(join(out, "eval-test", "predictions.csv"), "utf8")
    .trim()
    .split("\n");
  assert.equal(rows.length - 1, metrics.rows);
  assert.ok(existsSync(join(out, "eval-test", "report.html")));
  return metrics;
}

for (const head of ["lr", "rf", "ffn", "gru", "bigru", "retain"]) {
  test(`ehr train --head ${head} (own code embeddings / bag of codes), then ehr evaluate`, async () => {
    await trainAndEvaluate(head, ["--head", head]);
  });
}

test("ehr train on a pre-trained Med-BERT: fine-tuned (gru, retain) and frozen (ffn, bigru)", async () => {
  await trainAndEvaluate("gru-pre", ["--head", "gru", "--pretrained", model]);
  await trainAndEvaluate("retain-pre", ["--head", "retain", "--pretrained", model]);
  const frozen = await trainAndEvaluate("ffn-frozen", ["--head", "ffn", "--pretrained", model, "--freeze"]);
  assert.equal(frozen.input.pretrained, model);
  await trainAndEvaluate("bigru-frozen", ["--head", "bigru", "--pretrained", model, "--freeze"]);
  // Frozen: the saved encoder equals the pre-trained one exactly.
  const saved = await readEhrModelFolder(join(root, "ffn-frozen", "best"));
  const { readMedBertFolder } = await import("../../../src/models/medbert/MedBertFolder.ts");
  const pre = await readMedBertFolder(model);
  for (const [n, w] of pre.encoder) assert.deepEqual(saved.weights.get(`medbert.${n}`)!.data, w.data, n);
});

test("a neural head is deterministic and --resume after a kill ends at the same weights", async () => {
  const data = await loadEhrSplits(dhf, { needCases: true });
  const run = async (out: string, kill?: number) => {
    const config = ehrTrainConfig({
      cohort: dhf,
      head: "gru",
      out,
      epochs: 3,
      embeddingSize: 8,
      rnnSize: 8,
      patience: 10,
    });
    return new EhrHeadTrainer(config, data, engine).run((step) => {
      if (step === kill) throw new Error(`killed at ${kill}`);
    });
  };
  await run(join(root, "det-a"));
  const stepsPerEpoch = Math.ceil(data.splits.train.length / 32);
  await assert.rejects(run(join(root, "det-b"), stepsPerEpoch + 2), /killed/);
  await run(join(root, "det-b"));
  const a = await readEhrModelFolder(join(root, "det-a", "last"));
  const b = await readEhrModelFolder(join(root, "det-b", "last"));
  for (const [n, w] of a.weights) assert.deepEqual(b.weights.get(n)!.data, w.data, n);
});

test("a frozen encoder's cached outputs train the same head as the encoder run inside every step", async () => {
  const data = await loadEhrSplits(dhf, { needCases: true, pretrained: model });
  for (const head of ["ffn", "bigru", "retain"] as const) {
    const run = async (out: string, cache?: false) => {
      const config = ehrTrainConfig({
        cohort: dhf,
        head,
        out: join(root, out),
        pretrained: model,
        freeze: true,
        epochs: 2,
        rnnSize: 8,
        patience: 10,
      });
      const trainer = new EhrHeadTrainer(config, data, engine, cache === false ? { cache: false } : {});
      const counters = await trainer.run();
      return { counters, cached: trainer.args.cache !== undefined };
    };
    const cached = await run(`cache-${head}-on`);
    const direct = await run(`cache-${head}-off`, false);
    assert.deepEqual([cached.cached, direct.cached], [true, false], head);
    assert.ok(Math.abs(cached.counters.bestMetric! - direct.counters.bestMetric!) < 1e-4, head);
    const a = await readEhrModelFolder(join(root, `cache-${head}-on`, "last"));
    const b = await readEhrModelFolder(join(root, `cache-${head}-off`, "last"));
    let moved = 0;
    for (const [n, w] of a.weights) {
      const other = b.weights.get(n)!.data;
      for (let i = 0; i < w.data.length; i++) {
        assert.ok(Math.abs(w.data[i]! - other[i]!) < 1e-4, `${head}: ${n}[${i}] ${w.data[i]} vs ${other[i]}`);
      }
      if (n.startsWith("head.")) moved += 1;
    }
    assert.ok(moved > 0, `${head}: the head's weights are compared`);
  }
});

function copyCohort(name: string, edit: (dir: string) => void): string {
  const dir = join(root, name);
  cpSync(dhf, dir, { recursive: true });
  edit(dir);
  return dir;
}
const rewriteRows = (dir: string, f: (row: Record<string, unknown>) => Record<string, unknown>) => {
  const file = join(dir, "sequences.jsonl");
  const rows = readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .map((l) => f(JSON.parse(l)));
  writeFileSync(file, `${rows.map((r) => JSON.stringify(r)).join("\n")}\n`);
};

test("bad input is refused in one line: mixed vocabularies, uncovered vocabulary, too long, no cases, leaks", async () => {
  const out = join(root, "refused");
  const train = (cohort: string, ...args: string[]) => ["ehr", "train", "--cohort", cohort, "--out", out, ...args];
  // a cohort folder whose vocab.json belongs to another build
  const paca = join(root, "paca");
  await buildEhrDataset({ source: "omop", dir: source, cohort: "paca", out: paca });
  const mixed = copyCohort("mixed", (d) => cpSync(join(paca, "vocab.json"), join(d, "vocab.json")));
  assertRefused(
    train(mixed, "--head", "gru"),
    /the folder mixes files of different builds \(another cohort's vocabulary\)/,
  );
  // a pre-trained model whose vocabulary misses the cohort's codes (ICD-9 tokens vs SNOMED)
  assertRefused(
    train(dhf, "--head", "gru", "--pretrained", "test/fixtures/medbert/tiny"),
    /100\.0% of the cohort's codes \(\d+ of \d+\) are not in the pre-trained model's vocabulary .* above --max-unknown-rate 0\.1/,
  );
  // sequences longer than the model's positions
  const short = join(root, "short-model");
  await buildEhrDataset({
    source: "omop",
    dir: source,
    cohort: "pretrain",
    out: join(root, "pretrain40"),
    maxCodes: 40,
  });
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
    "40",
  ];
  assert.equal(
    await main(["ehr", "pretrain", "--data", join(root, "pretrain40"), "--out", short, "--max-steps", "2", ...tiny]),
    0,
  );
  assertRefused(
    train(dhf, "--head", "gru", "--pretrained", short),
    /a patient has 64 codes, more than the pre-trained model's max_position_embeddings \(40\)/,
  );
  // no cases in train
  const noCases = copyCohort("no-cases", (d) => rewriteRows(d, (r) => (r.split === "train" ? { ...r, label: 0 } : r)));
  assertRefused(
    train(noCases, "--head", "lr"),
    /the train split has 0 cases and \d+ controls: a model needs both in train and val/,
  );
  // val/test patients the model was pre-trained on (a cohort split with another seed)
  const reseeded = join(root, "dhf-seed5");
  await buildEhrDataset({ source: "omop", dir: source, cohort: "dhf", out: reseeded, seed: 5 });
  assertRefused(
    train(reseeded, "--head", "gru", "--pretrained", model),
    /\d+ of this cohort's val\/test patients were in the pre-training data/,
  );
  // a pretrain folder has no outcome; options that do not go together
  assertRefused(train(join(root, "pretrain"), "--head", "lr"), /a pretrain folder has no outcome to predict/);
  assertRefused(train(dhf, "--head", "gru", "--freeze"), /--freeze needs --pretrained/);
  assertRefused(train(dhf, "--head", "lr", "--pretrained", model), /the lr baseline reads bag-of-codes/);
  assertRefused(train(dhf, "--head", "svm"), /--head/);
});

test("evaluating a split without cases reports an undefined AUROC (null) with a warning, not 0", async () => {
  const cohort = copyCohort("no-test-cases", (d) =>
    rewriteRows(d, (r) => (r.split === "test" ? { ...r, label: 0 } : r)),
  );
  const out = join(root, "no-test-cases-run");
  assert.equal(await main(["ehr", "train", "--cohort", cohort, "--out", out, "--head", "lr", "--epochs", "1"]), 0);
  const r = prognos(["ehr", "evaluate", out, "--split", "test", "--bootstrap", "0"]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(
    r.stderr,
    /the test split has 0 cases and \d+ controls: its AUROC is undefined \(null in metrics.json\)/,
  );
  assert.match(r.stdout, /AUROC undefined/);
  assert.equal(JSON.parse(readFileSync(join(out, "eval-test", "metrics.json"), "utf8")).headline.value, null);
});
