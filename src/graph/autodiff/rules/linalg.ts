import * as T from "../../tensorOps.ts";
import type { Value } from "../../Value.ts";
import { defineGrad } from "../gradRegistry.ts";
import { sumToShape } from "../sumToShape.ts";

const swapLast = (v: Value) =>
  T.transpose(v, [...Array.from({ length: v.rank - 2 }, (_, i) => i), v.rank - 1, v.rank - 2]);

/**
 * Y = A·B: dA = dY·Bᵀ, dB = Aᵀ·dY (batch dims summed back). For a rank-2 weight under a batched input, A and
 * dY are flattened to 2-D first so dB is one matmul instead of a batch of them plus a reduction.
 */
defineGrad("MatMul", ({ inputs: [a, b] }, [dy]) => {
  const da = sumToShape(T.matMul(dy!, swapLast(b!)), a!.shape);
  let db: Value;
  if (b!.rank === 2 && a!.rank > 2) {
    const k = a!.shape[a!.rank - 1] as number;
    const n = b!.shape[1] as number;
    db = T.matMul(T.transpose(T.reshape(a!, [-1, k]), [1, 0]), T.reshape(dy!, [-1, n]));
  } else {
    db = sumToShape(T.matMul(swapLast(a!), dy!), b!.shape);
  }
  return [da, db];
});
