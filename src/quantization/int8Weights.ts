/**
 * Per-output-channel symmetric int8 weights (docs/quantization.md): for each row o of a Linear weight W [out, in],
 * scale[o] = max_i |W[o, i]| / 63 and q[o, i] = round(W[o, i] / scale[o]) in −63…63 (zero point 0). A row of
 * zeros gets scale 1. Dequantized, W ≈ q · scale.
 *
 * 7 bits, not 8 (ONNX Runtime's `reduce_range`): on x86 CPUs without VNNI (AVX2, AVX-512 without VNNI) ONNX
 * Runtime multiplies the u8 activations by the s8 weights with vpmaddubsw, which adds two u8 · s8 products in a
 * saturating int16. With |q| ≤ 127 the pair reaches 2 · 255 · 127 = 64,770 and saturates: on such a CPU the int8
 * Linear gave 0.92 where the ONNX specification gives 1.44. With |q| ≤ 63 the pair stays below 2 · 255 · 63 = 32,130.
 */

/** The largest |q|: 7-bit weights, so that no CPU's int16 pair sums saturate (above). */
export const INT8_WEIGHT_MAX = 63;
export interface Int8Weight {
  /** [out, in] row-major, like the float weight it replaces. */
  values: Int8Array;
  /** [out]: one scale per output channel. */
  scales: Float32Array;
}

/** Quantizes a [out, in] float weight per output channel. Rounds half away from zero, like Math.round on |x|. */
export function quantizePerChannel(data: Float32Array, outFeatures: number, inFeatures: number): Int8Weight {
  if (data.length !== outFeatures * inFeatures) {
    throw new Error(`${data.length} values for a [${outFeatures}, ${inFeatures}] weight`);
  }
  const values = new Int8Array(data.length);
  const scales = new Float32Array(outFeatures);
  for (let o = 0; o < outFeatures; o++) {
    const row = o * inFeatures;
    let amax = 0;
    for (let i = 0; i < inFeatures; i++) amax = Math.max(amax, Math.abs(data[row + i]!));
    const scale = amax > 0 ? Math.fround(amax / INT8_WEIGHT_MAX) : 1;
    scales[o] = scale;
    for (let i = 0; i < inFeatures; i++) {
      const x = data[row + i]! / scale;
      const q = Math.sign(x) * Math.round(Math.abs(x));
      values[row + i] = Math.max(-INT8_WEIGHT_MAX, Math.min(INT8_WEIGHT_MAX, q));
    }
  }
  return { values, scales };
}

/** q · scale per output channel: the float weight an int8 weight stands for ([out, in] row-major). */
export function dequantizePerChannel(w: Int8Weight, inFeatures: number): Float32Array {
  const out = new Float32Array(w.values.length);
  for (let i = 0; i < out.length; i++) out[i] = w.values[i]! * w.scales[Math.floor(i / inFeatures)]!;
  return out;
}

/**
 * The Linear layers a quantized BERT stores and runs in int8: each encoder layer's query, key, value, attention
 * output, intermediate and output dense weights. Embeddings, LayerNorms, the pooler and the task head stay fp32.
 */
export const QUANTIZED_LINEAR =
  /^encoder\.layer\.\d+\.(attention\.self\.(query|key|value)|attention\.output\.dense|intermediate\.dense|output\.dense)\.weight$/;

/** The safetensors name of a quantized weight's per-channel scales: `<weight name>_scale`. */
export function scaleName(weightName: string): string {
  return `${weightName}_scale`;
}
