import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { loadCheckpoint } from "../../src/checkpoint/Checkpoint.ts";
import { SafetensorsFile } from "../../src/checkpoint/SafetensorsFile.ts";
import { Engine } from "../../src/engine/Engine.ts";
import { gradients } from "../../src/graph/autodiff/gradients.ts";
import { Graph } from "../../src/graph/Graph.ts";
import { toOnnx } from "../../src/graph/onnxWriter.ts";
import * as T from "../../src/graph/tensorOps.ts";
import type { ProblemType } from "../../src/tasks/ProblemType.ts";
import { pieceWindows } from "../../src/tokenizer/noteWindows.ts";
import { batchFeeds, type Example } from "../../src/training/Batch.ts";
import { buildAccumulateStep } from "../../src/training/buildTrainStep.ts";
import { FineTuner } from "../../src/training/FineTuner.ts";
import { parseRunConfig, type RunConfig } from "../../src/training/RunConfig.ts";
import { splitMicroBatches } from "../../src/training/splitMicroBatches.ts";
import { assertClose } from "../helpers/assertClose.ts";

// Whole notes trained end to end against PyTorch (scripts/fixtures/make_window_fixtures.py): every note read as
// windows, each window scored by the encoder and head, the note's logits their max (torch.amax) or mean, the loss on
// the pooled logits and gradients back through the pooling. The step-0 gradient, the loss of every step and the last
// weights must match PyTorch's whole-batch run, also when the batch is split into micro-batches of whole notes
// (gradient accumulation), with and without class weights.
const DIR = "test/fixtures/windows";
const engine = Engine.create({ threads: 1 });
const temp = mkdtempSync(join(tmpdir(), "prognos-window-parity-"));
after(async () => {
  await engine.release();
  rmSync(temp, { recursive: true, force: true });
});

interface Run {
  problem_type: ProblemType;
  optimizer: "adamw" | "sgd";
  lr: number;
  weight_decay: number;
  schedule: "constant" | "linear";
  warmup_steps: number;
  max_steps: number;
  batch_size: number;
  max_grad_norm: number;
  class_weights: boolean;
  window: number;
  stride: number;
  window_pool: "max" | "mean";
  max_windows: number;
  micro_batch_size: number;
  max_length: number;
  seed: number;
  init: string;
  expected: { class_weights: number[] | null; windows_per_note: number[]; capped_notes: number };
}

async function readTensors(file: string): Promise<Map<string, Float32Array>> {
  const f = await SafetensorsFile.open(file);
  const out = new Map<string, Float32Array>();
  for (const [name, t] of f.tensors) out.set(name, Float32Array.from((await t.read()).data));
  await f.close();
  return out;
}

function readCase(name: string) {
  const run = JSON.parse(readFileSync(join(DIR, name, "run.json"), "utf8")) as Run;
  const data = JSON.parse(readFileSync(join(DIR, name, "data.json"), "utf8")) as {
    pieces: number[][];
    labels: (number | number[])[];
  };
  const windows = JSON.parse(readFileSync(join(DIR, name, "windows.json"), "utf8")) as number[][][];
  const policy = {
    policy: "windows" as const,
    window: run.window,
    stride: run.stride,
    pool: run.window_pool,
    maxWindows: run.max_windows,
  };
  const split = data.pieces.map((p) =>
    pieceWindows(p, { maxLength: run.max_length, longNotes: policy }, { cls: 101, sep: 102 }),
  );
  const examples: Example[] = split.map((w, i) => {
    const y = data.labels[i]!;
    return { windows: w.windows, labels: Array.isArray(y) ? y.flatMap((v, l) => (v ? [l] : [])) : [y] };
  });
  return { run, windows, split, examples };
}

function config(run: Run, out: string, micro?: number): RunConfig {
  return parseRunConfig(
    {
      model: run.init,
      task: "windows",
      out,
      seed: run.seed,
      lr: run.lr,
      weightDecay: run.weight_decay,
      optimizer: run.optimizer,
      schedule: run.schedule,
      warmupSteps: run.warmup_steps,
      maxSteps: run.max_steps,
      batchSize: run.batch_size,
      microBatchSize: micro,
      maxLength: run.max_length,
      longNotes: "windows",
      window: run.window,
      stride: run.stride,
      windowPool: run.window_pool,
      maxWindows: run.max_windows,
      maxGradNorm: run.max_grad_norm,
      classWeights: run.class_weights,
      dropout: 0,
      shuffle: false,
      evalEvery: 1000,
    },
    "windows run",
  );
}

test("ReduceMax's gradient with ties splits it evenly, as torch.amax's", async () => {
  const fixture = JSON.parse(readFileSync(join(DIR, "amax_ties.json"), "utf8")) as {
    cases: {
      x: (number | string)[];
      shape: number[];
      axes: number[];
      keepdims: boolean;
      dy: number[];
      grad: number[];
    }[];
  };
  for (const [k, c] of fixture.cases.entries()) {
    const g = new Graph(`amax_${k}`);
    const x = g.input("x", "float64", c.shape);
    const y = T.reduceMax(x, c.axes, c.keepdims);
    const dy = g.constant({ dtype: "float64", shape: y.shape as number[], data: Float64Array.from(c.dy) });
    const loss = T.reduceSum(
      T.mul(y, dy),
      y.shape.map((_, i) => i),
      false,
    );
    g.output(gradients(loss, [x]).get(x)!, "grad");
    const session = await engine.session(`amax-ties-${k}`, () => toOnnx(g));
    const xs = Float64Array.from(c.x, (v) => (v === "-inf" ? Number.NEGATIVE_INFINITY : (v as number)));
    const out = await session.run({ x: { dtype: "float64", shape: c.shape, data: xs } });
    assert.deepEqual(Array.from(out.grad!.data as Float64Array), c.grad, `case ${k}`);
  }
});

