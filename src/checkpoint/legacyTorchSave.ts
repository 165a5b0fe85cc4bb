import { PrognosError } from "../util/errors.ts";
import type { ByteSource } from "./ByteSource.ts";
import { DTYPE_SIZES } from "./DType.ts";
import { type TorchStorageRef, torchPickleHooks } from "./torchPickleHooks.ts";
import { describe, PickleDict, type PickleHooks, unpickleFrom } from "./Unpickler.ts";

/** torch's legacy magic number, the first pickle of every legacy file. */
const MAGIC = 0x1950a86a20f9469cfc6cn;
const PROTOCOL_VERSION = 1001;
/** The pickles sit before the storages; a BERT-large state dict's pickle is ~60 KB. Read this much first. */
const FIRST_READ = 4 << 20;
const MAX_READ = 256 << 20;

/** What a legacy file holds: the unpickled object, its byte order, and where each storage's bytes lie. */
export interface LegacyTorchSave {
  root: unknown;
  littleEndian: boolean;
  /** The bytes of one storage (checked against the size the file records in front of them). */
  storage(ref: TorchStorageRef): Promise<Uint8Array>;
}

/** Hooks for the small header pickles: plain values only, no globals, no persistent ids. */
const plainHooks = (file: string): PickleHooks => ({
  findGlobal: (module, name) => {
    throw new PrognosError(`unexpected global ${module}.${name} in the legacy file header`, { file });
  },
  reduce: () => {
    throw new PrognosError("unexpected call in the legacy file header", { file });
  },
  persistentLoad: () => {
    throw new PrognosError("unexpected persistent id in the legacy file header", { file });
  },
});

/**
 * Reads torch's legacy serialization (torch.save before torch 1.6, or with `_use_new_zipfile_serialization=False`):
 * five pickles in a row — the magic number, the protocol version (1001), sys_info (byte order), the object itself
 * (storages as persistent ids), the list of storage keys — then, for each key in that list, an int64 element count
 * and the storage's raw bytes. Checkpoints of 2019–2020 (pytorch-pretrained-bert, ClinicalBERT's Google Drive folder,
 * many Hugging Face uploads of that time) are in this format. Only headers are read here; storages on demand.
 */
export async function readLegacyTorchSave(source: ByteSource): Promise<LegacyTorchSave> {
  const file = source.name;
  let length = Math.min(source.size, FIRST_READ);
  for (;;) {
    const head = await source.read(0, length, "the legacy pickles");
    try {
      return await parse(source, head);
    } catch (e) {
      const truncated = e instanceof PrognosError && /unexpected end of the pickle/.test(e.message);
      if (!truncated || length >= source.size || length >= MAX_READ) throw e;
      length = Math.min(source.size, length * 8, MAX_READ);
    }
  }

  async function parse(src: ByteSource, head: Uint8Array): Promise<LegacyTorchSave> {
    const plain = plainHooks(file);
    const magic = unpickleFrom(head, 0, file, plain);
    if (magic.value !== MAGIC) {
      throw new PrognosError("not a torch.save checkpoint (no zip signature, and not torch's legacy format)", { file });
    }
    const version = unpickleFrom(head, magic.end, file, plain);
    if (version.value !== PROTOCOL_VERSION) {
      throw new PrognosError(`unsupported legacy torch.save protocol version ${String(version.value)}`, { file });
    }
    const sysInfo = unpickleFrom(head, version.end, file, plain);
    const info = sysInfo.value instanceof PickleDict ? sysInfo.value : undefined;
    const little = info?.get("little_endian");
    if (typeof little !== "boolean") throw new PrognosError("legacy torch.save header without little_endian", { file });
    const hooks = torchPickleHooks(file);
    const storages = new Map<string, TorchStorageRef>();
    const persistentLoad = hooks.persistentLoad;
    hooks.persistentLoad = (pid) => {
      const ref = persistentLoad(pid) as TorchStorageRef;
      storages.set(ref.key, ref);
      return ref;
    };
    const root = unpickleFrom(head, sysInfo.end, file, hooks);
    const keys = unpickleFrom(head, root.end, file, plain);
    if (!Array.isArray(keys.value) || keys.value.some((k) => typeof k !== "string")) {
      throw new PrognosError(`the legacy storage key list is ${describe(keys.value)}, not a list of strings`, {
        file,
      });
    }
    const dv = new DataView(new ArrayBuffer(8));
    const where = new Map<string, { offset: number; bytes: number }>();
    let pos = keys.end;
    for (const key of keys.value as string[]) {
      const ref = storages.get(key);
      if (!ref) throw new PrognosError(`the legacy storage list names "${key}", which no tensor uses`, { file });
      if (where.has(key)) throw new PrognosError(`storage "${key}" is listed twice`, { file });
      new Uint8Array(dv.buffer).set(await src.read(pos, 8, `the size of storage "${key}"`));
      const numel = Number(dv.getBigInt64(0, little));
      if (numel !== ref.numel) {
        throw new PrognosError(`storage "${key}" records ${numel} elements; the tensors declare ${ref.numel}`, {
          file,
        });
      }
      const bytes = numel * DTYPE_SIZES[ref.dtype];
      where.set(key, { offset: pos + 8, bytes });
      pos += 8 + bytes;
      if (pos > src.size) {
        throw new PrognosError(
          `file is truncated: storage "${key}" ends at byte ${pos} but the file has ${src.size} bytes`,
          { file },
        );
      }
    }
    for (const key of storages.keys()) {
      if (!where.has(key)) throw new PrognosError(`storage "${key}" has no data in the file`, { file });
    }
    return {
      root: root.value,
      littleEndian: little,
      storage: (ref) => {
        const at = where.get(ref.key)!;
        return src.read(at.offset, at.bytes, `storage "${ref.key}"`);
      },
    };
  }
}
