import assert from "node:assert/strict";
import type { TrainState } from "../../src/training/TrainState.ts";

const bytes = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/**
 * Two training runs ended in the same place byte for byte: the same step, the same per-step results (losses,
 * gradient norms, …) and the same parameters and AdamW moments.
 */
export function assertSameTraining(
  a: { state: TrainState; results: unknown[] },
  b: { state: TrainState; results: unknown[] },
  what: string,
): void {
  assert.equal(b.state.step, a.state.step);
  assert.deepEqual(b.results, a.results, `${what}: the per-step results`);
  for (const part of ["params", "m", "v"] as const) {
    assert.equal(b.state[part].size, a.state[part].size);
    for (const [name, w] of a.state[part])
      assert.ok(bytes(w).equals(bytes(b.state[part].get(name)!)), `${what}: ${part} ${name}`);
  }
}
