import * as T from "../../graph/tensorOps.ts";
import type { Value } from "../../graph/Value.ts";

/** Exact GELU, x·Φ(x) = 0.5·x·(1 + erf(x/√2)), as `hidden_act: "gelu"` (torch's default erf form). */
export function gelu(x: Value): Value {
  return T.mul(T.mul(x, 0.5), T.add(T.erf(T.mul(x, Math.SQRT1_2)), 1));
}

/** The tanh approximation `gelu_new`: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))). */
export function geluTanh(x: Value): Value {
  const inner = T.mul(T.add(x, T.mul(T.mul(T.mul(x, x), x), 0.044715)), Math.sqrt(2 / Math.PI));
  return T.mul(T.mul(x, 0.5), T.add(T.tanh(inner), 1));
}

export type ActivationName = "gelu" | "gelu_new" | "relu";

export const ACTIVATIONS: Record<ActivationName, (x: Value) => Value> = {
  gelu,
  gelu_new: geluTanh,
  relu: T.relu,
};
