import * as T from "../../tensorOps.ts";
import { GraphError } from "../../types.ts";
import { defineGrad } from "../gradRegistry.ts";
import { sumToShape } from "../sumToShape.ts";

defineGrad("Add", ({ inputs: [a, b] }, [dy]) => [sumToShape(dy!, a!.shape), sumToShape(dy!, b!.shape)]);
defineGrad("Sub", ({ inputs: [a, b] }, [dy]) => [sumToShape(dy!, a!.shape), sumToShape(T.neg(dy!), b!.shape)]);
defineGrad("Mul", ({ inputs: [a, b] }, [dy]) => [
  sumToShape(T.mul(dy!, b!), a!.shape),
  sumToShape(T.mul(dy!, a!), b!.shape),
]);
defineGrad("Div", ({ inputs: [a, b], outputs: [y] }, [dy]) => {
  const da = T.div(dy!, b!);
  return [sumToShape(da, a!.shape), sumToShape(T.neg(T.mul(da, y!)), b!.shape)];
});
defineGrad("Pow", ({ inputs: [a, b] }, [dy]) => {
  // Only constant exponents: d/da a^b = b·a^(b−1); the exponent gets no gradient.
  if (!a!.graph.initializers.has(b!.name)) throw new GraphError("Pow: only a constant exponent is differentiable");
  return [sumToShape(T.mul(T.mul(dy!, b!), T.pow(a!, T.sub(b!, 1))), a!.shape), undefined];
});

defineGrad("Identity", (_, [dy]) => [dy]);
defineGrad("Neg", (_, [dy]) => [T.neg(dy!)]);
defineGrad("Erf", ({ inputs: [x] }, [dy]) => [T.mul(T.mul(dy!, 2 / Math.sqrt(Math.PI)), T.exp(T.neg(T.mul(x!, x!))))]);
defineGrad("Tanh", ({ outputs: [y] }, [dy]) => [T.mul(dy!, T.sub(1, T.mul(y!, y!)))]);
defineGrad("Relu", ({ inputs: [x] }, [dy]) => [T.where(T.greater(x!, 0), dy!, dy!.graph.scalar(0, dy!.dtype))]);
defineGrad("Sqrt", ({ outputs: [y] }, [dy]) => [T.div(T.mul(dy!, 0.5), y!)]);
defineGrad("Exp", ({ outputs: [y] }, [dy]) => [T.mul(dy!, y!)]);
defineGrad("Log", ({ inputs: [x] }, [dy]) => [T.div(dy!, x!)]);
defineGrad("Sigmoid", ({ outputs: [y] }, [dy]) => [T.mul(T.mul(dy!, y!), T.sub(1, y!))]);
defineGrad("Softplus", ({ inputs: [x] }, [dy]) => [T.mul(dy!, T.sigmoid(x!))]);
defineGrad("Abs", ({ inputs: [x] }, [dy]) => [T.mul(dy!, T.sign(x!))]);
defineGrad("Reciprocal", ({ outputs: [y] }, [dy]) => [T.neg(T.mul(dy!, T.mul(y!, y!)))]);

const FLOATS = new Set(["float32", "float64", "float16"]);
defineGrad("Cast", ({ inputs: [x] }, [dy]) => [FLOATS.has(x!.dtype) ? T.cast(dy!, x!.dtype) : undefined]);

defineGrad("Where", ({ inputs: [c, x, y] }, [dy]) => {
  const zero = dy!.graph.scalar(0, dy!.dtype);
  return [undefined, sumToShape(T.where(c!, dy!, zero), x!.shape), sumToShape(T.where(c!, zero, dy!), y!.shape)];
});

defineGrad("Expand", ({ inputs: [x] }, [dy]) => [sumToShape(dy!, x!.shape), undefined]);
