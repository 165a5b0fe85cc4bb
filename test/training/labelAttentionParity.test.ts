import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, test } from "node:test";
import { loadCheckpoint } from "../../src/checkpoint/Checkpoint.ts";
import { SafetensorsFile } from "../../src/checkpoint/SafetensorsFile.ts";
import { Engine } from "../../src/engine/Engine.ts";
import { toOnnx } from "../../src/graph/onnxWriter.ts";
import type { TensorData } from "../../src/graph/types.ts";
import { batchFeeds, type Example } from "../../src/training/Batch.ts";
import { buildAccumulateStep, type TrainGraphArgs } from "../../src/training/buildTrainStep.ts";
import { FineTuner } from "../../src/training/FineTuner.ts";
import { classifierInit } from "../../src/training/headInit.ts";
import { microBatchShares } from "../../src/training/microBatchShares.ts";
import { parseRunConfig } from "../../src/training/RunConfig.ts";
import { assertClose } from "../helpers/assertClose.ts";
import { LABEL_ATTENTION_DIR, readLabelAttentionGolden } from "../models/heads/labelAttentionGolden.ts";

// `prognos train --pooling label-attention` against PyTorch (scripts/fixtures/make_label_attention_fixtures.py): the
// train graph's gradient of the first batch w.r.t. every parameter — encoder, label queries, classifier — equals
// PyTorch's, without dropout, with the classifier dropout on the last hidden states (the mask fed to both), split
// into micro-batches (gradient accumulation), and with notes read as windows whose logits are max-pooled.
const INIT = join(LABEL_ATTENTION_DIR, "init");
const engine = Engine.create({ threads: 1, graphCache: null });
after(() => engine.release());
const golden = readLabelAttentionGolden();
const data = JSON.parse(readFileSync("test/fixtures/training/multilabel-adamw-linear/data.json", "utf8")) as {
  input_ids: number[][];
  labels: number[][];
};
const toLabels = (y: number[]) => y.flatMap((v, l) => (v ? [l] : []));

async function readTensors(file: string): Promise<Map<string, Float32Array>> {
  const f = await SafetensorsFile.open(file);
  const out = new Map<string, Float32Array>();
  for (const [name, t] of f.tensors) out.set(name, Float32Array.from((await t.read()).data));
  await f.close();
  return out;
}

/** Every row of the fixture's data: class weights (pos_weight) are counted over all of them, as PyTorch's were. */
const all: Example[] = data.input_ids.map((ids, i) => ({ inputIds: ids, labels: toLabels(data.labels[i]!) }));

async function tuner(windows = false) {
  const checkpoint = await loadCheckpoint(INIT);
  const labels = Object.values(checkpoint.config.extra.id2label as Record<string, string>);
  const w = golden.windows;
  const config = parseRunConfig(
    {
      model: INIT,
      task: "t",
      out: "",
      pooling: "label-attention",
      dropout: 0,
      ...(windows ? { longNotes: "windows", window: w.window, stride: w.stride, maxWindows: w.max_windows } : {}),
    },
    "test",
  );
  const t = new FineTuner(
    config,
    checkpoint,
    { problemType: "multi_label_classification", labels, train: all, val: all },
    engine,
    () => 0,
  );
  return { checkpoint, tuner: t, labels };
}

/** The accumulate graph's gradient (`new_acc.*`) summed over `micro`-batches, each scaled by its share. */
async function accumulatedGradients(args: TrainGraphArgs, micro: Example[][], key: string, extra = {}) {
  const { checkpoint, tuner: t, labels } = await tuner(args.windowPool !== undefined);
  const graph = buildAccumulateStep(args);
  const session = await engine.session(key, () => toOnnx(graph.graph));
  const init = new Map([...checkpoint.weights, ...checkpoint.headWeights]);
  const w = t.classWeights()!;
  assertClose(w, golden.pos_weight, 1e-6, "pos_weight");
  let acc = new Map<string, Float32Array>(
    graph.params.map((p) => [p.name, new Float32Array(init.get(p.name)!.data.length)]),
  );
  const shares = microBatchShares(micro, "multi_label_classification", w);
  for (const [k, examples] of micro.entries()) {
    const feeds: Record<string, TensorData> = {
      ...batchFeeds(examples, "multi_label_classification", labels.length, 0, args.windowPool !== undefined).feeds,
      ...extra,
      loss_scale: { dtype: "float32", shape: [], data: Float32Array.of(shares[k]!) },
      class_weights: { dtype: "float32", shape: [w.length], data: w },
    };
    for (const p of graph.params) {
      feeds[p.name] = { dtype: "float32", shape: p.shape, data: init.get(p.name)!.data };
      feeds[`acc.${p.name}`] = { dtype: "float32", shape: p.shape, data: acc.get(p.name)! };
    }
    const out = await session.run(feeds);
    acc = new Map(graph.params.map((p) => [p.name, out[`new_acc.${p.name}`]!.data as Float32Array]));
  }
  return { graph, acc };
}

