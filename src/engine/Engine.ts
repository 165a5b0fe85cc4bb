import { availableParallelism } from "node:os";
import * as ort from "onnxruntime-node";
import type { TensorData } from "../graph/types.ts";
import { PrognosError } from "../util/errors.ts";
import { GraphCache } from "./GraphCache.ts";
import type { GraphCacheEntry } from "./graphCacheEntry.ts";
import { fromOrt, toOrt } from "./tensors.ts";

/** Options of the compute engine; every field has a default. */
export interface EngineArgs {
  /** Intra-op threads. Default: all cores (`os.availableParallelism()`). */
  threads?: number;
  /**
   * Execution providers tried in order, e.g. ["cuda", "cpu"]. Default ["cpu"]. The same graphs run on every
   * provider; if none can start, one error lists every failure.
   */
  executionProviders?: string[];
  /** ONNX Runtime graph optimisation level. Default "all". */
  optimization?: "disabled" | "basic" | "extended" | "all";
  /**
   * Where built graphs are kept between processes (docs/model-cache.md). Default: the folder PROGNOS_CACHE
   * names (`GraphCache.fromEnv()`); null: none.
   */
  graphCache?: GraphCache | null;
  /**
   * Whether ONNX Runtime's worker threads spin while waiting for work (its default, true), instead of sleeping. Off
   * suits a process that does other work between runs (a server), where spinning threads take its cores.
   */
  spinning?: boolean;
  /** Called before every run of a graph, with the graph's key (tests count encoder passes with it). */
  onRun?: (key: string) => void;
}

/** A compiled graph ready to run: feeds and fetches are plain TensorData. */
export class Session {
  constructor(
    readonly inner: ort.InferenceSession,
    readonly executionProvider: string,
    private readonly onRun?: () => void,
  ) {}

  get inputNames(): readonly string[] {
    return this.inner.inputNames;
  }

  get outputNames(): readonly string[] {
    return this.inner.outputNames;
  }

  async run(feeds: Record<string, TensorData>, fetches?: string[]): Promise<Record<string, TensorData>> {
    this.onRun?.();
    const ortFeeds: Record<string, ort.Tensor> = {};
    for (const [name, t] of Object.entries(feeds)) ortFeeds[name] = toOrt(t);
    const result = fetches ? await this.inner.run(ortFeeds, fetches) : await this.inner.run(ortFeeds);
    const out: Record<string, TensorData> = {};
    for (const [name, t] of Object.entries(result)) {
      out[name] = fromOrt(t);
    }
    return out;
  }

  release(): Promise<void> {
    return this.inner.release();
  }
}

/**
 * The one place that creates ONNX Runtime sessions (threads, providers, optimisation level) and caches them
 * per graph key, so a model's graph is built and compiled once per process; graphs given a GraphCacheEntry
 * are also kept on disk, so they are built once per model (docs/model-cache.md).
 */
export class Engine {
  private readonly cache = new Map<string, Promise<Session>>();
  readonly threads: number;
  readonly executionProviders: string[];
  readonly graphCache: GraphCache | undefined;

  private constructor(private readonly args: EngineArgs) {
    this.threads = args.threads ?? availableParallelism();
    if (!Number.isInteger(this.threads) || this.threads < 1) {
      throw new PrognosError(`\`threads\` must be a positive integer, received ${String(args.threads)}`);
    }
    this.executionProviders = args.executionProviders ?? ["cpu"];
    this.graphCache = args.graphCache === undefined ? GraphCache.fromEnv() : (args.graphCache ?? undefined);
  }

  static create(args: EngineArgs = {}): Engine {
    return new Engine(args);
  }

  /**
   * Returns the session for `key`, building the ONNX model with `build` the first time. With `stored`, the
   * graph comes from the GraphCache when it holds a sound copy, and is written there after a build.
   */
  session(key: string, build: () => Uint8Array | Promise<Uint8Array>, stored?: GraphCacheEntry): Promise<Session> {
    let s = this.cache.get(key);
    if (!s) {
      s =
        stored && this.graphCache
          ? this.cachedSession(key, this.graphCache, stored, build)
          : Promise.resolve(build()).then((model) => this.createSession(key, model));
      this.cache.set(key, s);
      s.catch(() => this.cache.delete(key));
    }
    return s;
  }

  private async cachedSession(
    key: string,
    cache: GraphCache,
    entry: GraphCacheEntry,
    build: () => Uint8Array | Promise<Uint8Array>,
  ): Promise<Session> {
    const path = await cache.lookup(entry);
    let failure: unknown;
    if (path) {
      try {
        return await this.createSession(key, path);
      } catch (e) {
        failure = e;
      }
    }
    const model = await build();
    const session = await this.createSession(key, model);
    if (failure) {
      const why = (failure as Error).message.replace(/\s+/g, " ");
      cache.warn(`${path}: ONNX Runtime could not load the cached graph (${why}); rebuilt it`);
    }
    await cache.store(entry, model);
    return session;
  }

  /** A session for an ONNX model given as bytes or as a file path (ONNX Runtime reads the file itself). */
  private async createSession(key: string, model: Uint8Array | string): Promise<Session> {
    const failures: string[] = [];
    for (const ep of this.executionProviders) {
      try {
        const options: ort.InferenceSession.SessionOptions = {
          executionProviders: [ep],
          intraOpNumThreads: this.threads,
          interOpNumThreads: 1,
          executionMode: "sequential",
          graphOptimizationLevel: this.args.optimization ?? "all",
          ...(this.args.spinning === false && { extra: { session: { intra_op: { allow_spinning: "0" } } } }),
        };
        const inner =
          typeof model === "string"
            ? await ort.InferenceSession.create(model, options)
            : await ort.InferenceSession.create(model, options);
        const onRun = this.args.onRun;
        return new Session(inner, ep, onRun && (() => onRun(key)));
      } catch (e) {
        failures.push(`${ep}: ${(e as Error).message}`);
      }
    }
    throw new PrognosError(`no execution provider could run the graph:\n  ${failures.join("\n  ")}`);
  }

  async release(): Promise<void> {
    const sessions = [...this.cache.values()];
    this.cache.clear();
    for (const s of sessions) await (await s).release();
  }
}