for (const name of readdirSync(DIR).filter((n) => !n.includes("."))) {
  test(`${name}: notes split into the windows PyTorch's script split them into, the cap counted`, () => {
    const { run, windows, split } = readCase(name);
    assert.deepEqual(
      split.map((s) => s.windows),
      windows,
    );
    assert.equal(split.filter((s) => s.capped).length, run.expected.capped_notes);
  });

  test(`${name}: the gradient of the first batch through the window pooling equals PyTorch's`, async () => {
    const { run, examples } = readCase(name);
    const checkpoint = await loadCheckpoint(run.init);
    const labels = Object.values(checkpoint.config.extra.id2label as Record<string, string>);
    const tuner = new FineTuner(
      config(run, join(temp, "unused")),
      checkpoint,
      { problemType: run.problem_type, labels, train: examples, val: examples },
      engine,
      () => 0,
    );
    const args = tuner.graphArgs();
    assert.equal(args.windowPool, run.window_pool);
    const graph = buildAccumulateStep({ ...args, maxGradNorm: 0 });
    const session = await engine.session(`window-grad:${name}`, () => toOnnx(graph.graph));
    const init = new Map([...checkpoint.weights, ...checkpoint.headWeights]);
    const feeds = batchFeeds(examples.slice(0, run.batch_size), run.problem_type, labels.length, 0, true).feeds;
    for (const p of graph.params) {
      const data = init.get(p.name)!.data;
      feeds[p.name] = { dtype: "float32", shape: p.shape, data };
      feeds[`acc.${p.name}`] = { dtype: "float32", shape: p.shape, data: new Float32Array(data.length) };
    }
    feeds.loss_scale = { dtype: "float32", shape: [], data: Float32Array.of(1) };
    const w = tuner.classWeights();
    if (run.expected.class_weights) assertClose(w!, run.expected.class_weights, 1e-6, "class weights");
    if (w) feeds.class_weights = { dtype: "float32", shape: [w.length], data: w };
    const out = await session.run(feeds);
    const expected = await readTensors(join(DIR, name, "expected", "grads_step0.safetensors"));
    for (const p of graph.params) {
      const key = p.name.startsWith("classifier.") ? p.name : `bert.${p.name}`;
      assertClose(out[`new_acc.${p.name}`]!.data as Float32Array, expected.get(key)!, 1e-5, `gradient of ${key}`);
    }
  });

  // One call per batch (micro-batch large enough for every window of a batch), then micro-batches of whole notes
  // up to the fixture's window count (gradient accumulation; each micro-batch counts by its share of the notes or
  // of the class-weight sum, microBatchShares.ts).
  for (const accumulate of [false, true]) {
    test(`${name}: a windowed run ends at PyTorch's weights${accumulate ? ", accumulating micro-batches of whole notes" : ""}`, async () => {
      const { run, examples } = readCase(name);
      const micro = accumulate ? run.micro_batch_size : run.batch_size * run.max_windows;
      if (accumulate) {
        const chunks = splitMicroBatches(examples.slice(0, run.batch_size), micro);
        assert.ok(chunks.length > 1, "the first batch must be split");
      }
      const out = mkdtempSync(join(temp, `${name}-`));
      const checkpoint = await loadCheckpoint(run.init);
      const labels = Object.values(checkpoint.config.extra.id2label as Record<string, string>);
      const tuner = new FineTuner(
        config(run, out, micro),
        checkpoint,
        { problemType: run.problem_type, labels, train: examples, val: examples },
        engine,
        () => 0,
      );
      const losses: number[] = [];
      await tuner.run((e) => losses.push(e.loss));
      const log = JSON.parse(readFileSync(join(DIR, name, "expected", "log.json"), "utf8")) as {
        steps: { loss: number }[];
      };
      assertClose(
        losses,
        log.steps.map((s) => s.loss),
        1e-5,
        "loss per step",
      );
      const got = await readTensors(join(out, "last", "model.safetensors"));
      const want = await readTensors(join(DIR, name, "expected", "last.safetensors"));
      assert.deepEqual([...got.keys()].sort(), [...want.keys()].sort());
      let total = 0;
      let beyond = 0;
      let worst = 0;
      for (const [key, expected] of want) {
        const actual = got.get(key)!;
        for (let i = 0; i < expected.length; i++) {
          const d = Math.abs(actual[i]! - expected[i]!);
          total += 1;
          if (d > 1e-4) beyond += 1;
          worst = Math.max(worst, d);
        }
      }
      if (run.optimizer === "sgd") assert.ok(worst <= 1e-4, `SGD: max |Δ| ${worst}`);
      else {
        assert.ok(beyond <= 0.001 * total, `AdamW: ${beyond} of ${total} weights beyond 1e-4`);
        assert.ok(worst <= 2 * run.lr * run.max_steps, `AdamW: max |Δ| ${worst} > 2·lr·steps`);
      }
    });
  }
}
