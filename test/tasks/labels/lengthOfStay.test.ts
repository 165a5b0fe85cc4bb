import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { losDays, losLabel, numpyRound1, rintHalfEven } from "../../../src/tasks/labels/lengthOfStay.ts";

const us = (seconds: number) => BigInt(seconds) * 1_000_000n;
const label = (seconds: number) => losLabel(losDays(0n, us(seconds)));
const DAY = 86400;

test("rint rounds halves to even", () => {
  assert.deepEqual(
    [0.5, 1.5, 2.5, -0.5, -1.5, 30.5, 31.5, 2.4999, 2.5001].map(rintHalfEven),
    [0, 2, 2, -0, -2, 30, 32, 2, 3],
  );
});

test("bucket boundaries: exactly 3.0, 7.0, 14.0 days stay in the lower class", () => {
  assert.equal(label(3 * DAY), 0);
  assert.equal(label(7 * DAY), 1);
  assert.equal(label(14 * DAY), 2);
  assert.equal(label(0), 0);
  assert.equal(label(-3600), 0); // DISCHTIME before ADMITTIME: the reference's ≤ 3 rule
});

test("values that round onto a boundary: 3.04 and 3.05 → 3.0 (ties to even), 7.05 → 7.0, 14.05 → 14.0", () => {
  assert.equal(numpyRound1(losDays(0n, us(262656))), 3.0); // 3.04 days
  assert.equal(label(262656), 0);
  assert.equal(numpyRound1(losDays(0n, us(263520))), 3.0); // 3.05 days: a tie, 30.5 → 30
  assert.equal(label(263520), 0);
  assert.equal(label(272160), 1); // 3.15 days: 31.5 → 32, 3.2
  assert.equal(label(609120), 1); // 7.05
  assert.equal(label(7.06 * DAY), 2);
  assert.equal(label(1213920), 2); // 14.05
  assert.equal(label(14.1 * DAY), 3);
  assert.equal(label(254880), 0); // 2.95 → 3.0
  assert.equal(label(600480), 1); // 6.95 → 7.0
});

test("2,300 stay lengths: the same days, rounded days and classes as pandas/numpy", () => {
  const rows = JSON.parse(readFileSync("test/fixtures/tasks/los-parity.json", "utf8")) as {
    seconds: number;
    days: number;
    rounded: number;
    label: number;
  }[];
  assert.ok(rows.length > 2000);
  for (const r of rows) {
    const days = losDays(0n, us(r.seconds));
    assert.equal(days, r.days, `${r.seconds} s`);
    assert.equal(numpyRound1(days), r.rounded, `${r.seconds} s`);
    assert.equal(losLabel(days), r.label, `${r.seconds} s`);
  }
});