async function assertGradients(acc: Map<string, Float32Array>, file: string) {
  const expected = await readTensors(join(LABEL_ATTENTION_DIR, "expected", file));
  assert.equal(acc.size, expected.size, "every PyTorch parameter is trained, and no other");
  for (const [name, grad] of acc) {
    const key = name.startsWith("classifier.") ? name : `bert.${name}`;
    assertClose(grad, expected.get(key)!, 1e-5, `gradient of ${key}`);
  }
}

const notes: Example[] = golden.rows.map((i) => all[i]!);

test("the whole-model gradient of the first batch equals PyTorch's, label queries included", async () => {
  const { tuner: t } = await tuner();
  const args = { ...t.graphArgs(), maxGradNorm: 0 };
  assert.equal(args.pooling, "label-attention");
  assert.equal(args.pooler, false);
  const { graph, acc } = await accumulatedGradients(args, [notes], "la-step0");
  assert.deepEqual(graph.dropoutSites, []);
  assert.ok(graph.params.some((p) => p.name === "classifier.attention.weight"));
  assert.ok(!graph.params.some((p) => p.name.startsWith("pooler.")), "no pooler with label attention");
  await assertGradients(acc, "grads_step0.safetensors");
});

test("the classifier dropout masks the last hidden states the label attention reads, as in PyTorch", async () => {
  const { tuner: t } = await tuner();
  const args = { ...t.graphArgs(), maxGradNorm: 0, classifierDropout: golden.dropout };
  const graph = buildAccumulateStep(args);
  assert.equal(graph.dropoutSites.length, 1);
  const [B, S, H] = golden.shape;
  assert.deepEqual(graph.dropoutSites[0]!.shape, ["batch", "seq", H]);
  const keep = { dtype: "bool", shape: [B, S, H], data: Uint8Array.from(golden.keep) } as TensorData;
  const { acc } = await accumulatedGradients(args, [notes], "la-dropout", { [graph.dropoutSites[0]!.input]: keep });
  await assertGradients(acc, "grads_step0_dropout.safetensors");
});

test("micro-batches of 2 and 1 notes accumulate to PyTorch's whole-batch gradient", async () => {
  const { tuner: t } = await tuner();
  const args = { ...t.graphArgs(), maxGradNorm: 0 };
  const { acc } = await accumulatedGradients(args, [notes.slice(0, 2), notes.slice(2, 3), notes.slice(3)], "la-acc");
  await assertGradients(acc, "grads_step0.safetensors");
});

test("notes read as windows: label attention per window, the note's logits max-pooled, gradient as PyTorch's", async () => {
  const w = golden.windows;
  const windowed: Example[] = notes.map((n, i) => ({ windows: w.windows[i]!, labels: n.labels }));
  const { tuner: t } = await tuner(true);
  const args = { ...t.graphArgs(), maxGradNorm: 0 };
  assert.equal(args.windowPool, "max");
  assert.deepEqual(
    w.windows.map((x) => x.length),
    [3, 1, 1, 1],
  );
  const { acc } = await accumulatedGradients(args, [windowed], "la-windows");
  await assertGradients(acc, "grads_windows.safetensors");
});

test("a new head's label queries: seeded N(0, initializer_range), their own stream; the classifier unchanged", async () => {
  const checkpoint = await loadCheckpoint("test/fixtures/bert/tiny-uncased-gelu");
  const labels = Array.from({ length: 40 }, (_, i) => `l${i}`);
  const a = classifierInit(checkpoint, labels, { reinit: false, seed: 7, pooling: "label-attention" });
  const b = classifierInit(checkpoint, labels, { reinit: false, seed: 7, pooling: "mean" });
  const c = classifierInit(checkpoint, labels, { reinit: false, seed: 8, pooling: "label-attention" });
  const q = a.weights.get("classifier.attention.weight")!;
  assert.deepEqual(q.shape, [40, 32]);
  assert.ok(!b.weights.has("classifier.attention.weight"));
  assert.deepEqual(a.weights.get("classifier.weight"), b.weights.get("classifier.weight"));
  assert.notDeepEqual(q.data, a.weights.get("classifier.weight")!.data);
  assert.notDeepEqual(q.data, c.weights.get("classifier.attention.weight")!.data);
  assert.deepEqual(
    q.data,
    classifierInit(checkpoint, labels, { reinit: false, seed: 7, pooling: "label-attention" }).weights.get(
      "classifier.attention.weight",
    )!.data,
  );
  const std = Math.sqrt(q.data.reduce((s, x) => s + x * x, 0) / q.data.length);
  const want = checkpoint.config.extra.initializer_range as number;
  assert.ok(Math.abs(std - want) < 0.1 * want, `std ${std}, initializer_range ${want}`);
  // A checkpoint whose classifier matches keeps its label queries.
  const saved = await loadCheckpoint(INIT);
  const kept = classifierInit(saved, Object.values(saved.config.extra.id2label as object), {
    reinit: false,
    seed: 7,
    pooling: "label-attention",
  });
  assert.equal(kept.weights.get("classifier.attention.weight"), saved.headWeights.get("classifier.attention.weight"));
});
