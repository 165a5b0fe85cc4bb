import { availableParallelism } from "node:os";
import * as ort from "onnxruntime-node";
import type { TensorData } from "../graph/types.ts";
import { PrognosError } from "../util/errors.ts";
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
}

/** A compiled graph ready to run: feeds and fetches are plain TensorData. */
export class Session {
  constructor(
    readonly inner: ort.InferenceSession,
    readonly executionProvider: string,
  ) {}

  get inputNames(): readonly string[] {
    return this.inner.inputNames;
  }

  get outputNames(): readonly string[] {
    return this.inner.outputNames;
  }

  async run(feeds: Record<string, TensorData>, fetches?: string[]): Promise<Record<string, TensorData>> {
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
 * per graph key, so a model's graph is built and compiled once per process.
 */
export class Engine {
  private readonly cache = new Map<string, Promise<Session>>();
  readonly threads: number;
  readonly executionProviders: string[];

  private constructor(private readonly args: EngineArgs) {
    this.threads = args.threads ?? availableParallelism();
    if (!Number.isInteger(this.threads) || this.threads < 1) {
      throw new PrognosError(`\`threads\` must be a positive integer, received ${String(args.threads)}`);
    }
    this.executionProviders = args.executionProviders ?? ["cpu"];
  }

  static create(args: EngineArgs = {}): Engine {
    return new Engine(args);
  }

  /** Returns the cached session for `key`, building the ONNX model with `build` the first time. */
  session(key: string, build: () => Uint8Array): Promise<Session> {
    let s = this.cache.get(key);
    if (!s) {
      s = this.createSession(build());
      this.cache.set(key, s);
      s.catch(() => this.cache.delete(key));
    }
    return s;
  }

  private async createSession(model: Uint8Array): Promise<Session> {
    const failures: string[] = [];
    for (const ep of this.executionProviders) {
      try {
        const inner = await ort.InferenceSession.create(model, {
          executionProviders: [ep],
          intraOpNumThreads: this.threads,
          interOpNumThreads: 1,
          executionMode: "sequential",
          graphOptimizationLevel: this.args.optimization ?? "all",
        });
        return new Session(inner, ep);
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
