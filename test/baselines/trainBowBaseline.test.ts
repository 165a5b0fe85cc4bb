import assert from "node:assert/strict";
import { after, test } from "node:test";
import { trainBowBaseline } from "../../src/baselines/bow/trainBowBaseline.ts";
import { Engine } from "../../src/engine/Engine.ts";
import { toyDataset } from "./toyTasks.ts";

const engine = Engine.create({ threads: 1 });
after(() => engine.release());
const fast = { engine, bootstrap: 0 } as const;

for (const kind of ["multi-label", "binary", "multi-class"] as const) {
  test(`learns a separable ${kind} toy task (test macro AUROC > 0.95)`, async () => {
    const d = toyDataset({ kind });
    const r = await trainBowBaseline(d, fast);
    const auroc = r.metrics.test.headline.value!;
    assert.ok(auroc > 0.95, `test macro AUROC ${auroc}`);
    assert.equal(r.metrics.test.problemType, kind);
    assert.equal(r.metrics.test.n, d.splits.test.length);
    assert.equal(r.scores.test.length, d.splits.test.length * d.labels.length);
    assert.equal(r.weights.weight.length, r.vectorizer.size * d.labels.length);
    assert.ok(r.history.length >= r.bestEpoch && r.bestEpoch >= 1);
    if (kind !== "multi-label") {
      for (let i = 0; i < d.splits.test.length; i++) {
        const row = r.scores.test.subarray(i * d.labels.length, (i + 1) * d.labels.length);
        assert.ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-5, "softmax rows sum to 1");
      }
    }
  });
}

test("a noisy task is learnt sensibly: informative words help, random labels stay near chance", async () => {
  const noisy = await trainBowBaseline(toyDataset({ kind: "multi-label", signal: 0.7, noise: 0.25, seed: 3 }), fast);
  const a = noisy.metrics.test.headline.value!;
  assert.ok(a > 0.65 && a < 0.9, `partly informative: test macro AUROC ${a}`);
  const random = await trainBowBaseline(toyDataset({ kind: "binary", signal: 0, noise: 0, seed: 4 }), fast);
  const b = random.metrics.test.headline.value!;
  assert.ok(b > 0.35 && b < 0.65, `no signal: test macro AUROC ${b}`);
});

test("class weights: pos_weight = negatives/positives per label (multi-label), balanced (single-label)", async () => {
  const d = toyDataset({ kind: "multi-label" });
  const r = await trainBowBaseline(d, { ...fast, epochs: 1, classWeights: true });
  const n = d.splits.train.length;
  assert.deepEqual(
    Array.from(r.classWeights!),
    d.labelCounts.train.map((p) => Math.fround((n - p) / p)),
  );
  const m = toyDataset({ kind: "multi-class" });
  const s = await trainBowBaseline(m, { ...fast, epochs: 1, classWeights: true });
  const counts = m.labelCounts.train;
  assert.deepEqual(
    Array.from(s.classWeights!),
    counts.map((c) => Math.fround(m.splits.train.length / (4 * c))),
  );
  assert.ok(s.metrics.test.headline.value! > 0.9);
  assert.equal((await trainBowBaseline(m, { ...fast, epochs: 1 })).classWeights, null, "off by default");
});

test("determinism: the same seed gives identical weights; another seed another shuffle", async () => {
  const d = toyDataset({ kind: "multi-class", signal: 0.8, noise: 0.2 });
  const o = { ...fast, epochs: 3, patience: 5 };
  const a = await trainBowBaseline(d, { ...o, seed: 7 });
  const b = await trainBowBaseline(d, { ...o, seed: 7, engine: Engine.create({ threads: 1 }) });
  assert.deepEqual(a.weights.weight, b.weights.weight);
  assert.deepEqual(a.weights.bias, b.weights.bias);
  assert.deepEqual(a.scores.test, b.scores.test);
  const c = await trainBowBaseline(d, { ...o, seed: 8 });
  assert.notDeepEqual(a.weights.weight, c.weights.weight);
});

test("early stopping keeps the best epoch's weights and stops after `patience` epochs without gain", async () => {
  const d = toyDataset({ kind: "binary", signal: 0.6, noise: 0.3, seed: 5 });
  const r = await trainBowBaseline(d, { ...fast, epochs: 40, patience: 2, lr: 0.3 });
  const metrics = r.history.map((e) => e.valMacroAuroc!);
  const best = Math.max(...metrics);
  assert.equal(r.history[r.bestEpoch - 1]!.valMacroAuroc, best);
  assert.equal(metrics.indexOf(best) + 1, r.bestEpoch, "the first epoch reaching the best value");
  if (r.history.length < 40) assert.equal(r.history.length, r.bestEpoch + 2);
  assert.ok(Math.abs(r.metrics.val.headline.value! - best) < 1e-12, "val metrics are those of the kept weights");
});

test("an undefined val macro AUROC (one class in val) keeps the last epoch's weights and says so", async () => {
  const d = toyDataset({ kind: "binary" });
  d.splits.val = d.splits.val.filter((e) => e.labels[0] === 0);
  const r = await trainBowBaseline(d, { ...fast, epochs: 5, patience: 2 });
  assert.equal(r.history.length, 2);
  assert.ok(r.history.every((e) => e.valMacroAuroc === null));
  assert.equal(r.bestEpoch, 2);
  assert.match(r.warnings[0]!, /val macro AUROC is undefined .* kept the last epoch's weights/);
  assert.equal(r.metrics.val.headline.value, null);
  assert.ok(r.metrics.test.headline.value! > 0.5);
});
