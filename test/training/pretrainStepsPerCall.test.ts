import assert from "node:assert/strict";
import { test } from "node:test";
import { Engine } from "../../src/engine/Engine.ts";
import type { TensorData } from "../../src/graph/types.ts";
import type { BertArchitecture } from "../../src/models/bert/BertArchitecture.ts";
import { randomBertWeights } from "../../src/models/bert/randomBertWeights.ts";
import { PretrainStepRunner } from "../../src/training/pretraining/PretrainStepRunner.ts";
import type { PretrainRow } from "../../src/training/pretraining/pretrainFeeds.ts";
import { stepGroups } from "../../src/training/stepLoop.ts";
import { TrainState } from "../../src/training/TrainState.ts";
import { SeededRandom } from "../../src/util/SeededRandom.ts";
import { assertSameTraining } from "../helpers/assertSameTraining.ts";

// Several pre-training steps per ONNX Runtime call (PretrainStepRunner.steps: the train graph in an ONNX Loop) must
// give the bytes of one call per step, the graph whose PyTorch parity pretrainParity.test.ts checks: parameters,
// both AdamW moments, and every step's losses, next-sentence hits and gradient norm. The 7 steps have sequences of
// other lengths and other masked-token counts at every step (fed ragged), and a last batch of 3 rows instead of 4.
const arch: BertArchitecture = {
  vocabSize: 300,
  hiddenSize: 32,
  numLayers: 2,
  numHeads: 2,
  intermediateSize: 64,
  hiddenAct: "gelu",
  maxPositions: 64,
  typeVocabSize: 2,
  layerNormEps: 1e-12,
};
const STEPS = 7;

function batches(nsp: boolean): PretrainRow[][] {
  return Array.from({ length: STEPS }, (_, s) =>
    Array.from({ length: s === STEPS - 1 ? 3 : 4 }, (_, b) => {
      const length = 10 + ((s * 5 + b * 3) % 13);
      const inputIds = Array.from({ length }, (_, t) =>
        t === 0 ? 2 : t === length - 1 ? 3 : 5 + ((t * 7 + b * 3 + s) % 290),
      );
      const mlmPositions = inputIds
        .map((_, t) => t)
        .filter((t) => t > 0 && t < length - 1 && (t * 7 + s + b) % 5 === 0);
      return {
        inputIds: inputIds.map((id, t) => (mlmPositions.includes(t) ? 4 : id)),
        tokenTypeIds: inputIds.map((_, t) => (nsp && t > length / 2 ? 1 : 0)),
        nspLabel: nsp ? (s + b) % 2 : undefined,
        mlmPositions,
        mlmTargets: mlmPositions.map((t) => inputIds[t]!),
      };
    }),
  );
}

/** stepsPerCall 0: `step`, one call per step (the reference); otherwise `steps`. */
async function train(stepsPerCall: number, objectives: { nsp: boolean; mlm: boolean }) {
  const engine = Engine.create({ threads: 1, graphCache: null });
  try {
    const runner = await PretrainStepRunner.create(
      {
        arch,
        ...objectives,
        optimizer: "adamw",
        weightDecay: 0.01,
        maxGradNorm: 0.5,
        hiddenDropout: 0.1,
        attentionDropout: 0.1,
      },
      engine,
      { accumulate: false, padTokenId: 0, seed: 9, key: "pretrain-steps", stepsPerCall: Math.max(stepsPerCall, 1) },
    );
    const init = new Map<string, { data: Float32Array }>(randomBertWeights(arch, 4));
    for (const p of runner.params) {
      if (init.has(p.name)) continue;
      const random = SeededRandom.from(5, p.name);
      const size = p.shape.reduce((a, b) => a * b, 1);
      init.set(p.name, { data: Float32Array.from({ length: size }, () => random.uniform(-0.1, 0.1)) });
    }
    const state = TrainState.start(runner.params, init);
    const data = batches(objectives.nsp);
    const lrs = data.map((_, s) => 1e-2 * (s + 1));
    const results =
      stepsPerCall === 0
        ? await (async () => {
            const out = [];
            for (let s = 0; s < STEPS; s++) out.push(await runner.step(state, [data[s]!], lrs[s]!));
            return out;
          })()
        : await runner.steps(state, data, lrs);
    return { state, results };
  } finally {
    await engine.release();
  }
}

for (const [name, objectives] of [
  ["masked-LM", { nsp: false, mlm: true }],
  ["outcome + masked-LM (core --mlm)", { nsp: true, mlm: true }],
  ["outcome alone (core)", { nsp: true, mlm: false }],
] as const) {
  test(`${name}: 3 and 7 steps per call give the bytes of one step per call`, { timeout: 120_000 }, async () => {
    const one = await train(0, objectives);
    assert.equal(one.state.step, STEPS);
    assert.ok(one.results.every((r) => Number.isFinite(r.loss) && r.gradNorm > 0));
    if (objectives.mlm) assert.ok(one.results.every((r) => r.mlmLoss! > 0 && r.masked > 0));
    if (objectives.nsp) assert.ok(one.results.every((r) => r.nspCorrect !== undefined && r.nspLoss! > 0));
    assertSameTraining(one, await train(1, objectives), "1 per call through steps");
    assertSameTraining(one, await train(3, objectives), "3 per call");
    assertSameTraining(one, await train(7, objectives), "7 per call");
  });
}

test("stepGroups: at most K per call, a new call where a feed that is not ragged changes shape", () => {
  const feeds = (rows: number, seq: number): Record<string, TensorData> => ({
    labels: { dtype: "int64", shape: [rows, 1], data: new BigInt64Array(rows) },
    ids: { dtype: "int64", shape: [rows, seq], data: new BigInt64Array(rows * seq) },
  });
  const steps = [feeds(4, 9), feeds(4, 12), feeds(4, 9), feeds(4, 9), feeds(4, 11), feeds(4, 9), feeds(3, 9)];
  const sizes = (ragged: Set<string>, k: number) =>
    [...stepGroups(steps.length, k, (j) => steps[j]!, ragged)].map((g) => g.length);
  assert.deepEqual(sizes(new Set(["ids"]), 3), [3, 3, 1], "ids ragged: the row count alone splits");
  assert.deepEqual(sizes(new Set(["ids", "labels"]), 3), [3, 3, 1]);
  assert.deepEqual(sizes(new Set(["ids", "labels"]), 7), [7]);
  assert.deepEqual(sizes(new Set(), 3), [1, 1, 2, 1, 1, 1], "nothing ragged: every shape change splits");
});
