import assert from "node:assert/strict";
import { test } from "node:test";
import { parseCsv } from "../../src/util/CsvRecordParser.ts";
import { csvField } from "../../src/util/csvField.ts";

test('"needed": quoted only when it holds a comma, a quote or a line break (quotes doubled); null is empty', () => {
  assert.equal(csvField("4280"), "4280");
  assert.equal(csvField(0), "0");
  assert.equal(csvField(null), "");
  assert.equal(csvField(" a "), " a ");
  assert.equal(csvField("Obesity, unspecified"), '"Obesity, unspecified"');
  assert.equal(csvField('"Light-for-dates" NOS'), '"""Light-for-dates"" NOS"');
  assert.equal(csvField("a\nb"), '"a\nb"');
  assert.equal(csvField("a\rb"), '"a\rb"');
});

test('"needed-or-spaced" also quotes surrounding white space; "always" quotes every field but null', () => {
  assert.equal(csvField("a b", "needed-or-spaced"), "a b");
  assert.equal(csvField(" a", "needed-or-spaced"), '" a"');
  assert.equal(csvField("a\t", "needed-or-spaced"), '"a\t"');
  assert.equal(csvField("a,b", "needed-or-spaced"), '"a,b"');
  assert.equal(csvField("x", "always"), '"x"');
  assert.equal(csvField(12, "always"), '"12"');
  assert.equal(csvField("", "always"), '""');
  assert.equal(csvField('say "hi"', "always"), '"say ""hi"""');
  assert.equal(csvField(null, "always"), "");
});

test("every quoting reads back to the same text", () => {
  const values = ["plain", "", " padded ", "a,b", 'q"q', "multi\nline", "cr\r\nlf", "\ttab"];
  for (const quoting of ["needed", "needed-or-spaced", "always"] as const) {
    const text = `${values.map((v) => csvField(v, quoting)).join(",")}\n`;
    assert.deepEqual(parseCsv(text)[0]!.fields, values, quoting);
  }
});
