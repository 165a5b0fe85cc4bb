import type { Engine, Session } from "../../engine/Engine.ts";
import { toOnnx } from "../../graph/onnxWriter.ts";
import type { Dim, TensorData } from "../../graph/types.ts";
import type { DropoutSite } from "../../nn/DropoutMasks.ts";
import type { TrainableParam } from "../../nn/InputParamSource.ts";
import { ADAM_BETA1, ADAM_BETA2 } from "../../nn/optimizerGraph.ts";
import { SeededRandom } from "../../util/SeededRandom.ts";
import type { TrainStepGraph } from "../buildTrainStep.ts";
import { carriedState, loopSession, raggedInputs, stackFeeds, stepGroups } from "../stepLoop.ts";
import type { TrainState } from "../TrainState.ts";
import {
  buildPretrainAccumulateStep,
  buildPretrainApplyStep,
  buildPretrainEval,
  buildPretrainStep,
  type PretrainGraphArgs,
} from "./buildPretrainStep.ts";
import { batchTotals, type PretrainRow, pretrainFeeds } from "./pretrainFeeds.ts";

const f32 = (shape: number[], data: Float32Array): TensorData => ({ dtype: "float32", shape, data });
const scalar = (x: number): TensorData => f32([], Float32Array.of(x));
/** The learning rate and AdamW's bias corrections of optimizer step t (1-based). */
const stepScalars = (lr: number, t: number) => ({
  lr: scalar(lr),
  bc1: scalar(1 - ADAM_BETA1 ** t),
  bc2: scalar(1 - ADAM_BETA2 ** t),
});

/** Losses of one step or one evaluation (means over the batch, as Hugging Face's BertForPreTraining reports). */
export interface PretrainLosses {
  loss: number;
  /** Present when the graph has the objective. */
  mlmLoss?: number;
  nspLoss?: number;
  /** Rows whose next-sentence prediction (argmax) was right. */
  nspCorrect?: number;
  rows: number;
  masked: number;
}

/**
 * Runs pre-training steps as ONNX Runtime calls, like StepRunner does for fine-tuning: one call per step, or with
 * gradient accumulation one per micro-batch plus one to apply; `steps` runs several steps of one micro-batch each
 * in one call (the train graph in an ONNX Loop, stepLoop.ts). Micro-batches are weighted by their share of the
 * batch's rows (next-sentence loss) and masked tokens (masked-LM loss), so any micro-batch size gives the same
 * loss and gradient as the whole batch. Dropout masks come from SeededRandom(seed, "dropout", step, micro-batch,
 * site): any step can be replayed exactly (--resume).
 */
export class PretrainStepRunner {
  private evalSession: Session | undefined;

  private constructor(
    readonly args: PretrainGraphArgs,
    private readonly engine: Engine,
    private readonly train: TrainStepGraph,
    private readonly applySession: Session | undefined,
    private readonly padTokenId: number,
    private readonly seed: number,
    private readonly key: string,
    /** At most this many steps per ONNX Runtime call in `steps` (1: the one-step graph only). */
    readonly stepsPerCall: number,
  ) {}

  static async create(
    args: PretrainGraphArgs,
    engine: Engine,
    options: { accumulate: boolean; padTokenId: number; seed: number; key: string; stepsPerCall?: number },
  ): Promise<PretrainStepRunner> {
    const stepsPerCall = options.stepsPerCall ?? 1;
    if (!Number.isInteger(stepsPerCall) || stepsPerCall < 1)
      throw new Error(`stepsPerCall must be a positive integer, received ${stepsPerCall}`);
    const built = options.accumulate ? buildPretrainAccumulateStep(args) : buildPretrainStep(args);
    const applySession = options.accumulate
      ? await engine.session(`${options.key}:pretrain_apply`, () => toOnnx(buildPretrainApplyStep(args, built.params)))
      : undefined;
    const runner = new PretrainStepRunner(
      args,
      engine,
      built,
      applySession,
      options.padTokenId,
      options.seed,
      options.key,
      stepsPerCall,
    );
    // As in StepRunner: with several steps per call and no accumulation every step runs in the Loop, so the
    // one-step graph is compiled only if `step` is called.
    await (stepsPerCall > 1 && !options.accumulate ? runner.loopSession() : runner.trainSession());
    return runner;
  }

