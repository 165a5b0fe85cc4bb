import assert from "node:assert/strict";
import { test } from "node:test";
import { strictJsonParse } from "../../src/util/strictJsonParse.ts";

test("parses what JSON.parse parses", () => {
  for (const text of ['{"a": [1, -2.5e3, true, false, null, "x\\u00e9\\n"], "b": {}}', "[]", '"s"', " 0 ", "-0.0"]) {
    assert.deepEqual(strictJsonParse(text, "f.json"), JSON.parse(text));
  }
});

test("refuses duplicate keys, deep nesting and malformed text with line and column", () => {
  assert.throws(
    () => strictJsonParse('{\n  "a": 1,\n  "a": 2\n}', "f.json"),
    /^PrognosError: f\.json: malformed JSON at line 3, column 3: duplicate key "a"$/,
  );
  assert.throws(() => strictJsonParse("[".repeat(100) + "]".repeat(100), "f.json"), /nested deeper than 64 levels/);
  assert.throws(() => strictJsonParse('{"a": 1,}', "f.json"), /line 1, column 9: expected a string key/);
  assert.throws(() => strictJsonParse('{"a": 01}', "f.json"), /expected ',' or '}'/);
  assert.throws(() => strictJsonParse('{"a": "\\x"}', "f.json"), /invalid escape/);
  assert.throws(() => strictJsonParse('"a\tb"', "f.json"), /control character/);
  assert.throws(() => strictJsonParse("{} x", "f.json"), /unexpected text after the JSON value/);
  assert.throws(() => strictJsonParse("", "f.json"), /unexpected end/);
  assert.throws(() => strictJsonParse("NaN", "f.json"), /unexpected character "N"/);
});

test("__proto__ becomes an own property, never the prototype", () => {
  const v = strictJsonParse('{"__proto__": {"x": 1}}', "f.json") as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(v), Object.prototype);
  assert.deepEqual(Object.keys(v), ["__proto__"]);
});
