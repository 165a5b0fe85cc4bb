// Shared helpers for the checkpoint tests: fixture paths and expected values, a seeded PRNG for fuzzing, a tiny
// pickle writer and a stored-zip writer to hand-craft hostile or unusual torch.save archives.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { crc32 } from "node:zlib";
import { isPrognosError } from "../../src/util/errors.ts";

export const FIXTURES = join(import.meta.dirname, "..", "fixtures", "checkpoint");
export const fixture = (...parts: string[]) => join(FIXTURES, ...parts);

export interface ExpectedTensor {
  dtype?: string;
  shape: number[];
  values: number[];
}
export interface ExpectedBert {
  weights: Record<string, ExpectedTensor>;
  heads: Record<string, ExpectedTensor>;
  missing: string[];
  parameters: number;
  head_parameters: number;
}
// biome-ignore lint/suspicious/noExplicitAny: JSON written by scripts/fixtures/make_checkpoint_fixtures.py
export const EXPECTED: Record<string, any> = JSON.parse(readFileSync(fixture("expected.json"), "utf8"));

/** Asserts that float32 data equals the expected values exactly (expected.json holds float32 round-trip decimals). */
export function assertValues(actual: Float32Array, expected: ExpectedTensor, what: string): void {
  assert.equal(actual.length, expected.values.length, `${what}: length`);
  for (let i = 0; i < actual.length; i++) {
    const want = Math.fround(expected.values[i]!);
    if (!Object.is(actual[i], want)) assert.fail(`${what}[${i}]: got ${actual[i]}, expected ${want}`);
  }
}

/** mulberry32: a small seeded PRNG so fuzz failures reproduce from the printed seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Runs `fn` and returns "ok" or "error"; anything thrown that is not a PrognosError fails the test. */
export async function okOrPrognosError(fn: () => Promise<unknown>, what: string): Promise<"ok" | "error"> {
  try {
    await fn();
    return "ok";
  } catch (e) {
    if (isPrognosError(e)) return "error";
    assert.fail(`${what}: expected a PrognosError, got ${(e as Error)?.stack ?? String(e)}`);
  }
}

/** Asserts that `fn` rejects with a PrognosError whose message matches every pattern. */
export async function rejectsWith(fn: () => Promise<unknown>, ...patterns: RegExp[]): Promise<string> {
  try {
    await fn();
  } catch (e) {
    if (!isPrognosError(e)) assert.fail(`expected a PrognosError, got ${(e as Error)?.stack ?? String(e)}`);
    for (const p of patterns) assert.match(e.message, p);
    return e.message;
  }
  return assert.fail(`expected a PrognosError matching ${patterns.join(", ")}, but nothing was thrown`);
}

/** Builds pickle bytes opcode by opcode (protocol 2, as torch.save writes). */
export class PickleBuilder {
  private parts: number[] = [];
  raw(...bytes: number[]): this {
    this.parts.push(...bytes);
    return this;
  }
  proto(v = 2): this {
    return this.raw(0x80, v);
  }
  global(module: string, name: string): this {
    return this.raw(0x63, ...Buffer.from(`${module}\n${name}\n`, "latin1"));
  }
  str(s: string): this {
    const b = Buffer.from(s, "utf8");
    return this.raw(0x58, b.length & 0xff, (b.length >> 8) & 0xff, (b.length >> 16) & 0xff, b.length >>> 24, ...b);
  }
  int(n: number): this {
    const b = Buffer.alloc(4);
    b.writeInt32LE(n);
    return this.raw(0x4a, ...b);
  }
  mark(): this {
    return this.raw(0x28);
  }
  tuple(): this {
    return this.raw(0x74);
  }
  emptyTuple(): this {
    return this.raw(0x29);
  }
  reduce(): this {
    return this.raw(0x52);
  }
  ordereddict(): this {
    return this.global("collections", "OrderedDict").emptyTuple().reduce();
  }
  /** A `_rebuild_tensor_v2` call on storage `key` (numel elements of `storageType`). */
  tensor(key: string, storageType: string, numel: number, offset: number, size: number[], stride: number[]): this {
    this.global("torch._utils", "_rebuild_tensor_v2").mark();
    this.mark().str("storage").global("torch", storageType).str(key).str("cpu").int(numel).tuple().raw(0x51);
    this.int(offset).mark();
    for (const s of size) this.int(s);
    this.tuple().mark();
    for (const s of stride) this.int(s);
    this.tuple().raw(0x89).ordereddict().tuple().reduce();
    return this;
  }
  bytes(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

/** A state dict pickle: OrderedDict of `entries` (each adds its value ops), then STOP. */
export function stateDictPickle(entries: Array<[string, (p: PickleBuilder) => void]>): Uint8Array {
  const p = new PickleBuilder().proto().ordereddict().mark();
  for (const [name, value] of entries) {
    p.str(name);
    value(p);
  }
  return p.raw(0x75, 0x2e).bytes();
}

/** A zip archive with stored entries (what torch.save writes, minus the alignment padding). */
export function makeZip(entries: Array<[string, Uint8Array]>): Uint8Array {
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of entries) {
    const n = Buffer.from(name, "utf8");
    const crc = crc32(data) >>> 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(n.length, 26);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt32LE(crc, 16);
    cd.writeUInt32LE(data.length, 20);
    cd.writeUInt32LE(data.length, 24);
    cd.writeUInt16LE(n.length, 28);
    cd.writeUInt32LE(offset, 42);
    chunks.push(local, n, Buffer.from(data));
    central.push(cd, n);
    offset += 30 + n.length + data.length;
  }
  const cdBytes = Buffer.concat(central);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cdBytes.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...chunks, cdBytes, eocd]));
}

/** A torch.save-shaped archive: `archive/data.pkl`, `archive/data/<key>` storages, optional byteorder. */
export function makeTorchZip(pickle: Uint8Array, storages: Record<string, Uint8Array>, byteorder?: string): Uint8Array {
  const entries: Array<[string, Uint8Array]> = [["archive/data.pkl", pickle]];
  if (byteorder !== undefined) entries.push(["archive/byteorder", Buffer.from(byteorder)]);
  for (const [k, v] of Object.entries(storages)) entries.push([`archive/data/${k}`, v]);
  entries.push(["archive/version", Buffer.from("3\n")]);
  return makeZip(entries);
}

export function f32Bytes(values: number[], littleEndian = true): Uint8Array {
  const b = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => (littleEndian ? b.writeFloatLE(v, i * 4) : b.writeFloatBE(v, i * 4)));
  return new Uint8Array(b);
}
