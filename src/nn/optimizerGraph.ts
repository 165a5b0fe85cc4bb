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
 * What clipping hands the optimizer: the global norm, the clip coefficient (undefined when clipping is off) and
 * each gradient's square (computed once for the norm; AdamW's second moment reuses it).
 */
export interface ClippedGrads {
  norm: Value;
  coef: Value | undefined;
  squares: Value[];
}

/**
 * torch.optim.AdamW's update for one parameter, with the clip coefficient c folded into scalars (so neither the
 * clipped gradient nor its square is a separate pass over the parameter):
 *   p ← p·(1 − lr·wd);  m ← β1·m + (1 − β1)·c·g;  v ← β2·v + (1 − β2)·c²·g²;
 *   p ← p − (lr / bc1)·m / (√v / √bc2 + ε)  computed as  p − (lr·√bc2 / bc1)·m / (√v + ε·√bc2).
 * The same real numbers as torch's; float32 rounding differs by an ulp here and there.
 */
export function adamwUpdate(
  p: Value,
  grad: Value,
  m: Value,
  v: Value,
  s: StepScalars,
  weightDecay: number,
  clip?: { coef: Value | undefined; square: Value },
  rowIndices?: Value,
) {
  const coef = clip?.coef;
  const c1 = coef ? T.mul(coef, 1 - ADAM_BETA1) : 1 - ADAM_BETA1;
  const c2 = coef ? T.mul(T.mul(coef, coef), 1 - ADAM_BETA2) : 1 - ADAM_BETA2;
  const square = clip?.square ?? T.mul(grad, grad);
  // With rowIndices, grad holds only the rows at those (distinct) indices; elsewhere the gradient is zero and the
  // moments only decay. Adding the rows with a scatter gives the same bits as the dense sum (x + 0 = x).
  const plus = (decayed: Value, term: Value) =>
    rowIndices ? T.scatterNDAddUnique(decayed, rowIndices, term) : T.add(decayed, term);
  const m1 = plus(T.mul(m, ADAM_BETA1), T.mul(grad, c1));
  const v1 = plus(T.mul(v, ADAM_BETA2), T.mul(square, c2));
  const rootBc2 = T.sqrt(s.bc2);
  const denom = T.add(T.sqrt(v1), T.mul(rootBc2, ADAM_EPS));
  const stepSize = T.div(T.mul(s.lr, rootBc2), s.bc1);
  const decayed = weightDecay > 0 ? T.mul(p, T.sub(1, T.mul(s.lr, weightDecay))) : p;
  const p1 = T.sub(decayed, T.div(T.mul(m1, stepSize), denom));
  return { p: p1, m: m1, v: v1 };
}

/**
 * torch.optim.SGD without momentum: p ← p − lr·(c·g + wd·p), computed as p·(1 − lr·wd) − (lr·c)·g; with
 * rowIndices, grad holds only those rows (see adamwUpdate).
 */
export function sgdUpdate(
  p: Value,
  grad: Value,
  s: StepScalars,
  weightDecay: number,
  coef?: Value,
  rowIndices?: Value,
): Value {
  const decayed = weightDecay > 0 ? T.mul(p, T.sub(1, T.mul(s.lr, weightDecay))) : p;
  const step = T.mul(grad, coef ? T.mul(s.lr, coef) : s.lr);
  return rowIndices ? T.scatterNDAddUnique(decayed, rowIndices, T.neg(step)) : T.sub(decayed, step);
}

/**
 * torch.nn.utils.clip_grad_norm_: the global L2 norm of all gradients and (when maxNorm > 0) the coefficient
 * min(1, maxNorm / (norm + 1e-6)) the optimizer scales them by. A row-sparse gradient is passed as its rows.
 */
export function clipGradNorm(grads: Value[], maxNorm: number): ClippedGrads {
  const squares = grads.map((d) => T.mul(d, d));
  const sums = squares.map((sq) =>
    T.reduceSum(
      sq,
      sq.shape.map((_, i) => i),
      false,
    ),
  );
  const norm = T.sqrt(sums.reduce((a, b) => T.add(a, b)));
  const coef = maxNorm > 0 ? T.min(T.div(maxNorm, T.add(norm, 1e-6)), 1) : undefined;
  return { norm, coef, squares };
}
