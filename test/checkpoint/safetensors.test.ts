import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { decodeToFloat32, float32ToFloat16Bits } from "../../src/checkpoint/DType.ts";
import { SafetensorsFile } from "../../src/checkpoint/SafetensorsFile.ts";
import type { WeightTensor } from "../../src/checkpoint/WeightTensor.ts";
import { serializeSafetensors, writeSafetensors } from "../../src/checkpoint/writeSafetensors.ts";
import { assertValues, EXPECTED, fixture, rejectsWith, seededRandom } from "./support.ts";

for (const name of ["mixed.safetensors", "f16.safetensors", "bf16.safetensors"]) {
  test(`reads ${name} (written by the safetensors package) to the values torch holds`, async () => {
    const f = await SafetensorsFile.open(fixture(name));
    try {
      const expected = EXPECTED[name] as Record<string, { dtype: string; shape: number[]; values: number[] }>;
      assert.deepEqual([...f.tensors.keys()].sort(), Object.keys(expected).sort());
      for (const [tensor, want] of Object.entries(expected)) {
        const stored = f.tensors.get(tensor)!;
        assert.equal(stored.dtype, want.dtype, tensor);
        assert.deepEqual(stored.shape, want.shape, tensor);
        if (want.dtype === "I64") {
          await rejectsWith(() => stored.read(), /tensor "e_i64" has dtype I64; weights must be F32, F16, BF16 or F64/);
          continue;
        }
        const w = await stored.read();
        assert.deepEqual(w.shape, want.shape);
        assertValues(w.data, want, `${name}:${tensor}`);
      }
      if (name === "mixed.safetensors") assert.deepEqual(f.metadata, { format: "pt" });
    } finally {
      await f.close();
    }
  });
}

function randomTensors(seed: number): Map<string, WeightTensor> {
  const rnd = seededRandom(seed);
  const m = new Map<string, WeightTensor>();
  const shapes: number[][] = [[3, 5], [7], [], [0, 4], [2, 3, 4], [1]];
  shapes.forEach((shape, i) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(n).map(() => (rnd() - 0.5) * 10 ** Math.floor(rnd() * 8 - 4));
    m.set(`t${i}.weight`, { shape, data });
  });
  m.get("t1.weight")!.data.set([0, -0, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 65504, 1e-8, 3e38]);
  return m;
}

test("serialization round trip: F32 safetensors written from TS read back identical", async () => {
  const tensors = randomTensors(1);
  const bytes = serializeSafetensors(tensors, { metadata: { format: "pt", note: "round trip" } });
  const headerLen = Number(new DataView(bytes.buffer).getBigUint64(0, true));
  assert.equal((8 + headerLen) % 8, 0, "data section is 8-byte aligned");
  const header = Buffer.from(bytes.subarray(8, 8 + headerLen)).toString("utf8");
  assert.match(header, /^\{"__metadata__":\{"format":"pt","note":"round trip"\},"t0\.weight":/);
  assert.match(header, / *$/);
  const f = await SafetensorsFile.open(bytes);
  assert.deepEqual(f.metadata, { format: "pt", note: "round trip" });
  for (const [name, t] of tensors) {
    const back = await f.tensors.get(name)!.read();
    assert.deepEqual(back.shape, t.shape);
    assert.deepEqual(back.data, t.data, name);
  }
});

test("serialization round trip: F16 output equals the float16 rounding of each value", async () => {
  const tensors = randomTensors(2);
  const f = await SafetensorsFile.open(serializeSafetensors(tensors, { dtype: "F16" }));
  for (const [name, t] of tensors) {
    assert.equal(f.tensors.get(name)!.dtype, "F16");
    const back = await f.tensors.get(name)!.read();
    const bits = new Uint16Array(t.data.length).map((_, i) => float32ToFloat16Bits(t.data[i]!));
    assert.deepEqual(back.data, decodeToFloat32(new Uint8Array(bits.buffer), "F16"), name);
  }
});

test("writeSafetensors writes a file that reads back identical, byte-equal to serializeSafetensors", async () => {
  const dir = await mkdtemp(join(tmpdir(), "prognos-st-"));
  try {
    const tensors = randomTensors(3);
    const path = join(dir, "model.safetensors");
    await writeSafetensors(path, tensors, { metadata: { format: "pt" } });
    assert.deepEqual(
      new Uint8Array(await readFile(path)),
      serializeSafetensors(tensors, { metadata: { format: "pt" } }),
    );
    const f = await SafetensorsFile.open(path);
    for (const [name, t] of tensors) assert.deepEqual((await f.tensors.get(name)!.read()).data, t.data);
    await f.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("float16 conversion: every one of the 65,536 bit patterns survives decode → encode", () => {
  const all = new Uint16Array(65536).map((_, i) => i);
  const f = decodeToFloat32(new Uint8Array(all.buffer), "F16");
  for (let h = 0; h < 65536; h++) {
    const back = float32ToFloat16Bits(f[h]!);
    if (Number.isNaN(f[h])) assert.equal(back & 0x7c00, 0x7c00);
    else assert.equal(back, h, `pattern 0x${h.toString(16)}`);
  }
  // Rounding: halfway cases go to even; overflow goes to infinity; tiny values to signed zero.
  assert.equal(float32ToFloat16Bits(1 + 2 ** -11), 0x3c00);
  assert.equal(float32ToFloat16Bits(1 + 3 * 2 ** -11), 0x3c02);
  assert.equal(float32ToFloat16Bits(65520), 0x7c00);
  assert.equal(float32ToFloat16Bits(-1e-10), 0x8000);
});

test("the writer refuses inconsistent tensors", async () => {
  await rejectsWith(
    async () => serializeSafetensors([["w", { shape: [2, 2], data: new Float32Array(3) }]]),
    /tensor "w" has shape \[2, 2\] \(4 values\) but 3 values/,
  );
  await rejectsWith(
    async () => serializeSafetensors([["__metadata__", { shape: [1], data: new Float32Array(1) }]]),
    /cannot write a tensor named "__metadata__"/,
  );
});
