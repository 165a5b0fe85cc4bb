import { endianness } from "node:os";

/** Element types a weight file may declare, with their sizes in bytes (safetensors' names). */
export const DTYPE_SIZES = {
  BOOL: 1,
  U8: 1,
  I8: 1,
  F8_E5M2: 1,
  F8_E4M3: 1,
  I16: 2,
  U16: 2,
  F16: 2,
  BF16: 2,
  I32: 4,
  U32: 4,
  F32: 4,
  I64: 8,
  U64: 8,
  F64: 8,
} as const;

export type DType = keyof typeof DTYPE_SIZES;

/** The dtypes that convert to float32 weights. Integer and boolean tensors are not weights. */
export const FLOAT_DTYPES: ReadonlySet<DType> = new Set<DType>(["F32", "F16", "BF16", "F64"]);

export function isDType(s: unknown): s is DType {
  return typeof s === "string" && Object.hasOwn(DTYPE_SIZES, s);
}

const HOST_LE = endianness() === "LE";

let f16Table: Float32Array | undefined;

/** float16 bit pattern → float32, for all 65,536 patterns (256 KB, built once). */
function halfTable(): Float32Array {
  if (f16Table) return f16Table;
  const t = new Float32Array(65536);
  for (let h = 0; h < 65536; h++) {
    const sign = h & 0x8000 ? -1 : 1;
    const exp = (h >> 10) & 0x1f;
    const frac = h & 0x3ff;
    if (exp === 0) t[h] = sign * frac * 2 ** -24;
    else if (exp === 31) t[h] = frac ? Number.NaN : sign * Number.POSITIVE_INFINITY;
    else t[h] = sign * (1 + frac / 1024) * 2 ** (exp - 15);
  }
  f16Table = t;
  return t;
}

/**
 * Decodes `bytes` holding `dtype` elements into float32. F32 bytes that are 4-byte aligned on a little-endian host
 * come back as a view over the same memory (no copy); everything else is a fresh array. Throws a plain Error for
 * non-float dtypes: callers check FLOAT_DTYPES first and throw a PrognosError naming the tensor.
 */
export function decodeToFloat32(bytes: Uint8Array, dtype: DType, littleEndian = true): Float32Array {
  const size = DTYPE_SIZES[dtype];
  if (bytes.byteLength % size !== 0) throw new Error(`${bytes.byteLength} bytes is not a whole number of ${dtype}`);
  const n = bytes.byteLength / size;
  const native = littleEndian === HOST_LE;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (dtype) {
    case "F32": {
      if (native && bytes.byteOffset % 4 === 0) return new Float32Array(bytes.buffer, bytes.byteOffset, n);
      const out = new Float32Array(n);
      if (native) new Uint8Array(out.buffer).set(bytes);
      else for (let i = 0; i < n; i++) out[i] = dv.getFloat32(i * 4, littleEndian);
      return out;
    }
    case "F16": {
      const t = halfTable();
      const out = new Float32Array(n);
      if (native && bytes.byteOffset % 2 === 0) {
        const u16 = new Uint16Array(bytes.buffer, bytes.byteOffset, n);
        for (let i = 0; i < n; i++) out[i] = t[u16[i]!]!;
      } else for (let i = 0; i < n; i++) out[i] = t[dv.getUint16(i * 2, littleEndian)]!;
      return out;
    }
    case "BF16": {
      // bfloat16 is the top half of a float32: shift the bits into place.
      const out = new Float32Array(n);
      const bits = new Uint32Array(out.buffer);
      for (let i = 0; i < n; i++) bits[i] = dv.getUint16(i * 2, littleEndian) << 16;
      return out;
    }
    case "F64": {
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = dv.getFloat64(i * 8, littleEndian);
      return out;
    }
    default:
      throw new Error(`${dtype} is not a floating-point dtype`);
  }
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** float32 → float16 bit pattern, rounding to nearest even; overflow → ±Infinity, NaN stays NaN. */
export function float32ToFloat16Bits(value: number): number {
  f32[0] = value;
  const x = u32[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  let e = exp - 127 + 15;
  if (e >= 31) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    const half = 1 << (shift - 1);
    let h = mant >> shift;
    const rest = mant & ((1 << shift) - 1);
    if (rest > half || (rest === half && h & 1)) h++;
    return sign | h;
  }
  let h = mant >> 13;
  const rest = mant & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && h & 1)) {
    h++;
    if (h === 0x400) {
      h = 0;
      e++;
      if (e >= 31) return sign | 0x7c00;
    }
  }
  return sign | (e << 10) | h;
}

/** Encodes float32 values as little-endian F32 or F16 bytes. */
export function encodeFloat32(values: Float32Array, dtype: "F32" | "F16"): Uint8Array {
  if (dtype === "F32") {
    if (HOST_LE) return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
    const out = new Uint8Array(values.length * 4);
    const dv = new DataView(out.buffer);
    values.forEach((v, i) => dv.setFloat32(i * 4, v, true));
    return out;
  }
  const out = new Uint8Array(values.length * 2);
  const dv = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) dv.setUint16(i * 2, float32ToFloat16Bits(values[i]!), true);
  return out;
}
