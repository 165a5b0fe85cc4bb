import assert from "node:assert/strict";
import { test } from "node:test";
import { scheduledLr, warmupWarning } from "../../src/nn/lrSchedule.ts";

test("a warm-up as long as the run is reported with the learning rate it actually reaches", () => {
  const w = warmupWarning("linear", 1e-5, 5000, 100);
  assert.ok(w);
  assert.match(w, /--warmup-steps 5000 is not shorter than the whole run \(100 steps\)/);
  assert.match(w, /its largest value is 2\.0e-7/);
  assert.ok(Math.abs(scheduledLr("linear", 1e-5, 99, 5000, 100) - 1.98e-7) < 1e-15);
});

test("no warning when the warm-up ends within the run, or with a constant schedule", () => {
  assert.equal(warmupWarning("linear", 1e-5, 99, 100), undefined);
  assert.equal(warmupWarning("linear", 1e-5, 0, 100), undefined);
  assert.equal(warmupWarning("constant", 1e-5, 5000, 100), undefined);
});
