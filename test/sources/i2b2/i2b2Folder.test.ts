import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { documentTags } from "../../../src/sources/i2b2/bioTags.ts";
import { formatConLine, parseConLine } from "../../../src/sources/i2b2/conceptLine.ts";
import { readI2b2Folder, writeI2b2Folder } from "../../../src/sources/i2b2/i2b2Folder.ts";

const root = mkdtempSync(join(tmpdir(), "prognos-i2b2-"));
after(() => rmSync(root, { recursive: true, force: true }));

const TEXT = "Admission Date :\nHe had chest pain and a CXR .\nStarted on  aspirin 81 mg .\n";

/** A folder in the i2b2 release layout (txt/, concept/) holding one document with these .con lines. */
function corpus(name: string, con: string[]): string {
  const dir = join(root, name);
  mkdirSync(join(dir, "txt"), { recursive: true });
  mkdirSync(join(dir, "concept"), { recursive: true });
  writeFileSync(join(dir, "txt", "doc1.txt"), TEXT);
  writeFileSync(join(dir, "concept", "doc1.con"), con.join("\n"));
  return dir;
}

const GOOD = [
  'c="chest pain" 2:2 2:3||t="problem"',
  'c="a cxr" 2:5 2:6||t="test"',
  'c="aspirin" 3:2 3:2||t="treatment"',
];

test("i2b2 .con lines: parsed (line 1-based, tokens 0-based inclusive) and written back identically", () => {
  const c = parseConLine('c="chest pain" 5:3 5:4||t="problem"', "x.con:1");
  assert.deepEqual(c, { text: "chest pain", line: 5, start: 3, end: 4, type: "problem" });
  assert.equal(formatConLine(c), 'c="chest pain" 5:3 5:4||t="problem"');
  // Quotes inside the concept text are kept (the pattern is anchored on the offsets).
  assert.equal(parseConLine('c="2" pillow" 1:0 1:1||t="problem"', "x").text, '2" pillow');
});

test("i2b2 folder: concepts checked against the text case-insensitively, BIO tags, and a write/read round trip", () => {
  const docs = readI2b2Folder(corpus("good", GOOD));
  assert.equal(docs.length, 1);
  const [d] = docs;
  assert.deepEqual(d!.lines[2], ["Started", "on", "aspirin", "81", "mg", "."], "runs of spaces count once");
  assert.deepEqual(documentTags(d!), [
    ["O", "O", "O"],
    ["O", "O", "B-problem", "I-problem", "O", "B-test", "I-test", "O"],
    ["O", "O", "B-treatment", "O", "O", "O"],
  ]);
  const out = join(root, "written");
  writeI2b2Folder(out, docs);
  assert.deepEqual(readI2b2Folder(out), docs);
  assert.equal(readFileSync(join(out, "concepts", "doc1.con"), "utf8").split("\n")[1], GOOD[1]);
});

test("i2b2 bad input: each is an error naming the .con file and line", () => {
  const con = (name: string) => join(root, name, "concept", "doc1.con");
  const cases: Array<[string, string[], RegExp]> = [
    [
      "mismatch",
      [GOOD[0]!, 'c="chest x-ray" 2:5 2:6||t="test"'],
      /doc1\.con:2: offsets 2:5 2:6 hold other words in the text than the concept's \(2 word\(s\) named/,
    ],
    [
      "overlap",
      [GOOD[0]!, 'c="pain" 2:3 2:3||t="problem"'],
      /doc1\.con:2: the concept overlaps the one at .*doc1\.con:1/,
    ],
    ["type", ['c="chest pain" 2:2 2:3||t="symptom"'], /doc1\.con:1: unknown concept type "symptom"/],
    ["past", ['c="x" 2:9 2:9||t="test"'], /doc1\.con:1: token 9 is past line 2's 8 tokens/],
    ["lines", ['c="x" 9:0 9:0||t="test"'], /doc1\.con:1: line 9 is past the text's 3 lines/],
    ["twolines", ['c="x" 2:0 3:0||t="test"'], /doc1\.con:1: the concept starts on line 2 and ends on line 3/],
    ["garbage", ["", "chest pain 2:2"], /doc1\.con:2: not an i2b2 concept line/],
  ];
  for (const [name, lines, message] of cases) {
    const dir = corpus(name, lines);
    assert.throws(
      () => readI2b2Folder(dir),
      (e: Error) => {
        assert.match(e.message, message, name);
        assert.ok(e.message.includes(con(name)), `${name}: names the file (${e.message})`);
        return true;
      },
    );
  }
  const noCon = join(root, "nocon");
  mkdirSync(noCon);
  writeFileSync(join(noCon, "a.txt"), "x\n");
  assert.throws(() => readI2b2Folder(noCon), /a\.txt: no a\.con beside it or in concepts\//);
  assert.equal(readI2b2Folder(noCon, { concepts: false })[0]!.concepts.length, 0);
});
