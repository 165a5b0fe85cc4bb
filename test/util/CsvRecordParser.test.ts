import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { CsvRecordParser, parseCsv, readCsvRecords } from "../../src/util/CsvRecordParser.ts";
import { PrognosError } from "../../src/util/errors.ts";

function parse(text: string, chunk = text.length || 1) {
  const p = new CsvRecordParser("t.csv");
  const out = [];
  for (let i = 0; i < text.length; i += chunk) out.push(...p.push(text.slice(i, i + chunk)));
  out.push(...p.end());
  return out;
}

const SAMPLE =
  '"id","text","short_codes"\n' +
  '"1","line one\nline two, with a comma","401,428"\n' +
  '"2","she said ""no""\r\nthen left","V27"\r\n' +
  "3,,\n" +
  '"4","",""';

test("quoted fields with newlines, commas, doubled quotes, CRLF; unquoted and empty fields", () => {
  const rows = parse(SAMPLE);
  assert.deepEqual(
    rows.map((r) => r.fields),
    [
      ["id", "text", "short_codes"],
      ["1", "line one\nline two, with a comma", "401,428"],
      ["2", 'she said "no"\r\nthen left', "V27"],
      ["3", "", ""],
      ["4", "", ""],
    ],
  );
  assert.deepEqual(
    rows.map((r) => r.line),
    [1, 2, 4, 6, 7],
  );
});

test("the same records whatever the chunk size (fields and quotes straddling chunks)", () => {
  const whole = parse(SAMPLE);
  for (const chunk of [1, 2, 3, 5, 7, 11]) assert.deepEqual(parse(SAMPLE, chunk), whole, `chunk ${chunk}`);
});

test("a byte order mark, blank lines and a missing final newline", () => {
  const rows = parse('\ufeff"a","b"\n\n1,2\n\n3,4');
  assert.deepEqual(
    rows.map((r) => r.fields),
    [
      ["a", "b"],
      ["1", "2"],
      ["3", "4"],
    ],
  );
});

test("malformed CSV is an error naming the file and line", () => {
  const cases: Array<[string, RegExp]> = [
    ['"a","b"\n"1","unterminated\n', /t\.csv: line 2: .*unterminated quote/],
    ['"a","b"\n"1","x"y\n', /t\.csv: line 2: unexpected "y" after a closing quote/],
    ['"a","b"\n1,x"y"\n', /t\.csv: line 2: a quote inside an unquoted field/],
  ];
  for (const [text, message] of cases) {
    assert.throws(
      () => parse(text),
      (e: unknown) => e instanceof PrognosError && message.test(e.message),
    );
  }
});

test("readCsvRecords streams a file", async () => {
  const dir = mkdtempSync(join(tmpdir(), "prognos-csv-"));
  const big = `"id","text"\n${Array.from({ length: 3000 }, (_, i) => `"${i}","note ${i}\n${"x".repeat(500)}"`).join("\n")}\n`;
  writeFileSync(join(dir, "f.csv"), big);
  let n = 0;
  let last: string[] = [];
  for await (const r of readCsvRecords(join(dir, "f.csv"))) {
    n++;
    last = r.fields;
  }
  assert.equal(n, 3001);
  assert.equal(last[0], "2999");
  assert.equal(last[1], `note 2999\n${"x".repeat(500)}`);
});

test("parseCsv: a whole text, quotes, doubled quotes, embedded line breaks, CRLF, BOM, no final newline", () => {
  const rows = parseCsv('\ufeffa,"b ""x""",c\r\n"multi\nline",,"3"\r\nlast,row,here');
  assert.deepEqual(
    rows.map((r) => r.fields),
    [
      ["a", 'b "x"', "c"],
      ["multi\nline", "", "3"],
      ["last", "row", "here"],
    ],
  );
  assert.deepEqual(
    rows.map((r) => r.line),
    [1, 2, 4],
  );
});
