import assert from "node:assert/strict";
import { test } from "node:test";
import { decodeUtf8, Utf8ChunkDecoder } from "../../src/util/strictUtf8.ts";

const bytes = (s: string) => new TextEncoder().encode(s);
const latin1 = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

test("valid UTF-8 decodes, split anywhere across chunks", () => {
  const whole = bytes("id,text\n1,fièvre — 38.5 °C 🫀\n");
  for (let cut = 0; cut <= whole.length; cut++) {
    const d = new Utf8ChunkDecoder("notes.csv");
    const text = d.decode(whole.subarray(0, cut)) + d.decode(whole.subarray(cut)) + d.end();
    assert.equal(text, "id,text\n1,fièvre — 38.5 °C 🫀\n", `cut at ${cut}`);
  }
});

test("a Latin-1 byte is refused with the file, line and offset of the whole file, in any chunk", () => {
  const whole = new Uint8Array([...bytes("id,text\n1,ok\n2,"), ...latin1("fi\xe8vre"), ...bytes("\n")]);
  const at = whole.indexOf(0xe8);
  for (const cut of [1, 5, 14, at, at + 1]) {
    const d = new Utf8ChunkDecoder("notes.csv", "CSV file");
    assert.throws(
      () => {
        d.decode(whole.subarray(0, cut));
        d.decode(whole.subarray(cut));
        d.end();
      },
      (e: Error) => {
        assert.equal(
          e.message,
          `notes.csv: CSV file is not valid UTF-8 (line 3, byte offset ${at}: 0xe8); save it as UTF-8 (a Latin-1 file: iconv -f latin1 -t utf-8)`,
        );
        return true;
      },
      `cut at ${cut}`,
    );
  }
});

test("a file ending inside a character is refused", () => {
  const d = new Utf8ChunkDecoder("x.csv");
  d.decode(bytes("a\nb").subarray(0, 3));
  d.decode(new Uint8Array([0xe2, 0x80]));
  assert.throws(() => d.end(), /line 2, byte offset 3/);
  assert.throws(
    () => decodeUtf8(new Uint8Array([0x61, 0xff]), "y.txt"),
    /y\.txt: file is not valid UTF-8 \(line 1, byte offset 1: 0xff\)/,
  );
});
