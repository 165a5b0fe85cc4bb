import { createHash, randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";
import type { GraphCacheEntry } from "./graphCacheEntry.ts";

/** Receives one line (no trailing newline) when the cache is damaged or cannot be written. */
export type CacheWarn = (message: string) => void;

/** The small JSON file written next to each cached graph: what it is and how to check it. */
interface CacheRecord {
  format: typeof FORMAT;
  bytes: number;
  sha256: string;
  kind: string;
  source: string;
  created: string;
}

const FORMAT = "prognos-graph-cache/1";
/** PROGNOS_CACHE values that turn the cache off. */
export const CACHE_OFF_VALUES = ["off", "0"];
/** Temporary files older than this are left-overs of killed processes and are removed. */
const STALE_TEMP_MS = 60 * 60 * 1000;
/** Error codes of a path that does not exist (yet): a plain miss. */
const MISSING = ["ENOENT", "ENOTDIR"];
const ENTRY_NAME = /^([a-z0-9-]+-[0-9a-f]{16}-[0-9a-f]{32})\.(onnx|json)$/;
const TEMP_NAME = /^\.[a-z0-9-]+-[0-9a-f]{16}-[0-9a-f]{32}\.(onnx|json)\.\d+\.[0-9a-f]{8}\.tmp$/;

const stderrWarn: CacheWarn = (message) => process.stderr.write(`prognos: warning: ${message}\n`);

/**
 * Built ONNX graphs kept on disk between processes (docs/model-cache.md), so a model opens without building
 * its graph again. Each entry is `<name>.onnx`, the graph exactly as built, and `<name>.json`, its length and
 * SHA-256. Both are written under temporary names in the same folder and renamed into place, so processes
 * filling the cache at once never see a partial file; an entry whose graph does not match its record
 * (truncated, damaged) is reported in one warning and rebuilt. The cache never fails a command: a folder that
 * cannot be written is one warning, and the model is built as without a cache.
 */
export class GraphCache {
  constructor(
    readonly dir: string,
    readonly warn: CacheWarn = stderrWarn,
  ) {}

  /**
   * The folder the environment asks for: PROGNOS_CACHE when set (a path, or "off"/"0" for none), else
   * `$XDG_CACHE_HOME/prognos`, else `~/.cache/prognos`. Undefined when the cache is off.
   */
  static directory(env: NodeJS.ProcessEnv = process.env): string | undefined {
    const value = env.PROGNOS_CACHE?.trim();
    if (value) return CACHE_OFF_VALUES.includes(value.toLowerCase()) ? undefined : resolve(value);
    const xdg = env.XDG_CACHE_HOME;
    if (xdg && isAbsolute(xdg)) return join(xdg, "prognos");
    return join(homedir(), ".cache", "prognos");
  }

  /** The cache the environment asks for (see `directory`), or undefined when it is off. */
  static fromEnv(env: NodeJS.ProcessEnv = process.env, warn?: CacheWarn): GraphCache | undefined {
    const dir = GraphCache.directory(env);
    return dir === undefined ? undefined : new GraphCache(dir, warn);
  }

  graphPath(entry: GraphCacheEntry): string {
    return join(this.dir, `${entry.name}.onnx`);
  }

  recordPath(entry: GraphCacheEntry): string {
    return join(this.dir, `${entry.name}.json`);
  }

  /**
   * The path of `entry`'s graph once its length and SHA-256 match its record; undefined on a miss. An entry
   * with no record yet (never written, or another process is writing it) is a plain miss; a damaged record or
   * graph is a miss with one warning.
   */
  async lookup(entry: GraphCacheEntry): Promise<string | undefined> {
    const graph = this.graphPath(entry);
    const recordPath = this.recordPath(entry);
    let text: string;
    try {
      text = await readFile(recordPath, "utf8");
    } catch (e) {
      if (!MISSING.includes(errorCode(e) ?? "")) {
        this.warn(`cannot read the model cache record ${recordPath} (${describe(e)})`);
      }
      return undefined;
    }
    const record = parseRecord(text);
    if (!record) {
      this.warn(`${recordPath}: damaged model cache record; rebuilding the graph`);
      return undefined;
    }
    let bytes: number;
    try {
      bytes = (await stat(graph)).size;
    } catch (e) {
      if (!MISSING.includes(errorCode(e) ?? "")) this.warn(`cannot read the cached graph ${graph} (${describe(e)})`);
      return undefined;
    }
    if (bytes !== record.bytes) {
      this.warn(
        `${graph}: cached graph is truncated or damaged (${bytes} bytes, expected ${record.bytes}); rebuilding it`,
      );
      return undefined;
    }
    let sha: string;
    try {
      sha = await sha256File(graph);
    } catch (e) {
      this.warn(`cannot read the cached graph ${graph} (${describe(e)}); rebuilding it`);
      return undefined;
    }
    if (sha !== record.sha256) {
      this.warn(`${graph}: cached graph is damaged (SHA-256 does not match its record); rebuilding it`);
      return undefined;
    }
    return graph;
  }

  /**
   * Writes `model` as `entry` (graph first, record last, each renamed into place), then prunes the folder
   * (older versions of the same model, entries of deleted model folders, stale temporary files). Never throws.
   */
  async store(entry: GraphCacheEntry, model: Uint8Array): Promise<void> {
    const record: CacheRecord = {
      format: FORMAT,
      bytes: model.byteLength,
      sha256: createHash("sha256").update(model).digest("hex"),
      kind: entry.kind,
      source: entry.source,
      created: new Date().toISOString(),
    };
    const temps: string[] = [];
    const writeAtomically = async (path: string, name: string, data: Uint8Array | string) => {
      const temp = join(this.dir, `.${name}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
      temps.push(temp);
      await writeFile(temp, data);
      await rename(temp, path);
    };
    try {
      await mkdir(this.dir, { recursive: true });
      await writeAtomically(this.graphPath(entry), `${entry.name}.onnx`, model);
      await writeAtomically(this.recordPath(entry), `${entry.name}.json`, `${JSON.stringify(record, null, 2)}\n`);
    } catch (e) {
      this.warn(`cannot write the model cache in ${this.dir} (${describe(e)}); continuing without it`);
      await Promise.all(temps.map((t) => rm(t, { force: true }).catch(() => undefined)));
      return;
    }
    await this.prune(entry).catch(() => undefined);
  }

  /**
   * Removes other versions of `kept`'s slot, entries whose model folder no longer exists (models in temporary
   * folders), and temporary files older than an hour. Only files named as this cache names them.
   */
  private async prune(kept: GraphCacheEntry): Promise<void> {
    const now = Date.now();
    for (const name of await readdir(this.dir)) {
      const path = join(this.dir, name);
      const entry = ENTRY_NAME.exec(name);
      if (entry && entry[1] !== kept.name) {
        if (entry[1]!.startsWith(`${kept.slot}-`)) await rm(path, { force: true });
        else if (entry[2] === "json" && (await sourceIsGone(path))) {
          await rm(join(this.dir, `${entry[1]}.onnx`), { force: true });
          await rm(path, { force: true });
        }
      } else if (TEMP_NAME.test(name) && now - (await stat(path)).mtimeMs > STALE_TEMP_MS) {
        await rm(path, { force: true });
      }
    }
  }
}

/** Whether the record at `path` names a model folder that no longer exists (false when unsure). */
async function sourceIsGone(path: string): Promise<boolean> {
  try {
    const source = (JSON.parse(await readFile(path, "utf8")) as Partial<CacheRecord>).source;
    if (typeof source !== "string" || !isAbsolute(source)) return false;
    await stat(source);
    return false;
  } catch (e) {
    return errorCode(e) === "ENOENT";
  }
}

function parseRecord(text: string): CacheRecord | undefined {
  try {
    const r = JSON.parse(text) as Partial<CacheRecord>;
    const ok =
      r.format === FORMAT &&
      Number.isSafeInteger(r.bytes) &&
      (r.bytes as number) >= 0 &&
      typeof r.sha256 === "string" &&
      /^[0-9a-f]{64}$/.test(r.sha256);
    return ok ? (r as CacheRecord) : undefined;
  } catch {
    return undefined;
  }
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path, { highWaterMark: 4 << 20 })) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

function errorCode(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException | undefined)?.code;
}

function describe(e: unknown): string {
  return errorCode(e) ?? (e as Error).message;
}
