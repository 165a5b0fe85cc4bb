import assert from "node:assert/strict";
import { Engine } from "../../../src/engine/Engine.ts";
import { gradients } from "../../../src/graph/autodiff/gradients.ts";
import { Graph } from "../../../src/graph/Graph.ts";
import { toOnnx } from "../../../src/graph/onnxWriter.ts";
import * as T from "../../../src/graph/tensorOps.ts";
import type { TensorData } from "../../../src/graph/types.ts";
import type { Value } from "../../../src/graph/Value.ts";

export interface GradInput {
  shape: number[];
  /** "int" inputs are indices (not differentiated); "positive" floats stay away from 0 (log, sqrt, division). */
  kind?: "float" | "positive" | "int";
  /** Exclusive upper bound for "int" inputs. */
  high?: number;
  values?: number[];
}

export interface GradCase {
  name: string;
  dtype: "float32" | "float64";
  inputs: GradInput[];
  build(...inputs: Value[]): Value;
  /** Max |analytic − numeric| allowed (relative to max(1, |numeric|)). */
  tolerance?: number;
  /** Finite-difference step (default 1e-6 in float64, 1e-2 in float32). */
  step?: number;
}

const engine = Engine.create({ threads: 1 });

function seeded(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return s / 4294967296;
  };
}

/**
 * Checks every input's analytic gradient (reverse mode through `gradients`) against central finite differences
 * of loss = Σ f(x)·R, with R fixed random weights so every output element contributes differently.
 */
export async function gradCheck(c: GradCase): Promise<number> {
  const rand = seeded(c.name.length * 7919 + 17);
  const g = new Graph(c.name);
  const xs = c.inputs.map((inp, i) => g.input(`x${i}`, inp.kind === "int" ? "int64" : c.dtype, inp.shape));
  const y = c.build(...xs);
  const rShape = y.shape.map((d) => {
    if (typeof d !== "number") throw new Error("gradCheck needs static output shapes");
    return d;
  });
  const rSize = rShape.reduce((a, b) => a * b, 1);
  const rData = Array.from({ length: rSize }, () => rand() * 2 - 1);
  const r = g.constant({
    dtype: c.dtype,
    shape: rShape,
    data: c.dtype === "float64" ? Float64Array.from(rData) : Float32Array.from(rData),
  });
  const loss = T.reduceSum(
    T.mul(y, r),
    rShape.map((_, i) => i),
    false,
  );
  g.output(loss, "loss");
  const floatInputs = xs.filter((_, i) => c.inputs[i]!.kind !== "int");
  const grads = gradients(loss, floatInputs);
  floatInputs.forEach((x, i) => {
    const d = grads.get(x);
    assert.ok(d, `${c.name}: input ${i} got no gradient`);
    g.output(d!, `grad_${x.name}`);
  });
  const session = await engine.session(`gradcheck:${c.name}`, () => toOnnx(g));

  const feeds: Record<string, TensorData> = {};
  c.inputs.forEach((inp, i) => {
    const n = inp.shape.reduce((a, b) => a * b, 1);
    if (inp.kind === "int") {
      const v = inp.values ?? Array.from({ length: n }, () => Math.floor(rand() * (inp.high ?? 2)));
      feeds[`x${i}`] = { dtype: "int64", shape: inp.shape, data: BigInt64Array.from(v, BigInt) };
    } else {
      const v =
        inp.values ?? Array.from({ length: n }, () => (inp.kind === "positive" ? 0.5 + rand() : rand() * 2 - 1));
      feeds[`x${i}`] = {
        dtype: c.dtype,
        shape: inp.shape,
        data: c.dtype === "float64" ? Float64Array.from(v) : Float32Array.from(v),
      };
    }
  });
  const base = await session.run(feeds);
  const h = c.step ?? (c.dtype === "float64" ? 1e-6 : 1e-2);
  const tol = c.tolerance ?? (c.dtype === "float64" ? 1e-6 : 2e-3);
  let worst = 0;
  for (const x of floatInputs) {
    const feed = feeds[x.name]!;
    const analytic = base[`grad_${x.name}`]!.data as Float64Array | Float32Array;
    assert.deepEqual(base[`grad_${x.name}`]!.shape, feed.shape, `${c.name}: gradient shape of ${x.name}`);
    const data = feed.data as Float64Array | Float32Array;
    for (let k = 0; k < data.length; k++) {
      const orig = data[k]!;
      data[k] = orig + h;
      const up = Number((await session.run(feeds, ["loss"])).loss!.data[0]);
      data[k] = orig - h;
      const down = Number((await session.run(feeds, ["loss"])).loss!.data[0]);
      data[k] = orig;
      const numeric = (up - down) / (2 * h);
      const err = Math.abs(analytic[k]! - numeric) / Math.max(1, Math.abs(numeric));
      worst = Math.max(worst, err);
      assert.ok(
        err <= tol,
        `${c.name}: d loss/d ${x.name}[${k}] analytic ${analytic[k]} vs numeric ${numeric} (error ${err}, tolerance ${tol})`,
      );
    }
  }
  return worst;
}
