import type { Engine, Session } from "../../engine/Engine.ts";
import { toOnnx } from "../../graph/onnxWriter.ts";
import type { TensorData } from "../../graph/types.ts";
import { ADAM_BETA1, ADAM_BETA2 } from "../../nn/optimizerGraph.ts";
import { type BowGraphArgs, bowParams, buildBowPredict, buildBowTrainStep } from "./bowGraphs.ts";
import type { SparseRow } from "./TfidfVectorizer.ts";

/** Parameters and AdamW moments of the logistic regression, and the optimizer step count. */
export interface LrState {
  params: Record<"weight" | "bias", Float32Array>;
  m: Record<"weight" | "bias", Float32Array>;
  v: Record<"weight" | "bias", Float32Array>;
  step: number;
}

const f32 = (shape: number[], data: Float32Array): TensorData => ({ dtype: "float32", shape, data });
const scalar = (x: number) => f32([], Float32Array.of(x));

/** Dense [rows, features] tf-idf batch from sparse rows. */
export function denseBatch(rows: readonly SparseRow[], features: number): Float32Array {
  const x = new Float32Array(rows.length * features);
  rows.forEach((r, b) => {
    for (let k = 0; k < r.indices.length; k++) x[b * features + r.indices[k]!] = r.values[k]!;
  });
  return x;
}

/**
 * Runs the logistic regression's graphs (bowGraphs.ts) on the engine: one ONNX Runtime call per optimizer step
 * (parameters and moments in, new ones out) and batched scoring. The two sessions are built once per run.
 */
export class LogisticRegressionRunner {
  private constructor(
    readonly args: BowGraphArgs,
    private readonly train: Session,
    private readonly predictSession: Session,
  ) {}

  static async create(args: BowGraphArgs, engine: Engine): Promise<LogisticRegressionRunner> {
    const key = `bow:${JSON.stringify(args)}`;
    const train = await engine.session(`${key}:train`, () => toOnnx(buildBowTrainStep(args)));
    const predict = await engine.session(`${key}:predict`, () => toOnnx(buildBowPredict(args)));
    return new LogisticRegressionRunner(args, train, predict);
  }

  /** All-zero weights and moments (the loss is convex: no random start is needed). */
  initialState(): LrState {
    const zeros = () =>
      Object.fromEntries(bowParams(this.args).map((p) => [p.name, new Float32Array(p.shape.reduce((a, b) => a * b))]));
    return { params: zeros(), m: zeros(), v: zeros(), step: 0 } as LrState;
  }

  /**
   * One AdamW step on `rows` with targets `labels` (label indices per row); updates `state` in place and returns
   * the batch loss.
   */
  async step(
    state: LrState,
    rows: readonly SparseRow[],
    labels: readonly (readonly number[])[],
    lr: number,
    classWeights?: Float32Array,
  ): Promise<number> {
    const { features: F, numLabels: L } = this.args;
    const B = rows.length;
    const y = new Float32Array(B * L);
    labels.forEach((ls, b) => {
      for (const l of ls) y[b * L + l] = 1;
    });
    const t = state.step + 1;
    const feeds: Record<string, TensorData> = {
      x: f32([B, F], denseBatch(rows, F)),
      labels: f32([B, L], y),
      lr: scalar(lr),
      bc1: scalar(1 - ADAM_BETA1 ** t),
      bc2: scalar(1 - ADAM_BETA2 ** t),
    };
    if (this.args.classWeights) feeds.class_weights = f32([L], classWeights!);
    for (const p of bowParams(this.args)) {
      feeds[p.name] = f32(p.shape, state.params[p.name]);
      feeds[`m.${p.name}`] = f32(p.shape, state.m[p.name]);
      feeds[`v.${p.name}`] = f32(p.shape, state.v[p.name]);
    }
    const out = await this.train.run(feeds);
    for (const p of bowParams(this.args)) {
      state.params[p.name] = out[`new.${p.name}`]!.data as Float32Array;
      state.m[p.name] = out[`new_m.${p.name}`]!.data as Float32Array;
      state.v[p.name] = out[`new_v.${p.name}`]!.data as Float32Array;
    }
    state.step = t;
    return Number(out.loss!.data[0]);
  }

  /** Scores [rows, labels] (sigmoid or softmax) with `params`, in batches of `batchSize` rows. */
  async predict(params: LrState["params"], rows: readonly SparseRow[], batchSize = 256): Promise<Float32Array> {
    const { features: F, numLabels: L } = this.args;
    const out = new Float32Array(rows.length * L);
    for (let i = 0; i < rows.length; i += batchSize) {
      const batch = rows.slice(i, i + batchSize);
      const r = await this.predictSession.run({
        x: f32([batch.length, F], denseBatch(batch, F)),
        weight: f32([F, L], params.weight),
        bias: f32([L], params.bias),
      });
      out.set(r.scores!.data as Float32Array, i * L);
    }
    return out;
  }
}
