import type { Graph } from "../graph/Graph.ts";
import * as T from "../graph/tensorOps.ts";
import type { Value } from "../graph/Value.ts";

export type OptimizerName = "adamw" | "sgd";

/** Scalars that change every step, fed as graph inputs: the scheduled lr and Adam's bias corrections. */
export interface StepScalars {
  lr: Value;
  /** 1 − β1^t */
  bc1: Value;
  /** 1 − β2^t */
  bc2: Value;
}

export function declareStepScalars(g: Graph): StepScalars {
  return { lr: g.input("lr", "float32", []), bc1: g.input("bc1", "float32", []), bc2: g.input("bc2", "float32", []) };
}

export const ADAM_BETA1 = 0.9;
export const ADAM_BETA2 = 0.999;
export const ADAM_EPS = 1e-8;

/** Hugging Face Trainer's convention: no weight decay on biases and LayerNorm weights. */
export function decays(name: string): boolean {
  return !(name.endsWith("bias") || name.endsWith("LayerNorm.weight"));
}

/**
 * torch.optim.AdamW's update for one parameter: p ← p·(1 − lr·wd); m ← m + (g − m)(1 − β1);
 * v ← β2·v + (1 − β2)·g²; p ← p − (lr / bc1)·m / (√v / √bc2 + ε).
 */
export function adamwUpdate(p: Value, grad: Value, m: Value, v: Value, s: StepScalars, weightDecay: number) {
  const decayed = weightDecay > 0 ? T.mul(p, T.sub(1, T.mul(s.lr, weightDecay))) : p;
  const m1 = T.add(m, T.mul(T.sub(grad, m), 1 - ADAM_BETA1));
  const v1 = T.add(T.mul(v, ADAM_BETA2), T.mul(T.mul(grad, grad), 1 - ADAM_BETA2));
  const denom = T.add(T.div(T.sqrt(v1), T.sqrt(s.bc2)), ADAM_EPS);
  const p1 = T.sub(decayed, T.mul(T.div(s.lr, s.bc1), T.div(m1, denom)));
  return { p: p1, m: m1, v: v1 };
}

/** torch.optim.SGD without momentum: p ← p − lr·(g + wd·p). */
export function sgdUpdate(p: Value, grad: Value, s: StepScalars, weightDecay: number): Value {
  const g = weightDecay > 0 ? T.add(grad, T.mul(p, weightDecay)) : grad;
  return T.sub(p, T.mul(s.lr, g));
}

/**
 * torch.nn.utils.clip_grad_norm_: the global L2 norm of all gradients, and (when maxNorm > 0) the gradients
 * scaled by min(1, maxNorm / (norm + 1e-6)).
 */
export function clipGradNorm(grads: Value[], maxNorm: number): { norm: Value; clipped: Value[] } {
  const squares = grads.map((d) =>
    T.reduceSum(
      T.mul(d, d),
      d.shape.map((_, i) => i),
      false,
    ),
  );
  const norm = T.sqrt(squares.reduce((a, b) => T.add(a, b)));
  if (maxNorm <= 0) return { norm, clipped: grads };
  const coef = T.min(T.div(maxNorm, T.add(norm, 1e-6)), 1);
  return { norm, clipped: grads.map((d) => T.mul(d, coef)) };
}
