import * as T from "../../tensorOps.ts";
import type { Value } from "../../Value.ts";
import { defineGrad } from "../gradRegistry.ts";
import { sumToShape } from "../sumToShape.ts";

defineGrad("Softmax", ({ outputs: [y], attrs }, [dy]) => {
  const axis = (attrs.axis as number | undefined) ?? -1;
  return [T.mul(y!, T.sub(dy!, T.reduceSum(T.mul(dy!, y!), [axis], true)))];
});

defineGrad("LogSoftmax", ({ outputs: [y], attrs }, [dy]) => {
  const axis = (attrs.axis as number | undefined) ?? -1;
  return [T.sub(dy!, T.mul(T.exp(y!), T.reduceSum(dy!, [axis], true)))];
});

/**
 * LayerNormalization over the last axis, recomputing the normalised input:
 * dx = rstd·(dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂)), dx̂ = dy·scale, dscale = Σ dy·x̂, dbias = Σ dy.
 */
defineGrad("LayerNormalization", ({ inputs: [x, scale], attrs }, [dy]) => {
  const eps = attrs.epsilon as number;
  const xc = T.sub(x!, T.reduceMean(x!, [-1], true));
  const rstd = T.div(1, T.sqrt(T.add(T.reduceMean(T.mul(xc, xc), [-1], true), eps)));
  const xhat = T.mul(xc, rstd);
  const dxhat = T.mul(dy!, scale!);
  const dx = T.mul(
    rstd,
    T.sub(T.sub(dxhat, T.reduceMean(dxhat, [-1], true)), T.mul(xhat, T.reduceMean(T.mul(dxhat, xhat), [-1], true))),
  );
  return [dx, sumToShape(T.mul(dy!, xhat), scale!.shape), sumToShape(dy!, scale!.shape)];
});

function reducedGrad(x: Value, dy: Value, axes: number[], keepdims: boolean): Value {
  const d = keepdims ? dy : T.unsqueeze(dy, axes);
  return T.expandAs(d, x);
}

defineGrad("ReduceSum", ({ inputs: [x], attrs }, [dy]) => [
  reducedGrad(x!, dy!, attrs.axes as number[], ((attrs.keepdims as number | undefined) ?? 1) === 1),
]);

defineGrad("ReduceMean", ({ inputs: [x], attrs }, [dy]) => {
  const axes = (attrs.axes as number[]).map((a) => (a < 0 ? a + x!.rank : a));
  const spread = reducedGrad(x!, dy!, axes, ((attrs.keepdims as number | undefined) ?? 1) === 1);
  const dims = axes.map((a) => x!.shape[a]!);
  if (dims.every((d) => typeof d === "number")) {
    return [
      T.div(
        spread,
        (dims as number[]).reduce((p, q) => p * q, 1),
      ),
    ];
  }
  // Symbolic count: divide by a reduction of ones, which broadcasts back.
  return [T.div(spread, T.reduceSum(T.fullLike(x!, 1), axes, true))];
});

/**
 * ReduceMax: the gradient goes to the position of the maximum. Where several elements tie for the maximum it is
 * split evenly among them — PyTorch's rule for `torch.amax` (and `max` without `dim`); `torch.max(x, dim)`
 * instead gives all of it to one index. dx = 1[x = y]·dy / #{x = y}, the count taken over the reduced axes.
 */
defineGrad("ReduceMax", ({ inputs: [x], outputs: [y], attrs }, [dy]) => {
  const axes = (attrs.axes as number[]).map((a) => (a < 0 ? a + x!.rank : a)).sort((a, b) => a - b);
  const keep = ((attrs.keepdims as number | undefined) ?? 1) === 1;
  const top = keep ? y! : T.unsqueeze(y!, axes);
  const d = keep ? dy! : T.unsqueeze(dy!, axes);
  const hit = T.cast(T.equal(x!, top), x!.dtype);
  return [T.mul(hit, T.div(d, T.reduceSum(hit, axes, true)))];
});
