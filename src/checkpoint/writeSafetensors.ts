import { type FileHandle, open, rename, rm } from "node:fs/promises";
import { PrognosError } from "../util/errors.ts";
import { DTYPE_SIZES, encodeFloat32 } from "./DType.ts";
import { formatShape, numel, type WeightTensor } from "./WeightTensor.ts";

export interface SafetensorsWriteOptions {
  /** Element type written for every tensor. Default "F32"; "F16" halves the size (rounding to nearest even). */
  dtype?: "F32" | "F16";
  /** Written as `__metadata__` (string → string), e.g. `{ format: "pt" }` as transformers writes. */
  metadata?: Record<string, string>;
}

/** A tensor written as stored, not converted: a quantized model's int8 weights (docs/quantization.md). */
export interface Int8Tensor {
  shape: number[];
  int8Values: Int8Array;
}

type Writable = WeightTensor | Int8Tensor;

interface Layout {
  header: Uint8Array;
  order: Array<[string, Writable]>;
  dtype: "F32" | "F16";
}

function bytesOf(t: Writable, dtype: "F32" | "F16"): Uint8Array {
  if ("int8Values" in t) return new Uint8Array(t.int8Values.buffer, t.int8Values.byteOffset, t.int8Values.byteLength);
  return encodeFloat32(t.data, dtype);
}

/**
 * Plans a safetensors file like the reference implementation: tensors sorted by name, packed back to back; the
 * JSON header padded with spaces so the data section starts at a multiple of 8 bytes.
 */
function layout(tensors: Iterable<[string, Writable]>, options: SafetensorsWriteOptions): Layout {
  const dtype = options.dtype ?? "F32";
  const order = [...tensors].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const header: Record<string, unknown> = {};
  if (options.metadata && Object.keys(options.metadata).length > 0) header.__metadata__ = options.metadata;
  let offset = 0;
  for (const [name, t] of order) {
    if (name === "__metadata__" || Object.hasOwn(header, name)) {
      throw new PrognosError(`cannot write a tensor named ${JSON.stringify(name)} to safetensors`);
    }
    const count = "int8Values" in t ? t.int8Values.length : t.data.length;
    if (numel(t.shape) !== count) {
      throw new PrognosError(
        `tensor "${name}" has shape ${formatShape(t.shape)} (${numel(t.shape)} values) but ${count} values`,
      );
    }
    const tensorType = "int8Values" in t ? "I8" : dtype;
    const size = count * DTYPE_SIZES[tensorType];
    header[name] = { dtype: tensorType, shape: t.shape, data_offsets: [offset, offset + size] };
    offset += size;
  }
  const json = Buffer.from(JSON.stringify(header), "utf8");
  const padded = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + padded).fill(0x20);
  new DataView(out.buffer).setBigUint64(0, BigInt(padded), true);
  out.set(json, 8);
  return { header: out, order, dtype };
}

/** Serialises tensors to safetensors bytes in memory (for small models and tests). */
export function serializeSafetensors(
  tensors: Iterable<[string, Writable]>,
  options: SafetensorsWriteOptions = {},
): Uint8Array {
  const { header, order, dtype } = layout(tensors, options);
  const parts = [header, ...order.map(([, t]) => bytesOf(t, dtype))];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let pos = 0;
  for (const p of parts) {
    out.set(p, pos);
    pos += p.byteLength;
  }
  return out;
}

/**
 * Writes tensors to a safetensors file, tensor by tensor (no second copy of the whole model in memory), to a
 * temporary file renamed into place at the end so a crash never leaves a half-written model.safetensors.
 */
export async function writeSafetensors(
  path: string,
  tensors: Iterable<[string, Writable]>,
  options: SafetensorsWriteOptions = {},
): Promise<void> {
  const { header, order, dtype } = layout(tensors, options);
  const tmp = `${path}.tmp-${process.pid}`;
  const fh = await open(tmp, "w");
  try {
    await writeAll(fh, header);
    for (const [, t] of order) await writeAll(fh, bytesOf(t, dtype));
    await fh.close();
    await rename(tmp, path);
  } catch (e) {
    await fh.close().catch(() => {});
    await rm(tmp, { force: true });
    throw e;
  }
}

async function writeAll(fh: FileHandle, bytes: Uint8Array): Promise<void> {
  let done = 0;
  while (done < bytes.byteLength) {
    const { bytesWritten } = await fh.write(bytes, done, Math.min(bytes.byteLength - done, 1 << 30));
    done += bytesWritten;
  }
}
