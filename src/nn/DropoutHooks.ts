import type { Value } from "../graph/Value.ts";

/** Where a transformer applies dropout: hidden states (after projections) and attention probabilities. */
export interface DropoutHooks {
  hidden(x: Value): Value;
  attention(x: Value): Value;
}
