// Hostile and corrupt safetensors files: every case must end in a PrognosError naming the file (or, for
// mutations that happen to leave a valid file, read cleanly) — never a hang, a crash, a RangeError or an
// allocation the file's size does not justify.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { SafetensorsFile } from "../../src/checkpoint/SafetensorsFile.ts";
import { MAX_SAFETENSORS_HEADER_BYTES } from "../../src/checkpoint/SafetensorsHeader.ts";
import { fixture, okOrPrognosError, rejectsWith, seededRandom } from "./support.ts";

const ORIGINAL = new Uint8Array(readFileSync(fixture("mixed.safetensors")));

/** A file from a header (JSON text or raw bytes) and a data section. */
function file(header: string | Uint8Array, data: Uint8Array | number = 0, declaredLength?: bigint): Uint8Array {
  const h = typeof header === "string" ? Buffer.from(header, "utf8") : header;
  const d = typeof data === "number" ? new Uint8Array(data) : data;
  const out = new Uint8Array(8 + h.length + d.length);
  new DataView(out.buffer).setBigUint64(0, declaredLength ?? BigInt(h.length), true);
  out.set(h, 8);
  out.set(d, 8 + h.length);
  return out;
}

async function readAll(bytes: Uint8Array): Promise<void> {
  const f = await SafetensorsFile.open(bytes, "fuzz.safetensors");
  for (const t of f.tensors.values())
    await t.read().catch((e) => (/has dtype/.test(e.message) ? undefined : Promise.reject(e)));
}

const t = (dtype: string, shape: unknown, offsets: unknown) => ({ dtype, shape, data_offsets: offsets });

