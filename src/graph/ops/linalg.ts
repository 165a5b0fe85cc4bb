import { defineOp } from "../opRegistry.ts";
import { broadcastShapes } from "../shapes.ts";
import type { Dim } from "../types.ts";

/** MatMul with numpy semantics for rank ≥ 2 operands (batch dims broadcast). */
defineOp({
  type: "MatMul",
  arity: 2,
  infer: ([a, b]) => {
    if (a!.dtype !== b!.dtype) throw new Error(`element types differ: ${a!.dtype} vs ${b!.dtype}`);
    if (a!.rank < 2 || b!.rank < 2) throw new Error("operands must have rank ≥ 2");
    const k1 = a!.shape[a!.rank - 1]!;
    const k2 = b!.shape[b!.rank - 2]!;
    if (k1 !== k2) throw new Error(`inner dimensions differ: ${k1} vs ${k2}`);
    const batch = broadcastShapes(a!.shape.slice(0, -2), b!.shape.slice(0, -2));
    const shape: Dim[] = [...batch, a!.shape[a!.rank - 2]!, b!.shape[b!.rank - 1]!];
    return [{ dtype: a!.dtype, shape }];
  },
});
