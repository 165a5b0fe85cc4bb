// torch's legacy (pre-1.6, non-zip) torch.save format: fixtures written by scripts/fixtures/make_huang_fixtures.py
// (torch 1.13 with _use_new_zipfile_serialization=False) and by hand for the malformed cases.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { PytorchBinFile } from "../../src/checkpoint/PytorchBinFile.ts";
import { assertValues, f32Bytes, fixture, PickleBuilder, rejectsWith, stateDictPickle } from "./support.ts";

type Described = Record<string, { dtype: string; shape: number[]; values: number[] }>;
const expected = JSON.parse(readFileSync(fixture("legacy_state_dict.json"), "utf8")) as Described;

test("a legacy torch.save file reads to torch's values: dtypes, a transposed view, an offset slice, one shared storage", async () => {
  const f = await PytorchBinFile.open(fixture("legacy_state_dict.bin"));
  try {
    assert.deepEqual([...f.tensors.keys()], Object.keys(expected));
    for (const [name, want] of Object.entries(expected)) {
      const t = f.tensors.get(name)!;
      assert.equal(t.dtype, want.dtype, name);
      assert.deepEqual(t.shape, want.shape, name);
      if (want.dtype === "I64") {
        await rejectsWith(() => t.read(), /tensor "ints" has dtype I64/);
        continue;
      }
      assertValues((await t.read()).data, want, name);
    }
  } finally {
    await f.close();
  }
});

test("the older legacy fixture (one 2×2 tensor of ones) loads too", async () => {
  const f = await PytorchBinFile.open(fixture("legacy.bin"));
  assert.deepEqual([...(await f.tensors.get("w")!.read()).data], [1, 1, 1, 1]);
  await f.close();
});

/** Bytes of a legacy file: the three header pickles, `main`, the key list, then each storage (int64 count + data). */
function legacyFile(main: Uint8Array, storages: Array<[string, number, Uint8Array]>, magicByte = 0x6c): Uint8Array {
  const magic = [magicByte, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19];
  const header = new PickleBuilder().proto().raw(0x8a, 10, ...magic, 0x2e);
  header.proto().raw(0x4d, 0xe9, 0x03, 0x2e); // 1001
  header.proto().raw(0x7d).str("little_endian").raw(0x88, 0x73, 0x2e); // {"little_endian": True}
  const keys = new PickleBuilder().proto().raw(0x5d, 0x28);
  for (const [k] of storages) keys.str(k);
  keys.raw(0x65, 0x2e);
  const parts: Uint8Array[] = [header.bytes(), main, keys.bytes()];
  for (const [, numel, data] of storages) {
    const n = Buffer.alloc(8);
    n.writeBigInt64LE(BigInt(numel));
    parts.push(n, data);
  }
  return new Uint8Array(Buffer.concat(parts));
}

/** A state dict pickle whose tensor uses the legacy 6-item storage record (view_metadata None). */
function legacyStateDict(key: string, numel: number, size: number[]): Uint8Array {
  const p = new PickleBuilder().proto().ordereddict().mark().str("w");
  p.global("torch._utils", "_rebuild_tensor_v2").mark();
  p.mark().str("storage").global("torch", "FloatStorage").str(key).str("cpu").int(numel).raw(0x4e).tuple().raw(0x51);
  p.int(0).mark();
  for (const s of size) p.int(s);
  p.tuple().mark();
  let stride = 1;
  const strides = size.map(() => 0);
  for (let d = size.length - 1; d >= 0; d--) {
    strides[d] = stride;
    stride *= size[d]!;
  }
  for (const s of strides) p.int(s);
  p.tuple().raw(0x89).ordereddict().tuple().reduce();
  return p.raw(0x75, 0x2e).bytes();
}

test("a hand-built legacy file reads; malformed ones are refused with the problem named", async () => {
  const ok = legacyFile(legacyStateDict("k1", 3, [3]), [["k1", 3, f32Bytes([1.5, -2, 4])]]);
  const f = await PytorchBinFile.open(ok, "hand.bin");
  assert.deepEqual([...(await f.tensors.get("w")!.read()).data], [1.5, -2, 4]);
  await f.close();

  await rejectsWith(
    () => PytorchBinFile.open(legacyFile(legacyStateDict("k1", 3, [3]), [["k1", 3, f32Bytes([1, 2, 3])]], 0x6d)),
    /not a torch\.save checkpoint \(no zip signature, and not torch's legacy format\)/,
  );
  await rejectsWith(
    () => PytorchBinFile.open(legacyFile(legacyStateDict("k1", 3, [3]), [["k1", 4, f32Bytes([1, 2, 3, 4])]])),
    /storage "k1" records 4 elements; the tensors declare 3/,
  );
  await rejectsWith(
    () => PytorchBinFile.open(legacyFile(legacyStateDict("k1", 3, [3]), [["k1", 3, f32Bytes([1, 2])]])),
    /file is truncated: storage "k1" ends at byte \d+ but the file has \d+ bytes/,
  );
  await rejectsWith(
    () => PytorchBinFile.open(legacyFile(legacyStateDict("k1", 3, [3]), [])),
    /storage "k1" has no data in the file/,
  );
  const whole = legacyFile(legacyStateDict("k1", 3, [3]), [["k1", 3, f32Bytes([1, 2, 3])]]);
  await rejectsWith(() => PytorchBinFile.open(whole.subarray(0, 60)), /refusing pickle data at byte \d+/);
  const hostile = new PickleBuilder().proto().global("posix", "system").str("echo pwned").raw(0x85).reduce();
  await rejectsWith(
    () => PytorchBinFile.open(legacyFile(hostile.raw(0x2e).bytes(), [])),
    /refusing to load global posix\.system/,
  );
  // A zip-format state dict pickle with the five-item record is still read through the zip path; here the
  // legacy path gets a plain (non-legacy) pickle whose storage list is missing.
  await rejectsWith(
    () => PytorchBinFile.open(legacyFile(stateDictPickle([]), [["k9", 1, f32Bytes([1])]])),
    /the legacy storage list names "k9", which no tensor uses/,
  );
});
