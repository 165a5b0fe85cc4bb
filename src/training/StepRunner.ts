import type { Engine, Session } from "../engine/Engine.ts";
import { toOnnx } from "../graph/onnxWriter.ts";
import type { Dim, TensorData } from "../graph/types.ts";
import type { DropoutSite } from "../nn/DropoutMasks.ts";
import { ADAM_BETA1, ADAM_BETA2 } from "../nn/optimizerGraph.ts";
import { SeededRandom } from "../util/SeededRandom.ts";
import type { Example } from "./Batch.ts";
import type { TrainGraphArgs, TrainStepGraph } from "./buildTrainStep.ts";
import { bertStepGraphs, type StepGraphs } from "./StepGraphs.ts";
import { carriedState, loopSession, stackFeeds, stepGroups } from "./stepLoop.ts";
import type { TrainState } from "./TrainState.ts";

const f32 = (shape: number[], data: Float32Array): TensorData => ({ dtype: "float32", shape, data });
const scalar = (x: number): TensorData => f32([], Float32Array.of(x));

/**
 * Runs optimizer steps as ONNX Runtime calls: one call per step (one micro-batch), or with gradient
 * accumulation one call per micro-batch plus one to apply. Dropout masks are drawn from
 * SeededRandom(seed, "dropout", step, micro-batch, site), so any step can be replayed exactly (for --resume).
 * The graphs and feeds come from a StepGraphs (the BERT classifier's by default, `create`; any model's with
 * `fromGraphs`). `steps` runs several steps of one micro-batch each in one call (the train graph in an ONNX Loop,
 * toOnnxLoop.ts), so parameters and moments cross into JS once per call (docs/engine.md, "Several steps per call").
 */
export class StepRunner<E = Example> {
  private constructor(
    private readonly graphs: StepGraphs<E>,
    private readonly engine: Engine,
    private readonly train: TrainStepGraph,
    private readonly applySession: Session | undefined,
    readonly padTokenId: number,
    readonly seed: number,
    private readonly key: string,
    /** At most this many steps per ONNX Runtime call in `steps` (1: the one-step graph only). */
    readonly stepsPerCall: number,
  ) {}

  /** The BERT sequence classifier's runner (`prognos train`). */
  static create(
    args: TrainGraphArgs,
    engine: Engine,
    options: { accumulate: boolean; padTokenId: number; seed: number; key: string; stepsPerCall?: number },
  ): Promise<StepRunner<Example>> {
    return StepRunner.fromGraphs(bertStepGraphs(args, options.padTokenId), engine, options);
  }

  /** A runner for any model's step graphs. */
  static async fromGraphs<T>(
    graphs: StepGraphs<T>,
    engine: Engine,
    options: { accumulate: boolean; padTokenId?: number; seed: number; key: string; stepsPerCall?: number },
  ): Promise<StepRunner<T>> {
    const stepsPerCall = options.stepsPerCall ?? 1;
    if (!Number.isInteger(stepsPerCall) || stepsPerCall < 1)
      throw new Error(`stepsPerCall must be a positive integer, received ${stepsPerCall}`);
    const train = options.accumulate ? graphs.buildAccumulate() : graphs.buildTrain();
    // With several steps per call and no accumulation every step runs in the Loop (compiled below): the one-step
    // graph is compiled only if `step` is called.
    if (stepsPerCall === 1 || options.accumulate)
      await engine.session(`${options.key}:${train.graph.name}`, () => toOnnx(train.graph));
    const applySession = options.accumulate
      ? await engine.session(`${options.key}:apply`, () => toOnnx(graphs.buildApply(train.params)))
      : undefined;
    const runner = new StepRunner(
      graphs,
      engine,
      train,
      applySession,
      options.padTokenId ?? 0,
      options.seed,
      options.key,
      stepsPerCall,
    );
    if (stepsPerCall > 1 && !options.accumulate) await runner.loopSession();
    return runner;
  }

  /** The one-step (or accumulate) graph's session, compiled once per engine and key. */
  private trainSession(): Promise<Session> {
    const graph = this.train.graph;
    return this.engine.session(`${this.key}:${graph.name}`, () => toOnnx(graph));
  }

