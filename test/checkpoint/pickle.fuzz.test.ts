// Corrupt pickles and torch.save archives: every case must end in a PrognosError (or, where the mutation
// happens to leave valid data, a clean read) — never a hang, a crash, a RangeError or a huge allocation.
// Seeds are fixed: a failure names its seed and reproduces.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { ByteSource } from "../../src/checkpoint/ByteSource.ts";
import { PytorchBinFile } from "../../src/checkpoint/PytorchBinFile.ts";
import { torchPickleHooks } from "../../src/checkpoint/torchPickleHooks.ts";
import { unpickle } from "../../src/checkpoint/Unpickler.ts";
import { ZipArchive } from "../../src/checkpoint/ZipArchive.ts";
import { fixture, okOrPrognosError, rejectsWith, seededRandom } from "./support.ts";

const BIN = new Uint8Array(readFileSync(fixture("state_dict.bin")));

async function dataPkl(): Promise<Uint8Array> {
  const zip = await ZipArchive.open(ByteSource.fromBytes(BIN, "state_dict.bin"));
  return zip.read(zip.entries.get("state_dict/data.pkl")!);
}

const unpickleAsync = async (bytes: Uint8Array) => unpickle(bytes, "fuzz.pkl", torchPickleHooks("fuzz.bin"));

async function readAll(bytes: Uint8Array): Promise<void> {
  const f = await PytorchBinFile.open(bytes, "fuzz.bin");
  for (const t of f.tensors.values()) {
    await t.read().catch((e: Error) => (/has dtype/.test(e.message) ? undefined : Promise.reject(e)));
  }
}

function mutate(bytes: Uint8Array, rnd: () => number, from = 0, to = bytes.length): Uint8Array {
  const out = bytes.slice();
  const n = 1 + Math.floor(rnd() * 4);
  for (let k = 0; k < n; k++) {
    const at = from + Math.floor(rnd() * (to - from));
    out[at] = rnd() < 0.5 ? out[at]! ^ (1 << Math.floor(rnd() * 8)) : Math.floor(rnd() * 256);
  }
  return out;
}

async function fuzz(
  what: string,
  runs: number,
  seed0: number,
  make: (rnd: () => number) => Uint8Array,
  run: (b: Uint8Array) => Promise<unknown>,
) {
  let errors = 0;
  for (let seed = seed0; seed < seed0 + runs; seed++) {
    const bytes = make(seededRandom(seed));
    const started = performance.now();
    if ((await okOrPrognosError(() => run(bytes), `${what}, seed ${seed}`)) === "error") errors++;
    assert.ok(performance.now() - started < 1000, `${what}, seed ${seed}: took too long`);
  }
  if (process.env.FUZZ_VERBOSE) console.log(`${what}: ${errors} of ${runs} refused`);
  return errors;
}

test("pickle truncated at every offset → an error", async () => {
  const pkl = await dataPkl();
  for (let n = 0; n < pkl.length; n++) await rejectsWith(() => unpickleAsync(pkl.subarray(0, n)), /fuzz/);
});

test("fuzz: 5,000 byte mutations of a torch data.pkl", async () => {
  const pkl = await dataPkl();
  const errors = await fuzz("data.pkl", 5000, 1, (rnd) => mutate(pkl, rnd), unpickleAsync);
  assert.ok(errors > 2000, `${errors} of 5000 mutated pickles refused`);
});

test("fuzz: 3,000 random opcode streams", async () => {
  // Allowed opcodes followed by random argument bytes: exercises every handler with garbage.
  const ops = [
    0x80, 0x95, 0x2e, 0x28, 0x7d, 0x5d, 0x29, 0x74, 0x85, 0x86, 0x87, 0x61, 0x65, 0x73, 0x75, 0x58, 0x8c, 0x4a, 0x4b,
    0x4d, 0x8a, 0x47, 0x4e, 0x88, 0x89, 0x71, 0x72, 0x94, 0x68, 0x6a, 0x63, 0x93, 0x52, 0x62, 0x51,
  ];
  await fuzz(
    "opcode stream",
    3000,
    10_000,
    (rnd) => {
      const out: number[] = [0x80, 2];
      const len = 1 + Math.floor(rnd() * 60);
      for (let i = 0; i < len; i++) {
        out.push(ops[Math.floor(rnd() * ops.length)]!);
        const args = Math.floor(rnd() * 3);
        for (let k = 0; k < args; k++) out.push(Math.floor(rnd() * 256));
      }
      out.push(0x2e);
      return Uint8Array.from(out);
    },
    unpickleAsync,
  );
});

test("torch.save archive truncated at every 7th offset → an error", async () => {
  for (let n = 0; n < BIN.length; n += 7) await rejectsWith(() => readAll(BIN.subarray(0, n)), /fuzz\.bin/);
});

test("fuzz: 2,000 mutations anywhere in a torch.save archive (zip structures, pickle, storages)", async () => {
  const errors = await fuzz("state_dict.bin", 2000, 20_000, (rnd) => mutate(BIN, rnd), readAll);
  assert.ok(errors > 1000, `${errors} of 2000 mutated archives refused`);
});

test("fuzz: zip64 and deflated archives, mutations in their directories and compressed data", async () => {
  const zip64 = new Uint8Array(readFileSync(fixture("state_dict_zip64.bin")));
  const deflated = new Uint8Array(readFileSync(fixture("state_dict_deflated.bin")));
  const e1 = await fuzz("zip64 tail", 1000, 30_000, (rnd) => mutate(zip64, rnd, zip64.length - 1200), readAll);
  const e2 = await fuzz("deflated", 1000, 40_000, (rnd) => mutate(deflated, rnd), readAll);
  assert.ok(e1 > 500 && e2 > 500, `refused: zip64 ${e1}/1000, deflated ${e2}/1000`);
});

test("zip records that claim impossible sizes are refused before allocating", async () => {
  // Central directory entry count and a deflate size claim far beyond what the file could hold.
  const bytes = BIN.slice();
  const dv = new DataView(bytes.buffer);
  const eocd = bytes.length - 22;
  dv.setUint16(eocd + 10, 60000, true);
  await rejectsWith(() => readAll(bytes), /60000 entries cannot fit in a \d+-byte central directory/);
  const deflated = new Uint8Array(readFileSync(fixture("state_dict_deflated.bin")));
  const cdOffset = new DataView(deflated.buffer).getUint32(deflated.length - 22 + 16, true);
  new DataView(deflated.buffer).setUint32(cdOffset + 24, 0xfffffff0, true);
  await rejectsWith(() => readAll(deflated), /claims 4294967280 bytes from \d+ compressed bytes/);
});
