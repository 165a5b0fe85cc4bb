import assert from "node:assert/strict";

/** Asserts element-wise |actual − expected| ≤ tol and returns the max difference (for reporting). */
export function assertClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tol: number,
  what = "values",
): number {
  assert.equal(actual.length, expected.length, `${what}: length ${actual.length} vs ${expected.length}`);
  let max = 0;
  let at = -1;
  for (let i = 0; i < actual.length; i++) {
    const d = Math.abs(actual[i]! - expected[i]!);
    if (!(d <= max)) {
      max = d;
      at = i;
    }
  }
  assert.ok(
    max <= tol,
    `${what}: max |Δ| = ${max} at index ${at} (${actual[at]} vs ${expected[at]}), tolerance ${tol}`,
  );
  return max;
}
