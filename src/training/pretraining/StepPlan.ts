import { PrognosError } from "../../util/errors.ts";
import type { PretrainExamples } from "./PretrainExamples.ts";

/** When a pre-training run stops: the first limit reached (at least one must be given). */
export interface PlanLimits {
  epochs?: number;
  maxSteps?: number;
  /** Stop after the step at which the tokens seen (special tokens included, padding not) reach this many. */
  maxTokens?: number;
}

/** At most this many steps are planned (RANGES.steps' maximum). */
const MAX_PLANNED_STEPS = 10_000_000;

/**
 * Which examples each optimizer step trains on: epoch after epoch, `batchSize` consecutive examples of the
 * epoch's order (its last batch may be smaller; a batch never spans two epochs), until a limit is reached. Depends
 * only on the examples (seeded) and the limits, so a resumed run plans the same steps. Also counts the tokens of
 * every step, so that runs with different objectives can be matched on tokens (--max-tokens).
 */
export class StepPlan {
  private constructor(
    private readonly epochs: Int32Array,
    private readonly starts: Int32Array,
    /** Tokens seen after each step (cumulative). */
    private readonly cumulative: Float64Array,
    readonly batchSize: number,
    /** Steps per epoch of the epochs planned. */
    readonly epochSteps: number[],
  ) {}

  static build(examples: PretrainExamples, batchSize: number, limits: PlanLimits): StepPlan {
    const { epochs = Number.POSITIVE_INFINITY, maxSteps = MAX_PLANNED_STEPS, maxTokens } = limits;
    if (limits.epochs === undefined && limits.maxSteps === undefined && maxTokens === undefined) {
      throw new Error("a step plan needs --epochs, --max-steps or --max-tokens");
    }
    const epochOf: number[] = [];
    const startOf: number[] = [];
    const cumulative: number[] = [];
    const epochSteps: number[] = [];
    let tokens = 0;
    const done = () =>
      epochOf.length >= Math.min(maxSteps, MAX_PLANNED_STEPS) || (maxTokens !== undefined && tokens >= maxTokens);
    for (let e = 0; e < epochs && !done(); e++) {
      const n = examples.count(e);
      if (n === 0) throw new PrognosError("there are no training examples");
      let steps = 0;
      for (let start = 0; start < n && !done(); start += batchSize) {
        for (let i = start; i < Math.min(n, start + batchSize); i++) tokens += examples.tokens(e, i);
        epochOf.push(e);
        startOf.push(start);
        cumulative.push(tokens);
        steps++;
      }
      epochSteps.push(steps);
    }
    return new StepPlan(
      Int32Array.from(epochOf),
      Int32Array.from(startOf),
      Float64Array.from(cumulative),
      batchSize,
      epochSteps,
    );
  }

  get totalSteps(): number {
    return this.epochs.length;
  }

  /** Tokens of the whole plan. */
  get totalTokens(): number {
    return this.cumulative.length ? this.cumulative[this.cumulative.length - 1]! : 0;
  }

  /** Tokens seen once `steps` steps have run. */
  tokensAfter(steps: number): number {
    return steps === 0 ? 0 : this.cumulative[steps - 1]!;
  }

  /** The epoch (0-based) and example indices of step `step` (0-based). */
  batchAt(step: number, examples: PretrainExamples): { epoch: number; indices: number[] } {
    const epoch = this.epochs[step]!;
    const start = this.starts[step]!;
    const end = Math.min(examples.count(epoch), start + this.batchSize);
    return { epoch, indices: Array.from({ length: end - start }, (_, k) => start + k) };
  }
}
