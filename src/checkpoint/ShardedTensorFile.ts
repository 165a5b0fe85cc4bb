import { basename, dirname, join } from "node:path";
import { PrognosError } from "../util/errors.ts";
import { readJsonFile } from "../util/readJsonFile.ts";
import type { StoredTensor, TensorFile } from "./TensorFile.ts";

/**
 * A checkpoint split over several files by transformers (`model.safetensors.index.json` or
 * `pytorch_model.bin.index.json`, whose `weight_map` names the shard of every tensor), seen as one TensorFile.
 */
export class ShardedTensorFile implements TensorFile {
  private constructor(
    readonly file: string,
    readonly format: "safetensors" | "pytorch",
    readonly tensors: ReadonlyMap<string, StoredTensor>,
    readonly metadata: Readonly<Record<string, string>>,
    private readonly shards: TensorFile[],
  ) {}

  /** Shard files named by an index, relative to its folder. */
  static async shardNames(indexPath: string): Promise<string[]> {
    return [...new Set(Object.values(await readWeightMap(indexPath)))];
  }

  /** Opens every shard named by the index with `open` and checks that each tensor is in the shard it is mapped to. */
  static async open(indexPath: string, open: (path: string) => Promise<TensorFile>): Promise<ShardedTensorFile> {
    const weightMap = await readWeightMap(indexPath);
    const dir = dirname(indexPath);
    const shards: TensorFile[] = [];
    const tensors = new Map<string, StoredTensor>();
    try {
      for (const shard of new Set(Object.values(weightMap))) {
        const f = await open(join(dir, shard));
        shards.push(f);
        for (const [name, t] of f.tensors) {
          if (tensors.has(name))
            throw new PrognosError(`tensor "${name}" appears in more than one shard`, { file: f.file });
          if (weightMap[name] !== shard) {
            throw new PrognosError(`tensor "${name}" is not mapped to this shard by ${basename(indexPath)}`, {
              file: f.file,
            });
          }
          tensors.set(name, t);
        }
      }
      for (const [name, shard] of Object.entries(weightMap)) {
        if (!tensors.has(name))
          throw new PrognosError(`tensor "${name}" is missing from shard ${shard}`, { file: indexPath });
      }
    } catch (e) {
      await Promise.all(shards.map((s) => s.close()));
      throw e;
    }
    const format = shards[0]?.format ?? "safetensors";
    return new ShardedTensorFile(indexPath, format, tensors, {}, shards);
  }

  async close(): Promise<void> {
    await Promise.all(this.shards.map((s) => s.close()));
  }
}

async function readWeightMap(indexPath: string): Promise<Record<string, string>> {
  const json = readJsonFile(indexPath, "shard index") as { weight_map?: unknown } | null;
  const map = json && typeof json === "object" ? json.weight_map : undefined;
  if (typeof map !== "object" || map === null || Array.isArray(map)) {
    throw new PrognosError("the shard index has no weight_map object", { file: indexPath });
  }
  for (const [name, shard] of Object.entries(map)) {
    // Shards must be plain file names in the same folder: no paths that could point elsewhere.
    if (typeof shard !== "string" || shard === "" || /[/\\]/.test(shard) || shard === "." || shard === "..") {
      throw new PrognosError(`weight_map["${name}"] = ${JSON.stringify(shard)} is not a file name in this folder`, {
        file: indexPath,
      });
    }
  }
  if (Object.keys(map).length === 0) throw new PrognosError("the shard index maps no tensors", { file: indexPath });
  return map as Record<string, string>;
}
