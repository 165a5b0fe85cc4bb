import { createHash } from "node:crypto";
import { open, readFile, realpath } from "node:fs/promises";
import type { CheckpointFiles } from "./CheckpointFiles.ts";

/** How a weight file is recognised without reading it whole. */
export interface WeightFileIdentity {
  /** Absolute path, symbolic links resolved. */
  path: string;
  bytes: number;
  /** Modification time in nanoseconds (a decimal string: it exceeds 2^53). */
  mtimeNs: string;
  /** Inode number: a file replaced by a rename (how writers usually save) gets a new one. */
  inode: string;
  /** SHA-256 of the first and the last SAMPLE_BYTES (the safetensors/zip header and index sit there). */
  sampleSha256: string;
}

/**
 * What identifies the content of a checkpoint folder for caches: config.json's SHA-256 and, for every weight
 * file (the shard index and each shard when sharded), its path, size, modification time, inode and a hash of
 * its first and last 64 KiB. Computed before the weights are read, so a file that changes while it is being
 * loaded leaves behind a key that will not match again.
 */
export interface CheckpointIdentity {
  /** The folder, absolute, symbolic links resolved. */
  dir: string;
  configSha256: string;
  weights: WeightFileIdentity[];
}

export const SAMPLE_BYTES = 64 * 1024;

export async function checkpointIdentity(files: CheckpointFiles): Promise<CheckpointIdentity> {
  const paths = files.weights.sharded ? [files.weights.path, ...files.weights.shards] : [files.weights.path];
  return {
    dir: await realpath(files.dir),
    configSha256: createHash("sha256")
      .update(await readFile(files.config))
      .digest("hex"),
    weights: await Promise.all(paths.map(weightFileIdentity)),
  };
}

async function weightFileIdentity(path: string): Promise<WeightFileIdentity> {
  const fh = await open(path, "r");
  try {
    const s = await fh.stat({ bigint: true });
    const size = Number(s.size);
    const hash = createHash("sha256");
    const ranges: [number, number][] =
      size <= 2 * SAMPLE_BYTES
        ? [[0, size]]
        : [
            [0, SAMPLE_BYTES],
            [size - SAMPLE_BYTES, SAMPLE_BYTES],
          ];
    for (const [position, length] of ranges) {
      const buf = Buffer.alloc(length);
      const { bytesRead } = await fh.read(buf, 0, length, position);
      hash.update(buf.subarray(0, bytesRead));
    }
    return {
      path: await realpath(path),
      bytes: size,
      mtimeNs: String(s.mtimeNs),
      inode: String(s.ino),
      sampleSha256: hash.digest("hex"),
    };
  } finally {
    await fh.close();
  }
}