  get params(): readonly TrainableParam[] {
    return this.train.params;
  }

  private get sites(): readonly DropoutSite[] {
    return this.train.dropoutSites;
  }

  /** The one-step (or accumulate) graph's session, compiled once per engine and key. */
  private trainSession(): Promise<Session> {
    const graph = this.train.graph;
    return this.engine.session(`${this.key}:${graph.name}`, () => toOnnx(graph));
  }

  private carried(): Map<string, string> {
    return carriedState(this.params, this.args.optimizer);
  }

  /** The train graph in an ONNX Loop; the feeds with a dim of their own per step (seq, masked) ragged. */
  private loopSession(): Promise<Session> {
    const carried = this.carried();
    return loopSession(this.engine, this.key, this.train.graph, carried, raggedInputs(this.train.graph, carried));
  }

  private dropout(dims: Record<string, number>, step: number, micro: number): Record<string, TensorData> {
    const feeds: Record<string, TensorData> = {};
    this.sites.forEach((site, k) => {
      const shape = site.shape.map((d: Dim) => (typeof d === "number" ? d : dims[d]!));
      const n = shape.reduce((a, b) => a * b, 1);
      const keep = SeededRandom.from(this.seed, "dropout", step, micro, k).fillKeepMask(new Uint8Array(n), site.rate);
      feeds[site.input] = { dtype: "bool", shape, data: keep };
    });
    return feeds;
  }

  private paramFeeds(state: TrainState, withMoments: boolean): Record<string, TensorData> {
    const feeds: Record<string, TensorData> = {};
    for (const p of this.params) {
      feeds[p.name] = f32(p.shape, state.params.get(p.name)!);
      if (withMoments && this.args.optimizer === "adamw") {
        feeds[`m.${p.name}`] = f32(p.shape, state.m.get(p.name)!);
        feeds[`v.${p.name}`] = f32(p.shape, state.v.get(p.name)!);
      }
    }
    return feeds;
  }

  private adopt(state: TrainState, out: Record<string, TensorData>, steps = 1): void {
    for (const p of this.params) {
      state.params.set(p.name, out[`new.${p.name}`]!.data as Float32Array);
      if (this.args.optimizer === "adamw") {
        state.m.set(p.name, out[`new_m.${p.name}`]!.data as Float32Array);
        state.v.set(p.name, out[`new_v.${p.name}`]!.data as Float32Array);
      }
    }
    state.step += steps;
  }

  /** Adds one call's outputs (of several steps: step k's) to running losses. */
  private tally(sum: PretrainLosses, out: Record<string, TensorData>, rows: readonly PretrainRow[], k = 0): void {
    sum.loss += Number(out.loss!.data[k]);
    if (out.mlm_loss) sum.mlmLoss = (sum.mlmLoss ?? 0) + Number(out.mlm_loss.data[k]);
    if (out.nsp_loss) sum.nspLoss = (sum.nspLoss ?? 0) + Number(out.nsp_loss.data[k]);
    if (out.nsp_logits) {
      const logits = out.nsp_logits.data as Float32Array;
      const at = 2 * rows.length * k;
      let correct = 0;
      rows.forEach((r, b) => {
        const predicted = logits[at + 2 * b + 1]! > logits[at + 2 * b]! ? 1 : 0;
        if (predicted === r.nspLabel) correct++;
      });
      sum.nspCorrect = (sum.nspCorrect ?? 0) + correct;
    }
  }