const CASES: Array<[string, Uint8Array, RegExp]> = [
  ["empty file", new Uint8Array(0), /too short for the 8-byte header length/],
  ["7 bytes", new Uint8Array(7), /too short/],
  [
    "huge header length (2^63)",
    file("{}", 0, 1n << 63n),
    /header length \d+ is larger than the maximum 100000000 bytes/,
  ],
  [
    "header length past the maximum",
    file("{}", 0, BigInt(MAX_SAFETENSORS_HEADER_BYTES + 1)),
    /larger than the maximum/,
  ],
  [
    "header length past the end of the file",
    file("{}", 0, 1000n),
    /header length 1000 runs past the end of the 10-byte file/,
  ],
  ["header length 0", file("", 0), /too small for a JSON object/],
  ["non-UTF-8 header", file(Uint8Array.from([0x7b, 0xff, 0xfe, 0x7d])), /not valid UTF-8/],
  ["header not starting with {", file(' {"a":1}'), /does not start with '\{'/],
  ["header is an array", file("[1, 2]"), /does not start with/],
  ["malformed JSON", file('{"a": {"dtype": "F32",}}'), /malformed JSON at line 1, column 23: expected a string key/],
  [
    "duplicate names",
    file(`{"w":${JSON.stringify(t("F32", [1], [0, 4]))},"w":${JSON.stringify(t("F32", [1], [4, 8]))}}`, 8),
    /duplicate key "w"/,
  ],
  ["unknown dtype", file(JSON.stringify({ w: t("F33", [1], [0, 4]) }), 4), /unknown dtype "F33"/],
  [
    "negative dim",
    file(JSON.stringify({ w: t("F32", [-1], [0, 4]) }), 4),
    /shape \[-1\]; expected an array of non-negative integers/,
  ],
  ["fractional dim", file(JSON.stringify({ w: t("F32", [1.5], [0, 4]) }), 4), /shape \[1.5\]/],
  ["shape not an array", file(JSON.stringify({ w: t("F32", "1", [0, 4]) }), 4), /shape "1"/],
  [
    "overflowing shape",
    file(JSON.stringify({ w: t("F32", [2 ** 30, 2 ** 30, 2 ** 30], [0, 4]) }), 4),
    /impossibly large shape/,
  ],
  [
    "offsets out of bounds",
    file(JSON.stringify({ w: t("F32", [4], [0, 16]) }), 8),
    /past the end of the 8-byte data section/,
  ],
  ["begin after end", file(JSON.stringify({ w: t("F32", [0], [8, 4]) }), 8), /begin after end/],
  [
    "wrong dtype size",
    file(JSON.stringify({ w: t("F16", [4], [0, 16]) }), 16),
    /should take 8 bytes but data_offsets \[0, 16\] span 16/,
  ],
  [
    "overlapping tensors",
    file(JSON.stringify({ a: t("F32", [2], [0, 8]), b: t("F32", [2], [4, 12]) }), 12),
    /overlaps another tensor/,
  ],
  ["identical ranges", file(JSON.stringify({ a: t("F32", [2], [0, 8]), b: t("F32", [2], [0, 8]) }), 8), /overlaps/],
  [
    "gap between tensors",
    file(JSON.stringify({ a: t("F32", [1], [0, 4]), b: t("F32", [1], [8, 12]) }), 12),
    /gap in the data section/,
  ],
  [
    "trailing bytes",
    file(JSON.stringify({ a: t("F32", [1], [0, 4]) }), 8),
    /cover 4 bytes of data but the data section has 8/,
  ],
  ["offsets not a pair", file(JSON.stringify({ a: t("F32", [1], [0]) }), 4), /expected \[begin, end\]/],
  ["negative offset", file(JSON.stringify({ a: t("F32", [1], [-4, 0]) }), 4), /expected \[begin, end\]/],
  ["unknown field", file(JSON.stringify({ a: { ...t("F32", [1], [0, 4]), extra: 1 } }), 4), /unknown field\(s\) extra/],
  ["tensor info not an object", file(JSON.stringify({ a: [1, 2] }), 0), /tensor "a" is not an object/],
  ["metadata not string map", file(JSON.stringify({ __metadata__: { n: 1 } })), /__metadata__\["n"\] must be a string/],
  ["metadata not an object", file(JSON.stringify({ __metadata__: "x" })), /__metadata__ must be an object/],
  [
    "deeply nested header",
    file(`{"__metadata__":${"[".repeat(5000)}${"]".repeat(5000)}}`),
    /nested deeper than 64 levels/,
  ],
];

for (const [name, bytes, pattern] of CASES) {
  test(`hostile safetensors: ${name} → a clear error naming the file`, async () => {
    await rejectsWith(() => readAll(bytes), /^fuzz\.safetensors/, pattern);
  });
}

test("hostile safetensors: a truncation at any offset is an error", async () => {
  for (let n = 0; n < ORIGINAL.length; n++) {
    await rejectsWith(() => readAll(ORIGINAL.subarray(0, n)), /fuzz\.safetensors/);
  }
});

test("fuzz: 3,000 random header mutations (seeded) end in a read or a PrognosError", async () => {
  const headerEnd = 8 + Number(new DataView(ORIGINAL.buffer, ORIGINAL.byteOffset).getBigUint64(0, true));
  let errors = 0;
  for (let seed = 1; seed <= 3000; seed++) {
    const rnd = seededRandom(seed);
    const bytes = ORIGINAL.slice();
    const flips = 1 + Math.floor(rnd() * 4);
    for (let k = 0; k < flips; k++) {
      const at = Math.floor(rnd() * headerEnd);
      bytes[at] = rnd() < 0.5 ? bytes[at]! ^ (1 << Math.floor(rnd() * 8)) : Math.floor(rnd() * 256);
    }
    const started = performance.now();
    if ((await okOrPrognosError(() => readAll(bytes), `seed ${seed}`)) === "error") errors++;
    assert.ok(performance.now() - started < 1000, `seed ${seed} took too long`);
  }
  assert.ok(errors > 2500, `most mutations of the header must be refused (${errors} of 3000)`);
});
