import type { Graph } from "../graph/Graph.ts";
import * as T from "../graph/tensorOps.ts";
import type { Dim } from "../graph/types.ts";
import type { Value } from "../graph/Value.ts";
import type { DropoutHooks } from "./DropoutHooks.ts";

/** A dropout site: a bool keep-mask graph input of the same (symbolic) shape as the value it masks. */
export interface DropoutSite {
  input: string;
  shape: readonly Dim[];
  rate: number;
}

/**
 * Dropout whose randomness is fed in: ONNX random ops take a fixed seed attribute, so the same graph would draw
 * the same mask every step. Each site becomes a bool input `dropout_k` (true = keep); the trainer draws fresh
 * masks from its seeded generator every step (so runs are reproducible and resumable), and the graph computes
 * where(keep, x / (1 − p), 0) like torch's inverted dropout.
 */
export class DropoutMasks {
  readonly sites: DropoutSite[] = [];

  constructor(
    private readonly g: Graph,
    private readonly hiddenRate: number,
    private readonly attentionRate: number,
  ) {}

  apply(x: Value, rate: number): Value {
    if (rate <= 0) return x;
    if (rate >= 1) throw new Error(`dropout rate must be < 1, got ${rate}`);
    const input = `dropout_${this.sites.length}`;
    const keep = this.g.input(input, "bool", x.shape);
    this.sites.push({ input, shape: x.shape, rate });
    return T.where(keep, T.mul(x, 1 / (1 - rate)), this.g.scalar(0, x.dtype));
  }

  hooks(): DropoutHooks {
    return { hidden: (x) => this.apply(x, this.hiddenRate), attention: (x) => this.apply(x, this.attentionRate) };
  }
}
