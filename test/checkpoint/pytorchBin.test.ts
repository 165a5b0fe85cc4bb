import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { test } from "node:test";
import { PytorchBinFile } from "../../src/checkpoint/PytorchBinFile.ts";
import {
  assertValues,
  EXPECTED,
  f32Bytes,
  fixture,
  makeTorchZip,
  makeZip,
  rejectsWith,
  stateDictPickle,
} from "./support.ts";

const expected = EXPECTED["state_dict.bin"] as Record<string, { dtype: string; shape: number[]; values: number[] }>;

for (const name of ["state_dict.bin", "state_dict_deflated.bin", "state_dict_zip64.bin"]) {
  test(`reads ${name} (torch.save) to the values torch holds: dtypes, views, offsets, strides, shared storage`, async () => {
    const f = await PytorchBinFile.open(fixture(name));
    try {
      const names = Object.keys(expected).filter((k) => k !== "_metadata");
      assert.deepEqual([...f.tensors.keys()], names, "state dict order is kept");
      for (const tensor of names) {
        const want = expected[tensor]!;
        const stored = f.tensors.get(tensor)!;
        assert.equal(stored.dtype, want.dtype, tensor);
        assert.deepEqual(stored.shape, want.shape, tensor);
        if (want.dtype === "I64") {
          await rejectsWith(() => stored.read(), new RegExp(`${name}: tensor "ints" has dtype I64`));
          continue;
        }
        const w = await stored.read();
        assert.deepEqual(w.shape, want.shape);
        assertValues(w.data, want, `${name}:${tensor}`);
      }
    } finally {
      await f.close();
    }
  });
}

test("tensors that share a storage get their own memory", async () => {
  const f = await PytorchBinFile.open(fixture("state_dict.bin"));
  const base = await f.tensors.get("base")!.read();
  const transposed = await f.tensors.get("transposed")!.read();
  const slice = await f.tensors.get("slice")!.read();
  const strided = await f.tensors.get("strided")!.read();
  await f.close();
  assert.notEqual(base.data.buffer, transposed.data.buffer);
  assert.notEqual(slice.data.buffer, strided.data.buffer);
  const before = transposed.data[1];
  base.data[1] = 12345;
  assert.equal(transposed.data[1], before);
});

// Legacy (pre-1.6, non-zip) files: legacyTorchSave.test.ts.

test("a pickle asking for os.system is refused and nothing is executed", async () => {
  assert.ok(readFileSync(fixture("hostile_os_system.bin")).includes("system"));
  await rejectsWith(
    () => PytorchBinFile.open(fixture("hostile_os_system.bin")),
    /hostile_os_system\.bin: refusing to load global posix\.system/,
    /Nothing was executed/,
  );
  assert.equal(existsSync("/tmp/prognos-pwned"), false);
});

test("a safetensors file named pytorch_model.bin, and other non-zip files, get a clear error", async () => {
  await rejectsWith(
    () => PytorchBinFile.open(readFileSync(fixture("mixed.safetensors"))),
    /looks like a safetensors file/,
  );
  await rejectsWith(
    () => PytorchBinFile.open(Buffer.from("hello world, not a zip")),
    /not a torch\.save checkpoint \(no zip signature\)/,
  );
  await rejectsWith(() => PytorchBinFile.open(new Uint8Array(0)), /pytorch_model\.bin: the file is empty/);
  await rejectsWith(() => PytorchBinFile.open(fixture("missing.bin")), /missing\.bin: file not found/);
});

const floatTensor =
  (key: string, numel: number, offset: number, size: number[], stride: number[]) =>
  (p: import("./support.ts").PickleBuilder) =>
    p.tensor(key, "FloatStorage", numel, offset, size, stride);

test("big-endian archives (byteorder record) are byte-swapped", async () => {
  const pkl = stateDictPickle([["w", floatTensor("0", 3, 0, [3], [1])]]);
  const f = await PytorchBinFile.open(makeTorchZip(pkl, { "0": f32Bytes([1.5, -2, 3.25], false) }, "big"));
  assert.deepEqual([...(await f.tensors.get("w")!.read()).data], [1.5, -2, 3.25]);
  await rejectsWith(
    () => PytorchBinFile.open(makeTorchZip(pkl, { "0": f32Bytes([1, 2, 3]) }, "middle")),
    /unknown byteorder record "middle"/,
  );
});

test("malformed archives: every problem named", async () => {
  const ok = stateDictPickle([["w", floatTensor("0", 4, 0, [2, 2], [2, 1])]]);
  const storage = { "0": f32Bytes([1, 2, 3, 4]) };
  const cases: Array<[string, Uint8Array, RegExp]> = [
    [
      "view past the storage",
      makeTorchZip(stateDictPickle([["w", floatTensor("0", 4, 1, [2, 2], [2, 1])]]), storage),
      /reaches element 4 of storage "0" with 4/,
    ],
    [
      "huge view",
      makeTorchZip(stateDictPickle([["w", floatTensor("0", 4, 0, [100000, 100000], [100000, 1])]]), storage),
      /tensor view .* reaches element/,
    ],
    ["storage record missing", makeTorchZip(ok, {}), /storage record "archive\/data\/0" is missing from the archive/],
    [
      "storage of the wrong size",
      makeTorchZip(ok, { "0": f32Bytes([1, 2, 3]) }),
      /storage record "archive\/data\/0" has 12 bytes; 4 F32 elements need 16/,
    ],
    ["no data.pkl", makeZip([["archive/version", Buffer.from("3")]]), /zip archive without <name>\/data\.pkl/],
    [
      "two data.pkl",
      makeZip([
        ["a/data.pkl", ok],
        ["b/data.pkl", ok],
      ]),
      /2 data\.pkl records/,
    ],
    [
      "not a dict",
      makeTorchZip(Uint8Array.from([0x80, 2, 0x5d, 0x2e]), {}),
      /the pickle holds a list, not a state dict/,
    ],
    [
      "non-tensor value",
      makeTorchZip(stateDictPickle([["step", (p) => p.int(3)]]), {}),
      /state dict entry "step" holds number, not a tensor/,
    ],
    [
      "storage of an unknown type",
      makeTorchZip(stateDictPickle([["w", (p) => p.tensor("0", "ComplexFloatStorage", 1, 0, [1], [1])]]), {}),
      /refusing to load global torch\.ComplexFloatStorage/,
    ],
  ];
  for (const [what, bytes, pattern] of cases) {
    await rejectsWith(
      async () => {
        const f = await PytorchBinFile.open(bytes, "crafted.bin");
        for (const t of f.tensors.values()) await t.read();
      },
      /^crafted\.bin/,
      pattern,
    ).catch((e) => assert.fail(`${what}: ${e.message}`));
  }
});

test("the CRC of every record is checked", async () => {
  const bytes = new Uint8Array(readFileSync(fixture("state_dict.bin")));
  // Flip one byte inside the first storage record's data (stored uncompressed): the pickle still parses.
  const name = Buffer.from("state_dict/data/0");
  const at = Buffer.from(bytes).indexOf(name) + name.length;
  const dataStart = at + new DataView(bytes.buffer).getUint16(at - name.length - 2, true);
  bytes[dataStart + 1]! ^= 0x10;
  const f = await PytorchBinFile.open(bytes, "flipped.bin");
  const reads = [...f.tensors.values()].map((t) =>
    t.read().then(
      () => "ok",
      (e: Error) => e.message,
    ),
  );
  assert.ok((await Promise.all(reads)).some((m) => /CRC-32 mismatch/.test(m)));
});
