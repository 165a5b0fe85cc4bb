import assert from "node:assert/strict";
import { after, test } from "node:test";
import { LogisticRegressionRunner } from "../../src/baselines/bow/LogisticRegressionRunner.ts";
import type { SparseRow } from "../../src/baselines/bow/TfidfVectorizer.ts";
import { Engine } from "../../src/engine/Engine.ts";
import type { ProblemType } from "../../src/tasks/ProblemType.ts";
import { SeededRandom } from "../../src/util/SeededRandom.ts";

const engine = Engine.create({ threads: 1 });
after(() => engine.release());

const F = 5;
const B = 4;

/** The loss and its gradient w.r.t. the logits, written out by hand (torch's definitions). */
function lossAndDz(problem: ProblemType, z: number[][], y: number[][], w: number[] | null) {
  const L = z[0]!.length;
  if (problem === "multi_label_classification") {
    let loss = 0;
    const dz = z.map((row, b) =>
      row.map((zi, l) => {
        const t = y[b]![l]!;
        const coef = 1 + ((w?.[l] ?? 1) - 1) * t;
        loss += (1 - t) * zi + coef * Math.log1p(Math.exp(-zi));
        return (1 - t - coef / (1 + Math.exp(zi))) / (B * L);
      }),
    );
    return { loss: loss / (B * L), dz };
  }
  const cls = y.map((row) => row.indexOf(1));
  const weights = cls.map((c) => w?.[c] ?? 1);
  const total = weights.reduce((a, b) => a + b, 0);
  let loss = 0;
  const dz = z.map((row, b) => {
    const m = Math.max(...row);
    const e = row.map((x) => Math.exp(x - m));
    const s = e.reduce((a, c) => a + c, 0);
    loss += (weights[b]! * -Math.log(e[cls[b]!]! / s)) / total;
    return row.map((_, l) => (weights[b]! * (e[l]! / s - (l === cls[b] ? 1 : 0))) / total);
  });
  return { loss, dz };
}

for (const [problem, L] of [
  ["multi_label_classification", 3],
  ["single_label_classification", 4],
] as const) {
  test(`${problem}: loss, two AdamW steps and scores equal a hand-written reference`, async () => {
    const rng = SeededRandom.from(11, problem);
    const lr = 0.05;
    const wd = 0.1;
    const runner = await LogisticRegressionRunner.create(
      { features: F, numLabels: L, problemType: problem, weightDecay: wd, classWeights: true },
      engine,
    );
    const rows: SparseRow[] = Array.from({ length: B }, () => {
      const indices = Int32Array.from([0, 1, 2, 3, 4].filter(() => rng.chance(0.7)));
      return { indices, values: Float32Array.from(indices, () => Math.fround(rng.uniform(0.1, 1))) };
    });
    const labels = rows.map(() =>
      problem === "multi_label_classification" ? [0, 1, 2].filter(() => rng.chance(0.5)) : [rng.int(0, L)],
    );
    const classWeights = Float32Array.from({ length: L }, () => Math.fround(rng.uniform(0.5, 3)));
    const state = runner.initialState();
    state.params.weight = Float32Array.from({ length: F * L }, () => Math.fround(rng.uniform(-0.5, 0.5)));
    state.params.bias = Float32Array.from({ length: L }, () => Math.fround(rng.uniform(-0.5, 0.5)));

    // Reference in float64.
    const x = rows.map((r) => {
      const d = new Array<number>(F).fill(0);
      r.indices.forEach((f, k) => {
        d[f] = r.values[k]!;
      });
      return d;
    });
    const y = labels.map((ls) => Array.from({ length: L }, (_, l) => (ls.includes(l) ? 1 : 0)));
    const p = { weight: Array.from(state.params.weight), bias: Array.from(state.params.bias) };
    const m = { weight: new Array<number>(F * L).fill(0), bias: new Array<number>(L).fill(0) };
    const v = { weight: new Array<number>(F * L).fill(0), bias: new Array<number>(L).fill(0) };
    const losses: number[] = [];
    for (let t = 1; t <= 2; t++) {
      const z = x.map((row) =>
        Array.from({ length: L }, (_, l) => p.bias[l]! + row.reduce((s, xf, f) => s + xf * p.weight[f * L + l]!, 0)),
      );
      const { loss, dz } = lossAndDz(problem, z, y, Array.from(classWeights));
      losses.push(loss);
      const g = {
        weight: Array.from({ length: F * L }, (_, i) =>
          x.reduce((s, row, b) => s + row[Math.floor(i / L)]! * dz[b]![i % L]!, 0),
        ),
        bias: Array.from({ length: L }, (_, l) => dz.reduce((s, row) => s + row[l]!, 0)),
      };
      for (const name of ["weight", "bias"] as const) {
        const decay = name === "weight" ? wd : 0;
        p[name] = p[name].map((pi, i) => {
          const gi = g[name][i]!;
          m[name][i] = 0.9 * m[name][i]! + 0.1 * gi;
          v[name][i] = 0.999 * v[name][i]! + 0.001 * gi * gi;
          const mh = m[name][i]! / (1 - 0.9 ** t);
          const vh = v[name][i]! / (1 - 0.999 ** t);
          return pi * (1 - lr * decay) - (lr * mh) / (Math.sqrt(vh) + 1e-8);
        });
      }
    }

    for (let t = 0; t < 2; t++) {
      const loss = await runner.step(state, rows, labels, lr, classWeights);
      assert.ok(Math.abs(loss - losses[t]!) < 1e-5, `loss at step ${t + 1}: ${loss} vs ${losses[t]}`);
    }
    assert.equal(state.step, 2);
    state.params.weight.forEach((w, i) =>
      assert.ok(Math.abs(w - p.weight[i]!) < 1e-5, `weight[${i}] ${w} vs ${p.weight[i]}`),
    );
    state.params.bias.forEach((b, i) => assert.ok(Math.abs(b - p.bias[i]!) < 1e-5, `bias[${i}] ${b} vs ${p.bias[i]}`));

    const scores = await runner.predict(state.params, rows, 3);
    x.forEach((row, b) => {
      const z = Array.from(
        { length: L },
        (_, l) => p.bias[l]! + row.reduce((s, xf, f) => s + xf * p.weight[f * L + l]!, 0),
      );
      const mx = Math.max(...z);
      const expected =
        problem === "multi_label_classification"
          ? z.map((zi) => 1 / (1 + Math.exp(-zi)))
          : z.map((zi) => Math.exp(zi - mx) / z.reduce((s, zj) => s + Math.exp(zj - mx), 0));
      expected.forEach((e, l) => assert.ok(Math.abs(scores[b * L + l]! - e) < 1e-5, `score [${b}, ${l}]`));
    });
  });
}
