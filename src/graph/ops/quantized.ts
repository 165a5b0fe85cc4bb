import { defineOp } from "../opRegistry.ts";
import type { Dim, Shape } from "../types.ts";
import type { Value } from "../Value.ts";

// Inference-only integer ops for dynamically quantized Linear layers (docs/quantization.md). None has a
// gradient rule: quantized graphs are never differentiated.

/** [..., K] × [K, N] → [..., N], the shape rule shared by the quantized matmuls (B is always a 2-D weight). */
function matMulShape(a: Value, b: Value): Shape {
  if (a.rank < 2 || b.rank !== 2) throw new Error("A must have rank ≥ 2 and B rank 2");
  const k1 = a.shape[a.rank - 1]!;
  const k2 = b.shape[0]!;
  if (k1 !== k2) throw new Error(`inner dimensions differ: ${k1} vs ${k2}`);
  return [...a.shape.slice(0, -1), b.shape[1]!] as Dim[];
}

function expect(v: Value | undefined, dtype: string, what: string): void {
  if (v && v.dtype !== dtype) throw new Error(`${what} must be ${dtype}, got ${v.dtype}`);
}

/** Per-tensor uint8 quantization of x computed at run time: y = saturate(round(x / scale) + zeroPoint). */
defineOp({
  type: "DynamicQuantizeLinear",
  arity: 1,
  infer: ([x]) => {
    expect(x, "float32", "x");
    return [
      { dtype: "uint8", shape: x!.shape },
      { dtype: "float32", shape: [] },
      { dtype: "uint8", shape: [] },
    ];
  },
});

/** (A − aZeroPoint) · (B − bZeroPoint) in int32; A uint8 [..., K], B int8 [K, N], b zero point per column. */
defineOp({
  type: "MatMulInteger",
  arity: [2, 4],
  infer: ([a, b, aZero, bZero]) => {
    expect(a, "uint8", "A");
    expect(b, "int8", "B");
    expect(aZero, "uint8", "a_zero_point");
    expect(bZero, "int8", "b_zero_point");
    return [{ dtype: "int32", shape: matMulShape(a!, b!) }];
  },
});

/**
 * ONNX Runtime's fused dynamic-quantized matmul (com.microsoft): quantizes float A per tensor at run time, multiplies
 * by int8 B [K, N] with scale `b_scale` ([N]: per output channel) and zero point, adds `bias`: float [..., N].
 */
defineOp({
  type: "DynamicQuantizeMatMul",
  domain: "com.microsoft",
  arity: [3, 5],
  infer: ([a, b, scale, zero, bias]) => {
    expect(a, "float32", "A");
    expect(b, "int8", "B");
    expect(scale, "float32", "b_scale");
    expect(zero, "int8", "b_zero_point");
    expect(bias, "float32", "bias");
    return [{ dtype: "float32", shape: matMulShape(a!, b!) }];
  },
});

/**
 * ONNX Runtime's MatMulIntegerToFloat (com.microsoft): A uint8 with its run-time scale and zero point, int8 B with
 * per-column scale, result (A−za)(B−zb)·sa·sb + bias in float. Inputs: A, B, a_scale, b_scale, a_zp, b_zp, bias.
 */
defineOp({
  type: "MatMulIntegerToFloat",
  domain: "com.microsoft",
  arity: [4, 7],
  infer: ([a, b, aScale, bScale]) => {
    expect(a, "uint8", "A");
    expect(b, "int8", "B");
    expect(aScale, "float32", "a_scale");
    expect(bScale, "float32", "b_scale");
    return [{ dtype: "float32", shape: matMulShape(a!, b!) }];
  },
});
