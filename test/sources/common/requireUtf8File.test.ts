import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { gzipSync } from "node:zlib";
import { completePrefix, requireUtf8File } from "../../../src/sources/common/requireUtf8File.ts";
import { decodeUtf8 } from "../../../src/util/strictUtf8.ts";

const dir = mkdtempSync(join(tmpdir(), "prognos-utf8-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Seeded bytes: mostly valid UTF-8 of 1–4 bytes, sometimes a broken sequence. */
function sample(seed: number, n: number, broken: boolean): Buffer {
  let s = seed;
  const rand = () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 2 ** 32;
  };
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = rand();
    parts.push(r < 0.7 ? "a\n"[Math.floor(rand() * 2)]! : r < 0.8 ? "é" : r < 0.9 ? "€" : "𝔘");
  }
  const bytes = Buffer.from(parts.join(""), "utf8");
  if (broken) bytes[Math.floor(rand() * bytes.length)] = [0x80, 0xc3, 0xe2, 0xf0, 0xff][Math.floor(rand() * 5)]!;
  return bytes;
}

test("the fast UTF-8 check agrees with the strict decoder across 1 MiB chunk boundaries, plain and gzipped", async () => {
  for (let seed = 1; seed <= 12; seed++) {
    // > 1 MiB, so that sequences are cut at the stream's chunk boundaries
    const bytes = sample(seed, 700_000, seed % 3 === 0);
    let expected: string | null = null;
    try {
      decodeUtf8(bytes, "NOTEEVENTS.csv", "CSV file");
    } catch (e) {
      expected = (e as Error).message;
    }
    for (const [name, data] of [
      ["NOTEEVENTS.csv", bytes],
      ["NOTEEVENTS.csv.gz", gzipSync(bytes)],
    ] as const) {
      const path = join(dir, name);
      writeFileSync(path, data);
      const got = await requireUtf8File(path, "NOTEEVENTS.csv").then(
        () => null,
        (e: Error) => e.message,
      );
      assert.equal(got === null, expected === null, `seed ${seed} ${name}`);
      // the message itself comes from the strict chunk decoder, as before the fast check existed
      if (got !== null) assert.match(got, /NOTEEVENTS\.csv: CSV file is not valid UTF-8 \(line \d+, byte offset \d+/);
    }
  }
});

test("completePrefix holds back only a multi-byte sequence the end cuts short", () => {
  const euro = Buffer.from("€", "utf8"); // e2 82 ac
  const astral = Buffer.from("𝔘", "utf8"); // f0 9d 94 98
  assert.equal(completePrefix(Buffer.from("ab")), 2);
  assert.equal(completePrefix(Buffer.concat([Buffer.from("a"), euro])), 4);
  assert.equal(completePrefix(Buffer.concat([Buffer.from("a"), euro.subarray(0, 2)])), 1);
  assert.equal(completePrefix(Buffer.concat([Buffer.from("a"), astral.subarray(0, 3)])), 1);
  assert.equal(completePrefix(Buffer.concat([Buffer.from("a"), astral])), 5);
  assert.equal(completePrefix(Buffer.from([0x80, 0x80])), 2); // no lead byte: left for isUtf8 to refuse
});
