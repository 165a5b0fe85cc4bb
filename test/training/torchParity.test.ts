import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { loadCheckpoint } from "../../src/checkpoint/Checkpoint.ts";
import { SafetensorsFile } from "../../src/checkpoint/SafetensorsFile.ts";
import { Engine } from "../../src/engine/Engine.ts";
import { toOnnx } from "../../src/graph/onnxWriter.ts";
import type { ProblemType } from "../../src/tasks/ProblemType.ts";
import type { Example } from "../../src/training/Batch.ts";
import { batchFeeds } from "../../src/training/Batch.ts";
import { buildAccumulateStep } from "../../src/training/buildTrainStep.ts";
import { FineTuner } from "../../src/training/FineTuner.ts";
import { parseRunConfig } from "../../src/training/RunConfig.ts";
import { assertClose } from "../helpers/assertClose.ts";

// The deterministic mode against PyTorch (scripts/fixtures/torch_train_reference.py): the same run from the same
// checkpoint must give the same `last/` weights — SGD: every weight within 1e-4; AdamW: at most 0.1% of weights
// beyond 1e-4 and none beyond 2·lr·steps (a near-zero gradient's sign can flip between float32 engines).
const DIR = "test/fixtures/training";
const engine = Engine.create({ threads: 1 });
after(() => engine.release());

interface Run {
  problem_type: ProblemType;
  optimizer: "adamw" | "sgd";
  lr: number;
  classifier_lr?: number;
  weight_decay: number;
  schedule: "constant" | "linear";
  warmup_steps: number;
  max_steps: number;
  batch_size: number;
  max_length: number;
  max_grad_norm: number;
  class_weights: boolean;
  dropout: number;
  seed: number;
  expected: { pos_weight?: number[]; class_weight?: number[]; num_labels: number };
}

function readCase(name: string) {
  const run = JSON.parse(readFileSync(join(DIR, name, "run.json"), "utf8")) as Run;
  const data = JSON.parse(readFileSync(join(DIR, name, "data.json"), "utf8")) as {
    input_ids: number[][];
    labels: number[][] | number[];
  };
  const examples: Example[] = data.input_ids.map((ids, i) => {
    const y = data.labels[i]!;
    return { inputIds: ids, labels: Array.isArray(y) ? y.flatMap((v, l) => (v ? [l] : [])) : [y] };
  });
  return { run, examples };
}

async function readTensors(file: string): Promise<Map<string, Float32Array>> {
  const f = await SafetensorsFile.open(file);
  const out = new Map<string, Float32Array>();
  for (const [name, t] of f.tensors) out.set(name, Float32Array.from((await t.read()).data));
  await f.close();
  return out;
}

for (const name of readdirSync(DIR).filter((n) => !n.includes("."))) {
  test(`${name}: the whole-model gradient of the first batch equals PyTorch's`, async () => {
    const { run, examples } = readCase(name);
    const checkpoint = await loadCheckpoint(join(DIR, name, "init"));
    const tuner = new FineTuner(
      parseRunConfig({ model: "", task: "", out: "", classWeights: run.class_weights, dropout: 0 }, "test"),
      checkpoint,
      {
        problemType: run.problem_type,
        labels: Object.values(checkpoint.config.extra.id2label as object),
        train: examples,
        val: examples,
      },
      engine,
      () => 0,
    );
    const graph = buildAccumulateStep({ ...tuner.graphArgs(), maxGradNorm: 0 });
    const session = await engine.session(`grad:${name}`, () => toOnnx(graph.graph));
    const init = new Map([...checkpoint.weights, ...checkpoint.headWeights]);
    const feeds = batchFeeds(examples.slice(0, run.batch_size), run.problem_type, run.expected.num_labels, 0).feeds;
    for (const p of graph.params) {
      feeds[p.name] = { dtype: "float32", shape: p.shape, data: init.get(p.name)!.data };
      feeds[`acc.${p.name}`] = {
        dtype: "float32",
        shape: p.shape,
        data: new Float32Array(init.get(p.name)!.data.length),
      };
    }
    feeds.loss_scale = { dtype: "float32", shape: [], data: Float32Array.of(1) };
    const w = tuner.classWeights();
    if (w) feeds.class_weights = { dtype: "float32", shape: [w.length], data: w };
    const out = await session.run(feeds);
    const expected = await readTensors(join(DIR, name, "expected", "grads_step0.safetensors"));
    for (const p of graph.params) {
      const key = p.name.startsWith("classifier.") ? p.name : `bert.${p.name}`;
      assertClose(out[`new_acc.${p.name}`]!.data as Float32Array, expected.get(key)!, 1e-5, `gradient of ${key}`);
    }
  });

  // Micro-batches of 2 rows (gradient accumulation: the batches are 3–5 rows) must reach PyTorch's whole-batch run
  // too, with and without class weights: each micro-batch counts by its share of the loss (microBatchShares.ts).
  for (const micro of [undefined, 2]) {
    test(`${name}: a deterministic run ends at PyTorch's weights${micro ? `, accumulating micro-batches of ${micro}` : ""}`, async () => {
      const { run, examples } = readCase(name);
      const out = mkdtempSync(join(tmpdir(), `prognos-parity-${name}-`));
      const config = parseRunConfig(
        {
          model: join(DIR, name, "init"),
          task: name,
          out,
          seed: run.seed,
          lr: run.lr,
          classifierLr: run.classifier_lr,
          weightDecay: run.weight_decay,
          optimizer: run.optimizer,
          schedule: run.schedule,
          warmupSteps: run.warmup_steps,
          maxSteps: run.max_steps,
          batchSize: run.batch_size,
          microBatchSize: micro,
          maxLength: run.max_length,
          maxGradNorm: run.max_grad_norm,
          classWeights: run.class_weights,
          dropout: run.dropout,
          shuffle: false,
          evalEvery: 1000,
        },
        "run.json",
      );
      const checkpoint = await loadCheckpoint(config.model);
      const labels = Object.values(checkpoint.config.extra.id2label as Record<string, string>);
      const tuner = new FineTuner(
        config,
        checkpoint,
        { problemType: run.problem_type, labels, train: examples, val: examples },
        engine,
        () => 0,
      );
      const w = tuner.classWeights();
      const expectedWeights = run.expected.pos_weight ?? run.expected.class_weight;
      if (run.class_weights) assertClose(w!, expectedWeights!, 1e-6, "class weights");
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
        const top = Math.max(run.lr, run.classifier_lr ?? run.lr);
        assert.ok(worst <= 2 * top * run.max_steps, `AdamW: max |Δ| ${worst} > 2·lr·steps`);
      }
    });
  }
}