  /**
   * One optimizer step over `microBatches` (together: the batch) at learning rate `lr`; updates `state` in place.
   * Returns the batch's losses and the gradient norm before clipping.
   */
  async step(
    state: TrainState,
    microBatches: readonly (readonly PretrainRow[])[],
    lr: number,
  ): Promise<PretrainLosses & { gradNorm: number }> {
    const totals = batchTotals(microBatches.flat());
    const sum: PretrainLosses = { loss: 0, ...totals };
    const scalars = stepScalars(lr, state.step + 1);
    const feedsFor = (rows: readonly PretrainRow[], micro: number) => {
      const { feeds, batch, seq } = pretrainFeeds(rows, this.padTokenId, totals, this.args);
      return { ...feeds, ...this.dropout({ batch, seq }, state.step, micro) };
    };
    if (!this.applySession) {
      if (microBatches.length !== 1) throw new Error("this runner was built without gradient accumulation");
      const out = await (await this.trainSession()).run({
        ...feedsFor(microBatches[0]!, 0),
        ...this.paramFeeds(state, true),
        ...scalars,
      });
      this.tally(sum, out, microBatches[0]!);
      const gradNorm = Number(out.grad_norm!.data[0]);
      this.adopt(state, out);
      return { ...sum, gradNorm };
    }
    let acc: Record<string, TensorData> = {};
    for (const p of this.params)
      acc[`acc.${p.name}`] = f32(p.shape, new Float32Array(state.params.get(p.name)!.length));
    const params = this.paramFeeds(state, false);
    for (let k = 0; k < microBatches.length; k++) {
      const out = await (await this.trainSession()).run({ ...feedsFor(microBatches[k]!, k), ...params, ...acc });
      this.tally(sum, out, microBatches[k]!);
      acc = Object.fromEntries(this.params.map((p) => [`acc.${p.name}`, out[`new_acc.${p.name}`]!]));
    }
    const out = await this.applySession.run({ ...this.paramFeeds(state, true), ...acc, ...scalars });
    const gradNorm = Number(out.grad_norm!.data[0]);
    this.adopt(state, out);
    return { ...sum, gradNorm };
  }

  /**
   * Optimizer steps state.step + 1, state.step + 2, … : step k on the one micro-batch `batches[k]` at learning rate
   * `lrs[k]`. Up to `stepsPerCall` consecutive steps run in one ONNX Runtime call (a new call where the batch's row
   * count changes, when the next-sentence logits come back per step), with the bits of one call per step
   * (test/training/pretrainStepsPerCall.test.ts); a runner with gradient accumulation runs them one by one.
   * Updates `state` and returns each step's losses and gradient norm before clipping.
   */
  async steps(
    state: TrainState,
    batches: readonly (readonly PretrainRow[])[],
    lrs: readonly number[],
  ): Promise<(PretrainLosses & { gradNorm: number })[]> {
    if (batches.length !== lrs.length) throw new Error(`${batches.length} batches but ${lrs.length} learning rates`);
    const results: (PretrainLosses & { gradNorm: number })[] = [];
    if (this.stepsPerCall === 1 || this.applySession) {
      for (let k = 0; k < batches.length; k++) results.push(await this.step(state, [batches[k]!], lrs[k]!));
      return results;
    }
    const first = state.step;
    const feedsAt = (j: number) => {
      const rows = batches[j]!;
      const { feeds, batch, seq } = pretrainFeeds(rows, this.padTokenId, batchTotals(rows), this.args);
      return { ...feeds, ...this.dropout({ batch, seq }, first + j, 0), ...stepScalars(lrs[j]!, first + j + 1) };
    };
    const carried = this.carried();
    const ragged = raggedInputs(this.train.graph, carried);
    for (const group of stepGroups(batches.length, this.stepsPerCall, feedsAt, ragged)) {
      const out = await (await this.loopSession()).run({
        ...stackFeeds(group, ragged),
        ...this.paramFeeds(state, true),
      });
      for (let i = 0; i < group.length; i++) {
        const rows = batches[state.step - first + i]!;
        const sum: PretrainLosses = { loss: 0, ...batchTotals(rows) };
        this.tally(sum, out, rows, i);
        results.push({ ...sum, gradNorm: Number(out.grad_norm!.data[i]) });
      }
      this.adopt(state, out, group.length);
    }
    return results;
  }

  /** Losses over `batches` without dropout: means over all their rows and masked tokens together. */
  async evaluate(state: TrainState, batches: readonly (readonly PretrainRow[])[]): Promise<PretrainLosses> {
    this.evalSession ??= await this.engine.session(`${this.key}:pretrain_eval`, () =>
      toOnnx(buildPretrainEval(this.args).graph),
    );
    const totals = batchTotals(batches.flat());
    const sum: PretrainLosses = { loss: 0, ...totals };
    const params = this.paramFeeds(state, false);
    for (const rows of batches) {
      const { feeds } = pretrainFeeds(rows, this.padTokenId, totals, this.args);
      this.tally(sum, await this.evalSession.run({ ...feeds, ...params }), rows);
    }
    return sum;
  }
}