  get params() {
    return this.train.params;
  }

  private masks(sites: readonly DropoutSite[], dims: Record<string, number>, step: number, micro: number) {
    const feeds: Record<string, TensorData> = {};
    sites.forEach((site, k) => {
      const shape = site.shape.map((d: Dim) => (typeof d === "number" ? d : dims[d]!));
      const n = shape.reduce((a, b) => a * b, 1);
      const keep = SeededRandom.from(this.seed, "dropout", step, micro, k).fillKeepMask(new Uint8Array(n), site.rate);
      feeds[site.input] = { dtype: "bool", shape, data: keep };
    });
    return feeds;
  }

  private paramFeeds(state: TrainState, withMoments: boolean): Record<string, TensorData> {
    const feeds: Record<string, TensorData> = {};
    for (const p of this.train.params) {
      feeds[p.name] = f32(p.shape, state.params.get(p.name)!);
      if (withMoments && this.graphs.optimizer === "adamw") {
        feeds[`m.${p.name}`] = f32(p.shape, state.m.get(p.name)!);
        feeds[`v.${p.name}`] = f32(p.shape, state.v.get(p.name)!);
      }
    }
    return feeds;
  }

  private stepScalars(lr: number, t: number): Record<string, TensorData> {
    return { lr: scalar(lr), bc1: scalar(1 - ADAM_BETA1 ** t), bc2: scalar(1 - ADAM_BETA2 ** t) };
  }

  private adopt(state: TrainState, out: Record<string, TensorData>, steps = 1): void {
    for (const p of this.train.params) {
      state.params.set(p.name, out[`new.${p.name}`]!.data as Float32Array);
      if (this.graphs.optimizer === "adamw") {
        state.m.set(p.name, out[`new_m.${p.name}`]!.data as Float32Array);
        state.v.set(p.name, out[`new_v.${p.name}`]!.data as Float32Array);
      }
    }
    state.step += steps;
  }

  /**
   * One optimizer step over `microBatches` (one or more, for accumulation) at learning rate `lr`. Updates
   * `state` in place and returns the mean loss, the gradient norm before clipping, and (without accumulation) the
   * train graph's other outputs.
   */
  async step(
    state: TrainState,
    microBatches: readonly (readonly E[])[],
    lr: number,
    classWeights?: Float32Array,
  ): Promise<{ loss: number; gradNorm: number; outputs: Record<string, TensorData> }> {
    const extra = this.graphs.stepFeeds?.(classWeights) ?? {};
    const t = state.step + 1;
    const feedsFor = (examples: readonly E[], micro: number) => {
      const { feeds, dims } = this.graphs.feeds(examples, false);
      return { ...feeds, ...extra, ...this.masks(this.train.dropoutSites, dims, state.step, micro) };
    };
    if (!this.applySession) {
      if (microBatches.length !== 1) throw new Error("this runner was built without gradient accumulation");
      const out = await (await this.trainSession()).run({
        ...this.stepFeeds(microBatches[0]!, state.step, lr, extra),
        ...this.paramFeeds(state, true),
      });
      const loss = Number(out.loss!.data[0]);
      const gradNorm = Number(out.grad_norm!.data[0]);
      this.adopt(state, out);
      return { loss, gradNorm, outputs: out };
    }
    const acc: Record<string, TensorData> = {};
    for (const p of this.train.params)
      acc[`acc.${p.name}`] = f32(p.shape, new Float32Array(state.params.get(p.name)!.length));
    let lossSum = 0;
    const rows = microBatches.reduce((n, m) => n + m.length, 0);
    const shares = this.graphs.shares?.(microBatches, classWeights) ?? microBatches.map((m) => m.length / rows);
    const params = this.paramFeeds(state, false);
    for (let k = 0; k < microBatches.length; k++) {
      const out = await (await this.trainSession()).run({
        ...feedsFor(microBatches[k]!, k),
        ...params,
        ...acc,
        // Each micro-batch's loss weighted by its share of the whole batch's loss (rows, or class-weight sums).
        loss_scale: scalar(shares[k]!),
      });
      lossSum += Number(out.loss!.data[0]) * shares[k]!;
      for (const p of this.train.params) acc[`acc.${p.name}`] = out[`new_acc.${p.name}`]!;
    }
    const out = await this.applySession.run({ ...this.paramFeeds(state, true), ...acc, ...this.stepScalars(lr, t) });
    const gradNorm = Number(out.grad_norm!.data[0]);
    this.adopt(state, out);
    return { loss: lossSum, gradNorm, outputs: {} };
  }

