import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import * as ort from "onnxruntime-node";
import { loadCheckpoint } from "../../src/checkpoint/Checkpoint.ts";
import { SafetensorsFile } from "../../src/checkpoint/SafetensorsFile.ts";
import { Engine } from "../../src/engine/Engine.ts";
import { readPredictionsCsv } from "../../src/evaluation/predictionsCsv.ts";
import { BertClassifierModel } from "../../src/models/bert/BertClassifierModel.ts";
import { inBrowserSite } from "../../src/serving/web/inBrowserSite.ts";
import { checkSiteManifest } from "../../src/serving/web/siteManifest.ts";
import { parseCsv } from "../../src/util/CsvRecordParser.ts";
import { assertClose } from "../helpers/assertClose.ts";
import { multiLabelTask } from "../helpers/tinyTasks.ts";

// `prognos train --pooling label-attention` end to end (docs/training.md, "Pooling"): the head is recorded in
// config.json with its label queries in model.safetensors, evaluate reproduces the training's val metric, predict
// gives evaluate's probabilities, and the page's in-browser graph (classifier.onnx, explain.onnx) gives the server's
// logits.
const MODEL = "test/fixtures/bert/tiny-uncased-gelu";
const root = mkdtempSync(join(tmpdir(), "prognos-label-attention-"));
after(() => rmSync(root, { recursive: true, force: true }));
const prognos = (...args: string[]) => spawnSync(process.execPath, ["bin/prognos.js", ...args], { encoding: "utf8" });

let trained: { run: string; bestVal: number } | undefined;
function run() {
  if (trained) return trained;
  const out = join(root, "run");
  // Batch 5 in micro-batches of 2: gradient accumulation on the way.
  const t = prognos(
    ...["train", "--model", MODEL, "--task", multiLabelTask(join(root, "task")), "--out", out, "--epochs", "3"],
    ...["--lr", "3e-3", "--warmup-steps", "0", "--batch-size", "5", "--micro-batch-size", "2", "--threads", "1"],
    ...["--pooling", "label-attention", "--dropout", "0.1", "--json"],
  );
  assert.equal(t.status, 0, t.stderr);
  trained = { run: out, bestVal: (JSON.parse(t.stdout) as { best_val_macro_auroc: number }).best_val_macro_auroc };
  return trained;
}

test("train --pooling label-attention: the head and its label queries are saved; evaluate reproduces the val metric", async () => {
  const { run: r, bestVal } = run();
  const config = JSON.parse(readFileSync(join(r, "best", "config.json"), "utf8"));
  assert.equal(config.prognos_head.pooling, "label-attention");
  assert.equal(config.prognos_head.pooler, false);
  assert.equal(JSON.parse(readFileSync(join(r, "run.json"), "utf8")).pooling, "label-attention");
  const f = await SafetensorsFile.open(join(r, "best", "model.safetensors"));
  const shapes = Object.fromEntries([...f.tensors].map(([n, t]) => [n, [...t.shape]]));
  await f.close();
  assert.deepEqual(shapes["classifier.attention.weight"], [2, 32]);
  assert.deepEqual(shapes["classifier.weight"], [2, 32]);
  assert.ok(!Object.keys(shapes).some((n) => n.includes("pooler")), "no pooler: nothing reads it");
  const e = prognos("evaluate", r, "--split", "val", "--bootstrap", "0", "--threads", "1", "--json");
  assert.equal(e.status, 0, e.stderr);
  const value = (JSON.parse(e.stdout) as { headline: { value: number } }).headline.value;
  assert.ok(Math.abs(value - bestVal) < 1e-6, `evaluate ${value}, training ${bestVal}`);
});

