/**
 * The fuzz tests' one mutator (docs/faults.md): seeded damage to the bytes of a real file, of the kinds real files
 * suffer or hostile ones carry: bit flips, truncation, inserted quotes, commas, newlines (\n, \r\n, lone \r), NULs,
 * invalid UTF-8 (a lone continuation byte, a cut multi-byte sequence, an overlong encoding), deleted and
 * duplicated spans. Each case applies 1–4 of them; the same seed gives the same bytes.
 */
import { SeededRandom } from "../../src/util/SeededRandom.ts";

const INSERTS: readonly (readonly number[])[] = [
  [0x22], // "
  [0x2c], // ,
  [0x0a], // \n
  [0x0d, 0x0a], // \r\n
  [0x0d], // lone \r
  [0x00], // NUL
  [0x22, 0x22], // ""
  [0x2c, 0x22, 0x0a], // ,"\n
  [0x80], // lone continuation byte
  [0xc3], // a two-byte sequence cut short
  [0xe2, 0x82], // a three-byte sequence cut short
  [0xc0, 0xaf], // overlong "/"
  [0xff, 0xfe], // never valid in UTF-8
  [0xef, 0xbb, 0xbf], // a byte order mark in the middle
  [0x7b], // {
  [0x7d], // }
  [0x5c], // backslash
];

export const MUTATIONS = ["flip", "truncate", "insert", "delete", "duplicate", "replace"] as const;

/** One mutated copy of `bytes`: `random` is advanced, so successive calls give successive cases. */
export function mutate(bytes: Uint8Array, random: SeededRandom): Uint8Array {
  let b: number[] = Array.from(bytes);
  const n = random.int(1, 5);
  for (let k = 0; k < n; k++) {
    const at = random.int(0, b.length + 1);
    switch (MUTATIONS[random.int(0, MUTATIONS.length)]) {
      case "flip":
        if (at < b.length) b[at] = b[at]! ^ (1 << random.int(0, 8));
        break;
      case "truncate":
        b = b.slice(0, at);
        break;
      case "insert":
        b.splice(at, 0, ...INSERTS[random.int(0, INSERTS.length)]!);
        break;
      case "delete":
        b.splice(at, random.int(1, 17));
        break;
      case "duplicate":
        b.splice(at, 0, ...b.slice(at, at + random.int(1, 65)));
        break;
      case "replace":
        if (at < b.length) b[at] = INSERTS[random.int(0, INSERTS.length)]![0]!;
        break;
    }
  }
  return Uint8Array.from(b);
}

/** `count` mutated copies of `bytes` from `seed`. */
export function* mutations(bytes: Uint8Array, seed: number | string, count: number): Generator<Uint8Array> {
  const random = SeededRandom.from(seed, "mutate");
  for (let i = 0; i < count; i++) yield mutate(bytes, random);
}

/**
 * How many cases a fuzz test runs: `base` in the suite, times PROGNOS_FUZZ_SCALE in a long run
 * (`npm run fuzz -- --iterations N` sets it, docs/faults.md).
 */
export function fuzzCount(base: number): number {
  const scale = Number(process.env.PROGNOS_FUZZ_SCALE ?? "1");
  return Math.max(1, Math.round(base * (Number.isFinite(scale) && scale > 0 ? scale : 1)));
}
