import { endianness } from "node:os";
import { PrognosError } from "../util/errors.ts";
import { ByteSource } from "./ByteSource.ts";
import { DTYPE_SIZES, type DType, decodeToFloat32, FLOAT_DTYPES } from "./DType.ts";
import { readSafetensorsHeader, type SafetensorsEntry } from "./SafetensorsHeader.ts";
import type { StoredTensor, TensorFile } from "./TensorFile.ts";
import type { WeightTensor } from "./WeightTensor.ts";

/**
 * A safetensors file opened for reading. The header is validated on open (see readSafetensorsHeader); each
 * tensor's bytes are read when asked for, straight into the float32 array for F32 tensors (no extra copy).
 */
export class SafetensorsFile implements TensorFile {
  readonly format = "safetensors" as const;
  readonly tensors: ReadonlyMap<string, StoredTensor>;

  private constructor(
    private readonly source: ByteSource,
    readonly metadata: Readonly<Record<string, string>>,
    entries: SafetensorsEntry[],
    dataStart: number,
  ) {
    this.tensors = new Map(entries.map((e) => [e.name, new SafetensorsTensor(source, e, dataStart)]));
  }

  get file(): string {
    return this.source.name;
  }

  /** Opens a file by path, or parses bytes already in memory (`name` is then used in messages). */
  static async open(pathOrBytes: string | Uint8Array, name = "model.safetensors"): Promise<SafetensorsFile> {
    const source =
      typeof pathOrBytes === "string" ? await ByteSource.open(pathOrBytes) : ByteSource.fromBytes(pathOrBytes, name);
    try {
      const header = await readSafetensorsHeader(source);
      return new SafetensorsFile(source, header.metadata, header.entries, header.dataStart);
    } catch (e) {
      await source.close();
      throw e;
    }
  }

  async close(): Promise<void> {
    await this.source.close();
  }
}

const HOST_LE = endianness() === "LE";

class SafetensorsTensor implements StoredTensor {
  readonly dtype: DType;
  readonly shape: readonly number[];

  constructor(
    private readonly source: ByteSource,
    private readonly entry: SafetensorsEntry,
    private readonly dataStart: number,
  ) {
    this.dtype = entry.dtype;
    this.shape = entry.shape;
  }

  async read(): Promise<WeightTensor> {
    const { name, dtype, begin, end } = this.entry;
    if (!FLOAT_DTYPES.has(dtype)) {
      throw new PrognosError(`tensor "${name}" has dtype ${dtype}; weights must be F32, F16, BF16 or F64`, {
        file: this.source.name,
      });
    }
    const what = `tensor "${name}"`;
    let data: Float32Array;
    if (dtype === "F32" && HOST_LE) {
      // Read straight into the result's memory.
      data = new Float32Array((end - begin) / DTYPE_SIZES.F32);
      await this.source.readInto(new Uint8Array(data.buffer), this.dataStart + begin, what);
    } else {
      data = decodeToFloat32(await this.source.read(this.dataStart + begin, end - begin, what), dtype);
    }
    return { shape: [...this.entry.shape], data };
  }

  readBytes(): Promise<Uint8Array> {
    const { name, begin, end } = this.entry;
    return this.source.read(this.dataStart + begin, end - begin, `tensor "${name}"`);
  }
}