  /** Everything but the state that step `step` (0-based) of one micro-batch feeds the train graph. */
  private stepFeeds(examples: readonly E[], step: number, lr: number, extra: Record<string, TensorData>) {
    const { feeds, dims } = this.graphs.feeds(examples, false);
    return {
      ...feeds,
      ...extra,
      ...this.masks(this.train.dropoutSites, dims, step, 0),
      ...this.stepScalars(lr, step + 1),
    };
  }

  /**
   * Optimizer steps state.step + 1, state.step + 2, … : step k on the micro-batch `batches[k]` at learning rate
   * `lrs[k]`. Consecutive steps whose feeds have the same shapes run up to `stepsPerCall` at a time in one ONNX
   * Runtime call (the train graph in a Loop; with stepsPerCall > 1 a lone step too), with the same bits as one call
   * per step (test/training/stepsPerCall.test.ts); a runner with gradient accumulation runs them one by one.
   * Updates `state` and returns each step's loss and gradient norm before clipping.
   */
  async steps(
    state: TrainState,
    batches: readonly (readonly E[])[],
    lrs: readonly number[],
    classWeights?: Float32Array,
  ): Promise<{ loss: number; gradNorm: number }[]> {
    if (batches.length !== lrs.length) throw new Error(`${batches.length} batches but ${lrs.length} learning rates`);
    const results: { loss: number; gradNorm: number }[] = [];
    if (this.stepsPerCall === 1 || this.applySession) {
      for (let k = 0; k < batches.length; k++)
        results.push(await this.step(state, [batches[k]!], lrs[k]!, classWeights));
      return results;
    }
    const extra = this.graphs.stepFeeds?.(classWeights) ?? {};
    const first = state.step;
    const feedsAt = (j: number) => this.stepFeeds(batches[j]!, first + j, lrs[j]!, extra);
    for (const group of stepGroups(batches.length, this.stepsPerCall, feedsAt)) {
      // A group of one runs in the Loop too: one session, so one ONNX Runtime memory arena, grows to a step's peak
      // (with the one-step session beside it, both would hold a step's activations: +4.5 GiB for BERT-base 2×128).
      const out = await (await this.loopSession()).run({ ...stackFeeds(group), ...this.paramFeeds(state, true) });
      for (let i = 0; i < group.length; i++)
        results.push({ loss: Number(out.loss!.data[i]), gradNorm: Number(out.grad_norm!.data[i]) });
      this.adopt(state, out, group.length);
    }
    return results;
  }

  /** The train graph in an ONNX Loop: parameters and moments carried from step to step, the rest stacked. */
  private loopSession(): Promise<Session> {
    const carried = carriedState(this.train.params, this.graphs.optimizer);
    return loopSession(this.engine, this.key, this.train.graph, carried);
  }

  /** Every output of the predict graph for `examples` with the current parameters (no dropout). */
  async predictOutputs(state: TrainState, examples: readonly E[]): Promise<Record<string, TensorData>> {
    const session = await this.engine.session(`${this.key}:predict`, () => toOnnx(this.graphs.buildPredict().graph));
    const { feeds } = this.graphs.feeds(examples, true);
    return session.run({ ...feeds, ...this.paramFeeds(state, false) });
  }

  /**
   * Logits [rows, labels] for `examples` with the current parameters (no dropout): one row per example, or with
   * windows one per window, the examples' windows in order (pooled per note by the caller).
   */
  async predict(state: TrainState, examples: readonly E[]): Promise<Float32Array> {
    return (await this.predictOutputs(state, examples)).logits!.data as Float32Array;
  }
}
