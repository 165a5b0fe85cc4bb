import { PrognosError } from "../util/errors.ts";
import { ByteSource } from "./ByteSource.ts";
import { DTYPE_SIZES, type DType, decodeToFloat32, FLOAT_DTYPES } from "./DType.ts";
import { readLegacyTorchSave } from "./legacyTorchSave.ts";
import type { StoredTensor, TensorFile } from "./TensorFile.ts";
import { type TorchStorageRef, TorchTensorRef, torchPickleHooks } from "./torchPickleHooks.ts";
import { describe, PickleDict, unpickle } from "./Unpickler.ts";
import type { WeightTensor } from "./WeightTensor.ts";
import { ZipArchive, type ZipEntry } from "./ZipArchive.ts";

/**
 * A pytorch_model.bin written by torch.save: the zip archive of torch ≥ 1.6 (`<name>/data.pkl` and one record per
 * storage under `<name>/data/`), or the legacy format before it (pickles, then the storages' bytes; see
 * legacyTorchSave.ts). The pickle is read with the restricted unpickler on open; storages are read when a tensor
 * needs them, shared storages once.
 */
export class PytorchBinFile implements TensorFile {
  readonly format = "pytorch" as const;
  readonly metadata: Readonly<Record<string, string>> = {};
  readonly tensors: ReadonlyMap<string, StoredTensor>;
  private readonly storageUsers = new Map<string, number>();
  private readonly storageCache = new Map<string, Promise<Uint8Array>>();

  private constructor(
    private readonly source: ByteSource,
    /** Reads the bytes of one storage (a zip record, or a range of a legacy file), checked against its size. */
    private readonly loadStorage: (ref: TorchStorageRef) => Promise<Uint8Array>,
    private readonly littleEndian: boolean,
    refs: Array<[string, TorchTensorRef]>,
  ) {
    for (const [, t] of refs) this.storageUsers.set(t.storage.key, (this.storageUsers.get(t.storage.key) ?? 0) + 1);
    this.tensors = new Map(refs.map(([name, ref]) => [name, new PytorchTensor(this, name, ref)]));
  }

  get file(): string {
    return this.source.name;
  }

  /** Opens a file by path, or parses bytes already in memory (`name` is then used in messages). */
  static async open(pathOrBytes: string | Uint8Array, name = "pytorch_model.bin"): Promise<PytorchBinFile> {
    const source =
      typeof pathOrBytes === "string" ? await ByteSource.open(pathOrBytes) : ByteSource.fromBytes(pathOrBytes, name);
    try {
      return await PytorchBinFile.openSource(source);
    } catch (e) {
      await source.close();
      throw e;
    }
  }

  private static async openSource(source: ByteSource): Promise<PytorchBinFile> {
    const file = source.name;
    const head = await source.read(0, Math.min(source.size, 16), "the file signature");
    if (checkSignature(head, source.size, file) === "legacy") {
      const legacy = await readLegacyTorchSave(source);
      return new PytorchBinFile(source, legacy.storage, legacy.littleEndian, stateDictRefs(legacy.root, file));
    }
    const zip = await ZipArchive.open(source);
    const pkls = [...zip.entries.keys()].filter((n) => /^[^/]+\/data\.pkl$/.test(n));
    if (pkls.length !== 1) {
      throw new PrognosError(
        pkls.length === 0
          ? "zip archive without <name>/data.pkl: not a torch.save checkpoint"
          : `zip archive with ${pkls.length} data.pkl records: not a single torch.save checkpoint`,
        { file },
      );
    }
    const prefix = pkls[0]!.slice(0, -"data.pkl".length);
    let littleEndian = true;
    const byteorder = zip.entries.get(`${prefix}byteorder`);
    if (byteorder) {
      const order = Buffer.from(await zip.read(byteorder)).toString("latin1");
      if (order !== "little" && order !== "big") {
        throw new PrognosError(`unknown byteorder record ${JSON.stringify(order.slice(0, 20))}`, { file });
      }
      littleEndian = order === "little";
    }
    const pickle = await zip.read(zip.entries.get(pkls[0]!)!);
    const root = unpickle(pickle, `${file} (${pkls[0]})`, torchPickleHooks(file));
    const refs = stateDictRefs(root, file);
    return new PytorchBinFile(source, (ref) => loadZipStorage(zip, prefix, ref, file), littleEndian, refs);
  }

  /** Bytes of a storage record, read once and kept until its last tensor has been read. */
  async storageBytes(ref: TorchStorageRef, release: boolean): Promise<Uint8Array> {
    let p = this.storageCache.get(ref.key);
    if (!p) {
      p = this.loadStorage(ref);
      this.storageCache.set(ref.key, p);
    }
    if (release) {
      const left = (this.storageUsers.get(ref.key) ?? 1) - 1;
      this.storageUsers.set(ref.key, left);
      if (left <= 0) this.storageCache.delete(ref.key);
    }
    return p;
  }

