import assert from "node:assert/strict";
import { test } from "node:test";
import { Engine } from "../../src/engine/Engine.ts";
import { Graph } from "../../src/graph/Graph.ts";
import { toOnnx } from "../../src/graph/onnxWriter.ts";
import { broadcastShapes, reshapeShape } from "../../src/graph/shapes.ts";
import * as T from "../../src/graph/tensorOps.ts";
import { GraphError } from "../../src/graph/types.ts";
import { gelu, geluTanh } from "../../src/models/layers/activations.ts";

const engine = Engine.create({ threads: 1 });

async function run(g: Graph, feeds: Record<string, { shape: number[]; data: Float32Array }>) {
  const s = await engine.session(`${Math.random()}`, () => toOnnx(g));
  const typed = Object.fromEntries(Object.entries(feeds).map(([k, v]) => [k, { dtype: "float32" as const, ...v }]));
  return s.run(typed);
}

test("broadcasting follows numpy, symbols only against 1 or themselves", () => {
  assert.deepEqual(broadcastShapes(["batch", 1, 4], [3, 1]), ["batch", 3, 4]);
  assert.deepEqual(broadcastShapes(["seq"], ["seq"]), ["seq"]);
  assert.throws(() => broadcastShapes(["batch"], ["seq"]), /do not broadcast/);
  assert.throws(() => broadcastShapes([2, 3], [4, 3]), /do not broadcast/);
});

test("reshape infers -1 and copies 0, cancelling symbolic dims", () => {
  assert.deepEqual(reshapeShape(["batch", "seq", 32], [0, 0, 4, 8]), ["batch", "seq", 4, 8]);
  assert.deepEqual(reshapeShape(["batch", "seq", 4, 8], [0, 0, -1]), ["batch", "seq", 32]);
  assert.deepEqual(reshapeShape(["batch", "seq", 32], [-1, 32]), ["batch*seq", 32]);
  assert.deepEqual(reshapeShape([6, 4], [-1, 8]), [3, 8]);
  assert.throws(() => reshapeShape([6, 4], [5, -1]), /cannot reshape/);
  assert.throws(() => reshapeShape([6, 4], [-1, -1]), /more than one -1/);
});

test("shape errors at build time name the op and the input shapes", () => {
  const g = new Graph();
  const a = g.input("a", "float32", ["batch", 3]);
  const b = g.input("b", "float32", [4, 5]);
  assert.throws(
    () => T.matMul(a, b),
    (e: unknown) => e instanceof GraphError && /MatMul\(a: float32\[batch, 3\]; b: float32\[4, 5\]\)/.test(e.message),
  );
  assert.throws(() => T.transpose(a, [0, 0]), /not a permutation/);
  assert.throws(() => g.input("a", "float32", [1]), /already used/);
});

test("a small graph computes what plain arithmetic computes", async () => {
  const g = new Graph();
  const x = g.input("x", "float32", ["n", 3]);
  const w = g.constant({ dtype: "float32", shape: [3, 2], data: Float32Array.from([1, 2, 3, 4, 5, 6]) });
  const y = T.softmax(T.add(T.matMul(x, w), 1), -1);
  g.output(y, "y");
  const out = await run(g, { x: { shape: [2, 3], data: Float32Array.from([1, 0, -1, 0.5, 0.25, 0]) } });
  const rows = [
    [1 * 1 + 0 * 3 + -1 * 5 + 1, 1 * 2 + 0 * 4 + -1 * 6 + 1],
    [0.5 * 1 + 0.25 * 3 + 1, 0.5 * 2 + 0.25 * 4 + 1],
  ];
  const expected = rows.flatMap(([p, q]) => {
    const m = Math.max(p!, q!);
    const z = Math.exp(p! - m) + Math.exp(q! - m);
    return [Math.exp(p! - m) / z, Math.exp(q! - m) / z];
  });
  assert.deepEqual(out.y!.shape, [2, 2]);
  Array.from(out.y!.data as Float32Array).forEach((v, i) => assert.ok(Math.abs(v - expected[i]!) < 1e-6));
});

test("GELU (erf) and gelu_new (tanh) match their definitions", async () => {
  const g = new Graph();
  const x = g.input("x", "float32", [4]);
  g.output(gelu(x), "gelu");
  g.output(geluTanh(x), "gelu_new");
  const out = await run(g, { x: { shape: [4], data: Float32Array.from([-3, -0.5, 1, 2.5]) } });
  // Reference values: 0.5·x·(1 + erf(x/√2)) computed in float64 by Python math.erf.
  const exact = [-0.00404969409489031, -0.15426876936299344, 0.8413447460685429, 2.4844758366855597];
  const tanhForm = (v: number) => 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3)));
  Array.from(out.gelu!.data as Float32Array).forEach((v, i) => assert.ok(Math.abs(v - exact[i]!) < 1e-6, `${v}`));
  Array.from(out.gelu_new!.data as Float32Array).forEach((v, i) =>
    assert.ok(Math.abs(v - tanhForm([-3, -0.5, 1, 2.5][i]!)) < 1e-6),
  );
});
