import type { TrainableParam } from "../nn/InputParamSource.ts";

/**
 * Everything an optimizer step reads and writes: parameters (Hugging Face names and layout, no `bert.` prefix),
 * AdamW moments and the step counter. Saved whole for `--resume`, so a resumed run continues bit-identically.
 */
export class TrainState {
  constructor(
    readonly params: Map<string, Float32Array>,
    readonly m: Map<string, Float32Array>,
    readonly v: Map<string, Float32Array>,
    public step: number,
  ) {}

  /** Fresh optimizer state for `params`, taking the starting values from `initial` (weights by name). */
  static start(params: readonly TrainableParam[], initial: ReadonlyMap<string, { data: Float32Array }>): TrainState {
    const values = new Map<string, Float32Array>();
    const m = new Map<string, Float32Array>();
    const v = new Map<string, Float32Array>();
    for (const p of params) {
      const w = initial.get(p.name);
      if (!w) throw new Error(`no starting value for parameter ${p.name}`);
      const size = p.shape.reduce((a, b) => a * b, 1);
      if (w.data.length !== size) throw new Error(`parameter ${p.name}: ${w.data.length} values, expected ${size}`);
      values.set(p.name, Float32Array.from(w.data));
      m.set(p.name, new Float32Array(size));
      v.set(p.name, new Float32Array(size));
    }
    return new TrainState(values, m, v, 0);
  }
}