  /** How many tensors of the state dict view this storage. */
  usersOf(ref: TorchStorageRef): number {
    return this.storageUsers.get(ref.key) ?? 0;
  }

  get byteOrderLittle(): boolean {
    return this.littleEndian;
  }

  async close(): Promise<void> {
    this.storageCache.clear();
    await this.source.close();
  }
}

class PytorchTensor implements StoredTensor {
  readonly dtype: DType;
  readonly shape: readonly number[];
  private readonly shared: boolean;

  constructor(
    private readonly owner: PytorchBinFile,
    private readonly name: string,
    private readonly ref: TorchTensorRef,
  ) {
    this.dtype = ref.storage.dtype;
    this.shape = ref.shape;
    this.shared = owner.usersOf(ref.storage) > 1;
  }

  async read(): Promise<WeightTensor> {
    if (!FLOAT_DTYPES.has(this.dtype)) {
      throw new PrognosError(`tensor "${this.name}" has dtype ${this.dtype}; weights must be F32, F16, BF16 or F64`, {
        file: this.owner.file,
      });
    }
    const bytes = await this.owner.storageBytes(this.ref.storage, true);
    return { shape: [...this.ref.shape], data: gather(bytes, this.ref, this.owner.byteOrderLittle, this.shared) };
  }
}

/** Materialises a strided view as a contiguous float32 array. Tensors that share a storage get their own copy. */
function gather(bytes: Uint8Array, ref: TorchTensorRef, littleEndian: boolean, shared: boolean): Float32Array {
  const { shape, stride, offset } = ref;
  const es = DTYPE_SIZES[ref.storage.dtype];
  let n = 1;
  let last = offset;
  let contiguous = true;
  let expect = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    n *= shape[d]!;
    if (shape[d]! > 0) last += (shape[d]! - 1) * stride[d]!;
    if (shape[d] !== 1 && stride[d] !== expect) contiguous = false;
    expect *= shape[d]!;
  }
  if (n === 0) return new Float32Array(0);
  const span = decodeToFloat32(bytes.subarray(offset * es, (last + 1) * es), ref.storage.dtype, littleEndian);
  if (contiguous) return shared && span.buffer === bytes.buffer ? span.slice() : span;
  const out = new Float32Array(n);
  const rank = shape.length;
  const idx = new Array<number>(rank).fill(0);
  let src = 0;
  for (let i = 0; i < n; i++) {
    out[i] = span[src]!;
    // Odometer over the dims, innermost first.
    for (let d = rank - 1; d >= 0; d--) {
      if (++idx[d]! < shape[d]!) {
        src += stride[d]!;
        break;
      }
      src -= (shape[d]! - 1) * stride[d]!;
      idx[d] = 0;
    }
  }
  return out;
}

/** The (name, tensor) pairs of an unpickled state dict, or a PrognosError saying what the pickle holds instead. */
function stateDictRefs(root: unknown, file: string): Array<[string, TorchTensorRef]> {
  if (!(root instanceof PickleDict)) {
    throw new PrognosError(`the pickle holds ${describe(root)}, not a state dict (a dict of tensors)`, { file });
  }
  const refs: Array<[string, TorchTensorRef]> = [];
  for (const [k, v] of root) {
    if (typeof k !== "string") throw new PrognosError(`state dict key of type ${describe(k)}`, { file });
    if (!(v instanceof TorchTensorRef)) {
      throw new PrognosError(`state dict entry "${k}" holds ${describe(v)}, not a tensor`, { file });
    }
    refs.push([k, v]);
  }
  return refs;
}

async function loadZipStorage(zip: ZipArchive, prefix: string, ref: TorchStorageRef, file: string) {
  const name = `${prefix}data/${ref.key}`;
  const entry: ZipEntry | undefined = zip.entries.get(name);
  if (!entry) throw new PrognosError(`storage record "${name}" is missing from the archive`, { file });
  const expected = ref.numel * DTYPE_SIZES[ref.dtype];
  if (entry.size !== expected) {
    throw new PrognosError(
      `storage record "${name}" has ${entry.size} bytes; ${ref.numel} ${ref.dtype} elements need ${expected}`,
      { file },
    );
  }
  return zip.read(entry);
}

/** Recognises what a pytorch_model.bin that is not a zip archive is, to say so instead of "bad zip". */
function checkSignature(head: Uint8Array, size: number, file: string): "zip" | "legacy" {
  if (size === 0) throw new PrognosError("the file is empty", { file });
  const zip = head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && (head[2] === 3 || head[2] === 5);
  if (zip) return "zip";
  if (head.length >= 9 && head[8] === 0x7b) {
    throw new PrognosError("this looks like a safetensors file, not a torch.save archive: name it model.safetensors", {
      file,
    });
  }
  if (head[0] === 0x80) return "legacy"; // a pickle's PROTO opcode: torch's legacy format (legacyTorchSave.ts)
  throw new PrognosError("not a torch.save checkpoint (no zip signature)", { file });
}
