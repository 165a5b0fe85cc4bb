import assert from "node:assert/strict";
import { test } from "node:test";
import { Engine } from "../../src/engine/Engine.ts";
import type { BertArchitecture } from "../../src/models/bert/BertArchitecture.ts";
import { randomBertWeights } from "../../src/models/bert/randomBertWeights.ts";
import type { ProblemType } from "../../src/tasks/ProblemType.ts";
import type { Example } from "../../src/training/Batch.ts";
import { microBatchShares } from "../../src/training/microBatchShares.ts";
import { StepRunner } from "../../src/training/StepRunner.ts";
import { splitMicroBatches } from "../../src/training/splitMicroBatches.ts";
import { TrainState } from "../../src/training/TrainState.ts";

// Gradient accumulation must give the gradient of the whole batch's loss: one SGD step over a batch of 6 split into
// micro-batches of 4 and 2 equals one step over the 6 rows at once. With class weights, cross-entropy is a weighted
// mean (Σ w·nll / Σ w), so micro-batches count by their share of the weight sum, not of the rows.
const arch: BertArchitecture = {
  vocabSize: 64,
  hiddenSize: 16,
  numLayers: 1,
  numHeads: 2,
  intermediateSize: 32,
  hiddenAct: "gelu",
  maxPositions: 16,
  typeVocabSize: 2,
  layerNormEps: 1e-12,
};

async function sgdStep(
  engine: Engine,
  problemType: ProblemType,
  numLabels: number,
  batches: Example[][],
  weights: Float32Array | undefined,
  key: string,
) {
  const runner = await StepRunner.create(
    {
      arch,
      problemType,
      numLabels,
      pooler: true,
      pooling: "cls",
      optimizer: "sgd",
      weightDecay: 0,
      maxGradNorm: 0,
      hiddenDropout: 0,
      attentionDropout: 0,
      classifierDropout: 0,
      classWeights: weights !== undefined,
    },
    engine,
    { accumulate: batches.length > 1, padTokenId: 0, seed: 1, key },
  );
  const init = randomBertWeights(arch, 3);
  init.set("classifier.weight", {
    shape: [numLabels, 16],
    data: Float32Array.from({ length: numLabels * 16 }, (_, i) => Math.sin(i) / 4),
  });
  init.set("classifier.bias", { shape: [numLabels], data: new Float32Array(numLabels) });
  const state = TrainState.start(runner.params, init);
  const { loss } = await runner.step(state, batches, 0.5, weights);
  return { loss, params: state.params };
}

const rows = (labels: number[][]): Example[] =>
  labels.map((l, i) => ({ inputIds: [1, 5 + i, 9 + ((i * 3) % 7), 12 + i, 2], labels: l }));

for (const c of [
  { name: "cross-entropy with class weights", pt: "single_label_classification", n: 3, weighted: true },
  { name: "cross-entropy without class weights", pt: "single_label_classification", n: 3, weighted: false },
  { name: "BCE with pos_weight", pt: "multi_label_classification", n: 3, weighted: true },
] as const) {
  test(`accumulated micro-batches equal the whole batch: ${c.name}`, { timeout: 60_000 }, async () => {
    const single = c.pt === "single_label_classification";
    // Rare class 2 only in the second micro-batch: row shares (4/6, 2/6) and weight shares differ a lot.
    const data = single ? rows([[0], [0], [1], [0], [2], [2]]) : rows([[0], [0, 1], [1], [0], [2], [1, 2]]);
    const weights = c.weighted ? Float32Array.of(0.5, 1, 6) : undefined;
    const engine = Engine.create({ threads: 1 });
    try {
      const whole = await sgdStep(engine, c.pt, c.n, [data], weights, `acc-whole-${c.name}`);
      const split = await sgdStep(engine, c.pt, c.n, [data.slice(0, 4), data.slice(4)], weights, `acc-split-${c.name}`);
      assert.ok(Math.abs(whole.loss - split.loss) < 1e-5, `loss ${whole.loss} vs ${split.loss}`);
      for (const [name, w] of whole.params) {
        const v = split.params.get(name)!;
        let max = 0;
        for (let i = 0; i < w.length; i++) max = Math.max(max, Math.abs(w[i]! - v[i]!));
        assert.ok(max < 1e-6, `${name}: max difference ${max}`);
      }
    } finally {
      await engine.release();
    }
  });
}

test("micro-batch shares: rows for plain means, class-weight sums for weighted cross-entropy", () => {
  const m = [rows([[0], [0], [1], [0]]), rows([[2], [2]])];
  assert.deepEqual(microBatchShares(m, "single_label_classification"), [4 / 6, 2 / 6]);
  const w = Float32Array.of(0.5, 1, 6);
  const shares = microBatchShares(m, "single_label_classification", w);
  assert.ok(Math.abs(shares[0]! - 2.5 / 14.5) < 1e-12 && Math.abs(shares[1]! - 12 / 14.5) < 1e-12, String(shares));
  assert.deepEqual(microBatchShares(m, "multi_label_classification", w), [4 / 6, 2 / 6]);
});

test("micro-batches take whole notes up to the window budget; a note with more windows goes alone", () => {
  const note = (windows: number, id: number): Example => ({
    windows: Array.from({ length: windows }, () => [1, id, 2]),
    labels: [0],
  });
  const batch = [note(2, 1), note(3, 2), note(1, 3), note(7, 4), note(1, 5), note(1, 6)];
  const chunks = splitMicroBatches(batch, 4);
  assert.deepEqual(
    chunks.map((c) => c.map((e) => e.windows![0]![1])),
    [[1], [2, 3], [4], [5, 6]],
  );
  // One row per note: plain chunks of `micro` notes, in order.
  const plain = rows([[0], [1], [0], [1], [0]]);
  assert.deepEqual(
    splitMicroBatches(plain, 2).map((c) => c.length),
    [2, 2, 1],
  );
});
