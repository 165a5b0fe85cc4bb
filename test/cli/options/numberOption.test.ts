import assert from "node:assert/strict";
import { test } from "node:test";
import { numberOption } from "../../../src/cli/options/numberOption.ts";
import { PrognosError } from "../../../src/util/errors.ts";

const refuses = (value: string, range: Parameters<typeof numberOption>[2], message: string) =>
  assert.throws(
    () => numberOption(value, "--x", range),
    (e: unknown) => e instanceof PrognosError && e.message === message,
    `${JSON.stringify(value)} should be refused with: ${message}`,
  );

test("numberOption accepts decimal numbers as people write them", () => {
  assert.equal(numberOption("1e-5", "--lr", { min: 0, exclusiveMin: true }), 1e-5);
  assert.equal(numberOption(".5", "--x", {}), 0.5);
  assert.equal(numberOption("2.", "--x", {}), 2);
  assert.equal(numberOption("-0.25", "--x", {}), -0.25);
  assert.equal(numberOption("+3E+2", "--x", {}), 300);
  assert.equal(numberOption("0", "--max-grad-norm", { min: 0 }), 0);
  assert.equal(numberOption("0.99", "--dropout", { min: 0, max: 0.99 }), 0.99);
});

test("numberOption refuses an empty value (Number('') is 0) and other non-numbers, naming flag and value", () => {
  for (const v of ["", " ", "1,5", "0x10", "Infinity", "-Infinity", "NaN", "1e", "e5", ".", "1e400", "one"])
    refuses(v, { min: 0 }, `--x: expected a number ≥ 0, got ${JSON.stringify(v)}`);
});

test("numberOption checks inclusive and exclusive bounds and says which", () => {
  refuses("0", { min: 0, exclusiveMin: true }, '--x: expected a number > 0, got "0"');
  refuses("-1e-9", { min: 0 }, '--x: expected a number ≥ 0, got "-1e-9"');
  refuses("1", { min: 0, max: 0.99 }, '--x: expected a number from 0 to 0.99, got "1"');
  refuses("0", { min: 0, exclusiveMin: true, max: 1 }, '--x: expected a number > 0 and ≤ 1, got "0"');
  refuses("2.5", { integer: true, min: 1 }, '--x: expected an integer ≥ 1, got "2.5"');
});
