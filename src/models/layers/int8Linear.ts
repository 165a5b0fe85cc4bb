import type { Graph } from "../../graph/Graph.ts";
import * as T from "../../graph/tensorOps.ts";
import type { Value } from "../../graph/Value.ts";

/**
 * How a dynamically quantized Linear is written in ONNX (docs/quantization.md, both measured by bench/int8):
 * - "fused": ONNX Runtime's com.microsoft DynamicQuantizeMatMul (one node: quantize x per tensor, u8·s8 matmul,
 *   per-channel scale, bias);
 * - "integer": standard ONNX DynamicQuantizeLinear → MatMulInteger → Cast → Mul(x scale · w scale) → Add(bias).
 */
export type Int8Form = "fused" | "integer";
export const INT8_FORMS: readonly Int8Form[] = ["fused", "integer"];

/** An int8 Linear weight as graph values: weight int8 [in, out] (transposed like linearWeight), scale float [out]. */
export interface Int8LinearWeight {
  weight: Value;
  scale: Value;
  form: Int8Form;
}

/** x [..., in] → x·dequant(W)ᵀ + b with x quantized to uint8 at run time, per tensor. */
export function int8Linear(g: Graph, x: Value, w: Int8LinearWeight, bias: Value): Value {
  const zero = g.constant({ dtype: "int8", shape: [], data: new Int8Array(1) }, "w_zero_point");
  if (w.form === "fused") return g.apply1("DynamicQuantizeMatMul", [x, w.weight, w.scale, zero, bias]);
  const [xq, xScale, xZero] = g.apply("DynamicQuantizeLinear", [x]) as [Value, Value, Value];
  const acc = g.apply1("MatMulInteger", [xq, w.weight, xZero, zero]);
  return T.add(T.mul(T.cast(acc, "float32"), T.mul(xScale, w.scale)), bias);
}
