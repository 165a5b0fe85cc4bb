import assert from "node:assert/strict";
import { test } from "node:test";
import { Engine } from "../../src/engine/Engine.ts";
import type { BertArchitecture } from "../../src/models/bert/BertArchitecture.ts";
import { randomBertWeights } from "../../src/models/bert/randomBertWeights.ts";
import type { Example } from "../../src/training/Batch.ts";
import { StepRunner } from "../../src/training/StepRunner.ts";
import { TrainState } from "../../src/training/TrainState.ts";

// Training must be bit-reproducible at a given thread count, also with several threads: the same steps from the
// same state give byte-identical weights. The batch repeats a few token ids many times, the case where a
// threaded scatter-add of the embedding gradient would sum rows in a scheduling-dependent order (with
// ScatterND reduction "add" as the embedding gradient this test failed; the vocabulary must be BERT-sized).
const arch: BertArchitecture = {
  vocabSize: 30522,
  hiddenSize: 256,
  numLayers: 1,
  numHeads: 2,
  intermediateSize: 512,
  hiddenAct: "gelu",
  maxPositions: 128,
  typeVocabSize: 2,
  layerNormEps: 1e-12,
};

const WORDS = "embeddings.word_embeddings.weight";

async function train(engine: Engine, key: string, windowPool?: "max" | "mean"): Promise<Map<string, Float32Array>> {
  const runner = await StepRunner.create(
    {
      arch,
      problemType: "single_label_classification",
      numLabels: 2,
      pooler: true,
      pooling: "cls",
      optimizer: "adamw",
      weightDecay: 0.01,
      maxGradNorm: 1,
      hiddenDropout: 0.1,
      attentionDropout: 0.1,
      classifierDropout: 0.1,
      classWeights: false,
      ...(windowPool ? { windowPool } : {}),
    },
    engine,
    { accumulate: false, padTokenId: 0, seed: 5, key },
  );
  const init = randomBertWeights(arch, 11);
  init.set("classifier.weight", { shape: [2, 256], data: Float32Array.from({ length: 512 }, (_, i) => (i % 7) / 100) });
  init.set("classifier.bias", { shape: [2], data: new Float32Array(2) });
  const state = TrainState.start(runner.params, init);
  const row = (b: number, w: number) => Array.from({ length: 128 }, (_, t) => 5 + ((t * 7 + b + w) % 40));
  // With a window pool: notes of 1–3 windows, pooled in the graph (its Gather's gradient sums the windows' rows).
  const batch: Example[] = Array.from({ length: 8 }, (_, b) =>
    windowPool
      ? { windows: Array.from({ length: 1 + (b % 3) }, (_, w) => row(b, w)), labels: [b % 2] }
      : { inputIds: row(b, 0), labels: [b % 2] },
  );
  for (let s = 0; s < 3; s++) await runner.step(state, [batch], 1e-3);
  return state.params;
}

const same = (a: Float32Array, b: Float32Array) =>
  Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

test("three AdamW steps at 2 threads are bit-identical across repeated runs, and equal to 1 thread's", {
  timeout: 120_000,
}, async () => {
  const engine = Engine.create({ threads: 2 });
  try {
    const first = await train(engine, "det-a");
    for (let r = 0; r < 4; r++) {
      const again = await train(engine, `det-${r}`);
      for (const [name, w] of first) {
        assert.ok(same(w, again.get(name)!), `run ${r + 2}: ${name} differs`);
      }
    }
    // One thread sums in the same order as two (ONNX Runtime splits rows and columns across threads, not sums).
    const single = Engine.create({ threads: 1 });
    const one = await train(single, "det-1thread");
    await single.release();
    for (const [name, w] of first) assert.ok(same(w, one.get(name)!), `1 vs 2 threads: ${name} differs`);
    const emb = first.get(WORDS)!;
    const init = randomBertWeights(arch, 11).get(WORDS)!.data as Float32Array;
    assert.notEqual(emb[5 * 64], init[5 * 64], "the used embedding rows must have moved");
  } finally {
    await engine.release();
  }
});

test("with notes read as windows and max-pooled, steps are bit-identical across runs and at 1 and 2 threads", {
  timeout: 120_000,
}, async () => {
  const engine = Engine.create({ threads: 2 });
  const single = Engine.create({ threads: 1 });
  try {
    const first = await train(engine, "det-win-a", "max");
    const again = await train(engine, "det-win-b", "max");
    const one = await train(single, "det-win-1thread", "max");
    for (const [name, w] of first) {
      assert.ok(same(w, again.get(name)!), `repeat: ${name} differs`);
      assert.ok(same(w, one.get(name)!), `1 vs 2 threads: ${name} differs`);
    }
  } finally {
    await engine.release();
    await single.release();
  }
});
