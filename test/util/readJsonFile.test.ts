import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { isPrognosError } from "../../src/util/errors.ts";
import { readJsonFile, readJsonObject } from "../../src/util/readJsonFile.ts";

const dir = mkdtempSync(join(tmpdir(), "prognos-json-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

function refused(run: () => unknown, path: string, pattern: RegExp): void {
  assert.throws(run, (e: unknown) => isPrognosError(e) && e.file === path && pattern.test(e.message));
}

test("readJsonFile: the value; a leading byte-order mark is skipped", () => {
  assert.deepEqual(readJsonFile(file("a.json", '{"a": [1, "x", null]}')), { a: [1, "x", null] });
  assert.deepEqual(readJsonFile(file("bom.json", '\ufeff{"a": 1}')), { a: 1 });
  assert.equal(readJsonFile(file("n.json", "3")), 3);
});

test("readJsonFile: every failure is a PrognosError naming the file (and the line and column)", () => {
  const missing = join(dir, "missing.json");
  refused(() => readJsonFile(missing, "task manifest"), missing, /: task manifest not found$/);
  refused(() => readJsonFile(dir), dir, /: file is a directory, expected a file$/);
  const dup = file("dup.json", '{\n  "a": 1,\n  "a": 2\n}');
  refused(() => readJsonFile(dup), dup, /: malformed JSON at line 3, column 3: duplicate key "a"$/);
  const cut = file("cut.json", '{"a": ');
  refused(() => readJsonFile(cut), cut, /: malformed JSON at line 1, column 7: unexpected end$/);
  const latin1 = file("latin1.json", Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x3a, 0x31, 0x7d]));
  refused(() => readJsonFile(latin1, "config"), latin1, /config is not valid UTF-8/);
});

test("readJsonObject: a JSON object, or an error saying what the file should hold", () => {
  assert.deepEqual(readJsonObject(file("o.json", '{"x": true}'), "settings"), { x: true });
  const arr = file("arr.json", "[1]");
  refused(() => readJsonObject(arr, "settings"), arr, /: malformed settings: expected a JSON object at the top$/);
});
