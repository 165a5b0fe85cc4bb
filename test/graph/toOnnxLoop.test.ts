import assert from "node:assert/strict";
import { test } from "node:test";
import { Engine } from "../../src/engine/Engine.ts";
import { Graph } from "../../src/graph/Graph.ts";
import * as T from "../../src/graph/tensorOps.ts";
import { toOnnxLoop } from "../../src/graph/toOnnxLoop.ts";

// toOnnxLoop on a toy step: state x (carried into new_x), a per-step vector a and scalar s (stacked), and a per-step
// output total (stacked). Each iteration computes new_x = x·s + a; the expected values are worked out in JS.
function step(): Graph {
  const g = new Graph("toy");
  const x = g.input("x", "float32", ["n"]);
  const a = g.input("a", "float32", ["n"]);
  const s = g.input("s", "float32", []);
  const next = T.add(T.mul(x, s), a);
  g.output(next, "new_x");
  g.output(T.reduceSum(next, [0], false), "total");
  return g;
}

test("a Loop carries the state from step to step and stacks the per-step inputs and outputs", async () => {
  const engine = Engine.create({ threads: 1, graphCache: null });
  try {
    const session = await engine.session("loop", () => toOnnxLoop(step(), new Map([["x", "new_x"]])));
    assert.deepEqual([...session.inputNames].sort(), ["a", "s", "x"]);
    assert.deepEqual([...session.outputNames].sort(), ["new_x", "total"]);
    const out = await session.run({
      x: { dtype: "float32", shape: [2], data: Float32Array.of(1, 2) },
      a: { dtype: "float32", shape: [3, 2], data: Float32Array.of(1, 0, 0, 1, 10, 20) },
      s: { dtype: "float32", shape: [3], data: Float32Array.of(2, 3, 0.5) },
    });
    // Step 1: (1,2)·2 + (1,0) = (3,4); step 2: (3,4)·3 + (0,1) = (9,13); step 3: (9,13)·0.5 + (10,20) = (14.5,26.5).
    assert.deepEqual([...(out.new_x!.data as Float32Array)], [14.5, 26.5]);
    assert.deepEqual(out.total!.shape, [3]);
    assert.deepEqual([...(out.total!.data as Float32Array)], [7, 22, 41]);
  } finally {
    await engine.release();
  }
});

test("a carried input needs its output, and something must be stacked", () => {
  assert.throws(() => toOnnxLoop(step(), new Map([["x", "nothing"]])), /no output nothing to carry into x/);
  const g = new Graph("stateOnly");
  g.output(T.mul(g.input("x", "float32", [2]), 2), "new_x");
  assert.throws(() => toOnnxLoop(g, new Map([["x", "new_x"]])), /at least one stacked input/);
});

test("a ragged input has its own shape at every step: concatenated, sliced and reshaped per iteration", async () => {
  const g = new Graph("ragged");
  const x = g.input("x", "float32", [2]);
  const r = g.input("r", "float32", ["rows", 2]);
  const s = g.input("s", "float32", []);
  // new_x = x + s·(sum of r's rows); rows = the number of r's rows, per step.
  g.output(T.add(x, T.mul(T.reduceSum(r, [0], false), s)), "new_x");
  g.output(T.shapeOf(r), "r_shape");
  const engine = Engine.create({ threads: 1, graphCache: null });
  try {
    const session = await engine.session("ragged", () => toOnnxLoop(g, new Map([["x", "new_x"]]), new Set(["r"])));
    assert.deepEqual([...session.inputNames].sort(), ["r", "r.ends", "r.shape", "r.starts", "s", "x"]);
    const i64 = (shape: number[], ...v: number[]) => ({
      dtype: "int64" as const,
      shape,
      data: BigInt64Array.from(v, BigInt),
    });
    // Step 1: r = [[1, 2]]; step 2: r = [[3, 4], [5, 6], [7, 8]]; step 3: r = [[9, 10], [11, 12]].
    const out = await session.run({
      x: { dtype: "float32", shape: [2], data: Float32Array.of(0, 0) },
      r: { dtype: "float32", shape: [12], data: Float32Array.from({ length: 12 }, (_, i) => i + 1) },
      "r.starts": i64([3, 1], 0, 2, 8),
      "r.ends": i64([3, 1], 2, 8, 12),
      "r.shape": i64([3, 2], 1, 2, 3, 2, 2, 2),
      s: { dtype: "float32", shape: [3], data: Float32Array.of(1, 10, 100) },
    });
    // (1,2) + 10·(15,18) + 100·(20,22) = (2151, 2382).
    assert.deepEqual([...(out.new_x!.data as Float32Array)], [2151, 2382]);
    assert.deepEqual([...(out.r_shape!.data as BigInt64Array)], [1n, 2n, 3n, 2n, 2n, 2n]);
  } finally {
    await engine.release();
  }
  assert.throws(() => toOnnxLoop(g, new Map([["x", "new_x"]]), new Set(["x"])), /ragged x is no stacked input/);
});