test("predict gives evaluate's probabilities for a label-attention model", () => {
  const { run: r } = run();
  const e = prognos("evaluate", r, "--split", "test", "--bootstrap", "0", "--threads", "1");
  assert.equal(e.status, 0, e.stderr);
  const expected = readPredictionsCsv(readFileSync(join(r, "eval-test", "predictions.csv"), "utf8"));
  const input = join(root, "task", "test.csv");
  const p = prognos("predict", "--model", r, "--input", input, "--batch-size", "3", "--threads", "1");
  assert.equal(p.status, 0, p.stderr);
  const rows = p.stdout
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as { id: string; predictions: { labels: { label: string; probability: number }[] }[] });
  const ids = parseCsv(readFileSync(input, "utf8"))
    .slice(1)
    .map((row) => row.fields[0]);
  assert.deepEqual(
    rows.map((x) => x.id),
    ids,
  );
  const L = expected.labelNames.length;
  const got = rows.flatMap((row) => {
    const byLabel = new Map(row.predictions[0]!.labels.map((l) => [l.label, l.probability]));
    return expected.labelNames.map((label) => byLabel.get(label)!);
  });
  assert.equal(got.length, ids.length * L);
  assertClose(got, Array.from(expected.scores as ArrayLike<number>, Number), 1e-6, "probabilities");
});

test("the page's in-browser graphs apply label attention: the server's logits from classifier.onnx and explain.onnx", async () => {
  const { run: r } = run();
  const best = join(r, "best");
  const site = await inBrowserSite([best]);
  const [m] = checkSiteManifest(JSON.parse(site.files.get("web/models.json")!.body() as string));
  assert.equal(m!.head.pooling, "label-attention");
  // Two notes of different lengths in one batch: padding must not reach the attention.
  const ids = [
    [101, 7, 9, 11, 13, 102],
    [101, 8, 102, 0, 0, 0],
  ];
  const mask = ids.map((row, i) => row.map((_, j) => (i === 1 && j >= 3 ? 0 : 1)));
  const int64 = (rows: number[][]) =>
    new ort.Tensor("int64", BigInt64Array.from(rows.flat(), BigInt), [rows.length, rows[0]!.length]);
  const feeds: Record<string, ort.Tensor> = {
    input_ids: int64(ids),
    attention_mask: int64(mask),
    token_type_ids: int64(ids.map((row) => row.map(() => 0))),
    position_ids: int64([ids[0]!.map((_, j) => j)]),
  };
  const pick = (s: ort.InferenceSession) => Object.fromEntries(s.inputNames.map((n) => [n, feeds[n]!]));
  const classifier = await ort.InferenceSession.create(site.files.get("web/m0/classifier.onnx")!.body() as Uint8Array);
  const inPage = (await classifier.run(pick(classifier))).logits!.data as Float32Array;
  const engine = Engine.create({ threads: 1, graphCache: null });
  const server = await BertClassifierModel.create(await loadCheckpoint(best), engine);
  const logits = await server.logits([ids[0]!, ids[1]!.slice(0, 3)]);
  await engine.release();
  assertClose(inPage, logits, 1e-5, "classifier.onnx");
  // The explanation graph (word embeddings fed in) computes the same logits for the first note.
  const table = new Float32Array((site.files.get("web/m0/embeddings.bin")!.body() as Uint8Array).slice().buffer);
  const explain = await ort.InferenceSession.create(site.files.get("web/m0/explain.onnx")!.body() as Uint8Array);
  const n = ids[0]!.length;
  const embeds = Float32Array.from({ length: n * 32 }, (_, i) => table[ids[0]![Math.floor(i / 32)]! * 32 + (i % 32)]!);
  feeds.inputs_embeds = new ort.Tensor("float32", embeds, [1, n, 32]);
  feeds.output_weights = new ort.Tensor("float32", Float32Array.of(1, 0), [1, 2]);
  for (const k of ["input_ids", "attention_mask", "token_type_ids"]) feeds[k] = int64([ids[0]!.map(() => 0)]);
  feeds.attention_mask = int64([ids[0]!.map(() => 1)]);
  const out = await explain.run(pick(explain));
  assertClose(out.logits!.data as Float32Array, logits.slice(0, 2), 1e-5, "explain.onnx");
  assert.ok(
    (out.embeds_grad!.data as Float32Array).some((x) => x !== 0),
    "a gradient reaches the embeddings",
  );
});
