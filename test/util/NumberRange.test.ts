import assert from "node:assert/strict";
import { test } from "node:test";
import { describeRange, inRange, rangeLabel } from "../../src/util/NumberRange.ts";
import { RANGES } from "../../src/util/ranges.ts";

test("a range reads the same in --help and in errors", () => {
  assert.equal(rangeLabel(RANGES.admissions), "1 to 10,000,000");
  assert.equal(describeRange(RANGES.admissions), "an integer from 1 to 10,000,000");
  assert.equal(describeRange(RANGES.seed), "an integer from 0 to 2^53 − 1");
  assert.equal(describeRange(RANGES.learningRate), "a number > 0");
  assert.equal(describeRange(RANGES.weightDecay), "a number ≥ 0");
  assert.equal(describeRange(RANGES.dropout), "a number from 0 to 0.99");
  assert.equal(describeRange({ min: 0, exclusiveMin: true, max: 1 }), "a number > 0 and ≤ 1");
  assert.equal(describeRange({ integer: true }), "an integer");
});

test("inRange: bounds, exclusive minimum, integers, non-finite values", () => {
  assert.ok(inRange(1, RANGES.maxCodes) && inRange(512, RANGES.maxCodes));
  assert.ok(!inRange(0, RANGES.maxCodes) && !inRange(513, RANGES.maxCodes) && !inRange(1.5, RANGES.maxCodes));
  assert.ok(!inRange(0, RANGES.learningRate) && inRange(1e-9, RANGES.learningRate));
  assert.ok(!inRange(Number.NaN, {}) && !inRange(Number.POSITIVE_INFINITY, {}));
  assert.ok(!inRange(2 ** 53, RANGES.seed));
});

test("every size has a maximum, and every maximum is a safe integer or below it", () => {
  for (const [name, range] of Object.entries(RANGES)) {
    if (!("integer" in range)) continue;
    assert.ok("max" in range && Number.isSafeInteger(range.max), name);
  }
});
