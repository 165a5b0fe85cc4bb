import assert from "node:assert/strict";
import { test } from "node:test";
import { Engine } from "../../src/engine/Engine.ts";
import type { BertArchitecture } from "../../src/models/bert/BertArchitecture.ts";
import { randomBertWeights } from "../../src/models/bert/randomBertWeights.ts";
import type { OptimizerName } from "../../src/nn/optimizerGraph.ts";
import type { Example } from "../../src/training/Batch.ts";
import { StepRunner } from "../../src/training/StepRunner.ts";
import { TrainState } from "../../src/training/TrainState.ts";
import { assertSameTraining } from "../helpers/assertSameTraining.ts";

// Several optimizer steps per ONNX Runtime call (the train graph in an ONNX Loop, StepRunner.steps) must give the
// same bytes as one call per step, the graph whose PyTorch parity torchParity.test.ts checks: parameters, both
// AdamW moments, each step's loss and gradient norm. The batches change length mid-way, so the runner has to split
// its groups where the shapes change (stepsPerCall 3 over these 7 steps: calls of 3, 1, 1 and 2 steps).
const arch: BertArchitecture = {
  vocabSize: 500,
  hiddenSize: 32,
  numLayers: 2,
  numHeads: 2,
  intermediateSize: 64,
  hiddenAct: "gelu",
  maxPositions: 64,
  typeVocabSize: 2,
  layerNormEps: 1e-12,
};
const LENGTHS = [16, 16, 16, 16, 12, 16, 16];

/** stepsPerCall 0: `step`, one call per step (the reference); otherwise `steps`. */
async function train(stepsPerCall: number, optimizer: OptimizerName, windowPool?: "max" | "mean") {
  const engine = Engine.create({ threads: 1, graphCache: null });
  try {
    const runner = await StepRunner.create(
      {
        arch,
        problemType: "multi_label_classification",
        numLabels: 3,
        pooler: true,
        pooling: "cls",
        optimizer,
        weightDecay: 0.01,
        maxGradNorm: 0.5,
        hiddenDropout: 0.1,
        attentionDropout: 0.1,
        classifierDropout: 0.1,
        classWeights: true,
        ...(windowPool ? { windowPool } : {}),
      },
      engine,
      { accumulate: false, padTokenId: 0, seed: 9, key: "steps", stepsPerCall: Math.max(stepsPerCall, 1) },
    );
    const init = randomBertWeights(arch, 4);
    init.set("classifier.weight", { shape: [3, 32], data: Float32Array.from({ length: 96 }, (_, i) => (i % 5) / 50) });
    init.set("classifier.bias", { shape: [3], data: new Float32Array(3) });
    const state = TrainState.start(runner.params, init);
    const row = (s: number, b: number, w: number) =>
      Array.from({ length: LENGTHS[s]! }, (_, t) => 5 + ((t * 7 + b * 3 + s + w) % 400));
    const batches: Example[][] = LENGTHS.map((_, s) =>
      Array.from({ length: 4 }, (_, b) =>
        windowPool
          ? { windows: Array.from({ length: 1 + (b % 2) }, (_, w) => row(s, b, w)), labels: [b % 3] }
          : { inputIds: row(s, b, 0), labels: b % 2 ? [0, 2] : [1] },
      ),
    );
    const lrs = LENGTHS.map((_, s) => 1e-2 * (s + 1));
    const weights = Float32Array.of(1, 2, 0.5);
    const results =
      stepsPerCall === 0
        ? await (async () => {
            const out = [];
            for (let s = 0; s < batches.length; s++)
              out.push(await runner.step(state, [batches[s]!], lrs[s]!, weights));
            return out.map(({ loss, gradNorm }) => ({ loss, gradNorm }));
          })()
        : await runner.steps(state, batches, lrs, weights);
    return { state, results };
  } finally {
    await engine.release();
  }
}

test("AdamW: 3 steps per call give the bytes of one step per call, split where the batch shape changes", {
  timeout: 120_000,
}, async () => {
  const one = await train(0, "adamw");
  assert.equal(one.state.step, 7);
  // The steps did train: the weights moved and the moments are not zero.
  assert.ok(one.results.every((r) => Number.isFinite(r.loss) && r.gradNorm > 0));
  assertSameTraining(one, await train(3, "adamw"), "3 per call");
  assertSameTraining(one, await train(7, "adamw"), "7 per call");
});

test("SGD (parameters carried, no moments) and a windows model: the same bytes as one step per call", {
  timeout: 120_000,
}, async () => {
  assertSameTraining(await train(0, "sgd"), await train(4, "sgd"), "sgd");
  assertSameTraining(await train(0, "adamw", "max"), await train(4, "adamw", "max"), "windows");
});
