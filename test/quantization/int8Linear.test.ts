import assert from "node:assert/strict";
import { after, test } from "node:test";
import { Engine } from "../../src/engine/Engine.ts";
import { Graph } from "../../src/graph/Graph.ts";
import { toOnnx } from "../../src/graph/onnxWriter.ts";
import { INT8_FORMS } from "../../src/models/layers/int8Linear.ts";
import { linear } from "../../src/models/layers/linear.ts";
import { WeightsParamSource } from "../../src/nn/WeightsParamSource.ts";
import { dequantizePerChannel, quantizePerChannel } from "../../src/quantization/int8Weights.ts";
import { assertClose } from "../helpers/assertClose.ts";

// The int8 Linear that ONNX Runtime runs, against a reference written here from the ONNX specification:
// DynamicQuantizeLinear (uint8, scale = (max(0, x_max) − min(0, x_min)) / 255, zero point = round(−x_min / scale),
// both rounded half to even), an exact integer matmul, then · x_scale · w_scale[o] + bias[o].

const engine = Engine.create({ threads: 1, graphCache: null });
after(() => engine.release());

function seeded(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

/** Round half to even, as ONNX's quantizers do. */
function roundEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function reference(x: Float32Array, rows: number, inF: number, w: Float32Array, outF: number, bias: Float32Array) {
  const q = quantizePerChannel(w, outF, inF);
  let lo = 0;
  let hi = 0;
  for (const v of x) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const scale = Math.fround((hi - lo) / 255);
  const zero = Math.max(0, Math.min(255, roundEven(-lo / scale)));
  const xq = x.map((v) => Math.max(0, Math.min(255, roundEven(v / scale) + zero)));
  const out = new Float32Array(rows * outF);
  for (let r = 0; r < rows; r++) {
    for (let o = 0; o < outF; o++) {
      let acc = 0;
      for (let i = 0; i < inF; i++) acc += (xq[r * inF + i]! - zero) * q.values[o * inF + i]!;
      out[r * outF + o] = acc * scale * q.scales[o]! + bias[o]!;
    }
  }
  return out;
}

for (const form of INT8_FORMS) {
  test(`int8 Linear (${form}) matches the ONNX-spec reference; fp32 stays within the quantization error`, async () => {
    const [rows, inF, outF] = [6, 40, 24];
    const rand = seeded(7);
    const x = Float32Array.from({ length: rows * inF }, () => (rand() - 0.3) * 4);
    const w = Float32Array.from({ length: outF * inF }, () => (rand() - 0.5) * 0.2);
    const bias = Float32Array.from({ length: outF }, () => rand() - 0.5);
    // A name the int8 source quantizes (an encoder layer's intermediate dense).
    const name = "encoder.layer.0.intermediate.dense";
    const weights = new Map([
      [`${name}.weight`, { shape: [outF, inF], data: w }],
      [`${name}.bias`, { shape: [outF], data: bias }],
    ]);
    const run = async (int8: typeof form | undefined) => {
      const g = new Graph("linear");
      const input = g.input("x", "float32", [rows, inF]);
      g.output(linear(g, new WeightsParamSource(weights, { int8 }), name, input, inF, outF), "y");
      const ops = g.nodes.map((n) => n.op.type);
      const session = await engine.session(`linear-${int8}`, () => toOnnx(g));
      const out = await session.run({ x: { dtype: "float32", shape: [rows, inF], data: x } });
      return { y: out.y!.data as Float32Array, ops };
    };
    const int8 = await run(form);
    assert.ok(int8.ops.includes(form === "fused" ? "DynamicQuantizeMatMul" : "MatMulInteger"), int8.ops.join());
    const ref = reference(x, rows, inF, w, outF, bias);
    assertClose(int8.y, ref, 1e-5, `${form} vs reference`);
    // Against the fp32 layer the difference is the quantization error: not zero, and bounded.
    const fp32 = await run(undefined);
    const diff = assertClose(int8.y, fp32.y, 0.05, `${form} vs fp32`);
    assert.ok(diff > 1e-4, `int8 equals fp32 (${diff}): was the layer quantized at all?`);
  });
}

test("quantizePerChannel: scale = max|w| / 63 per row (7 bits), round half away from zero, zero rows get scale 1", () => {
  const w = Float32Array.from([0.5, -0.63, 0.3, 0, 0, 0, 1.26, 0.64, -0.01]);
  const q = quantizePerChannel(w, 3, 3);
  assert.deepEqual([...q.scales], [Math.fround(0.63 / 63), 1, Math.fround(1.26 / 63)]);
  assert.deepEqual([...q.values], [50, -63, 30, 0, 0, 0, 63, 32, -1]);
  const back = dequantizePerChannel(q, 3);
  for (let i = 0; i < w.length; i++) assert.ok(Math.abs(back[i]! - w[i]!) <= q.scales[Math.floor(i / 3)]! / 2 + 1e-7);
});
