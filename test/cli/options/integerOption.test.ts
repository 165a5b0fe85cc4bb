import assert from "node:assert/strict";
import { test } from "node:test";
import { integerOption } from "../../../src/cli/options/integerOption.ts";
import { PrognosError } from "../../../src/util/errors.ts";

const refuses = (value: string, range: Parameters<typeof integerOption>[2], message: string) =>
  assert.throws(
    () => integerOption(value, "--n", range),
    (e: unknown) => e instanceof PrognosError && e.message === message,
    `${JSON.stringify(value)} should be refused with: ${message}`,
  );

test("integerOption accepts decimal integers within the range, bounds included", () => {
  assert.equal(integerOption("1", "--n", { min: 1, max: 512 }), 1);
  assert.equal(integerOption("512", "--n", { min: 1, max: 512 }), 512);
  assert.equal(integerOption("0", "--n", { min: 0 }), 0);
  assert.equal(integerOption("007", "--n", { min: 0 }), 7);
  assert.equal(integerOption("9007199254740991", "--seed", { min: 0, max: Number.MAX_SAFE_INTEGER }), 2 ** 53 - 1);
});

test("integerOption refuses blanks, fractions, exponents, hex, signs and separators, naming flag, range and value", () => {
  const range = { min: 1, max: 10_000_000 };
  const expected = (v: string) => `--n: expected an integer from 1 to 10,000,000, got ${JSON.stringify(v)}`;
  for (const v of [
    "",
    " ",
    " 5",
    "5 ",
    "1.5",
    "1.0",
    "1e3",
    "0x10",
    "+5",
    "1_000",
    "10,000",
    "five",
    "Infinity",
    "NaN",
  ])
    refuses(v, range, expected(v));
});

test("integerOption refuses values out of range, however large", () => {
  const range = { min: 1, max: 10_000_000 };
  refuses("0", range, '--n: expected an integer from 1 to 10,000,000, got "0"');
  refuses("-1", range, '--n: expected an integer from 1 to 10,000,000, got "-1"');
  refuses("10000001", range, '--n: expected an integer from 1 to 10,000,000, got "10000001"');
  refuses("99999999999", range, '--n: expected an integer from 1 to 10,000,000, got "99999999999"');
  refuses("9".repeat(400), { min: 0 }, `--n: expected an integer ≥ 0, got "${"9".repeat(400)}"`);
  refuses("-3", { min: 0 }, '--n: expected an integer ≥ 0, got "-3"');
});
