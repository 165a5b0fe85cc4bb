import type { Checkpoint } from "../checkpoint/Checkpoint.ts";
import type { Engine, Session } from "../engine/Engine.ts";
import { int64Matrix } from "../engine/tensors.ts";
import { toOnnx } from "../graph/onnxWriter.ts";
import type { TensorData } from "../graph/types.ts";
import { architectureOf } from "../models/bert/BertEncoderModel.ts";
import type { ModelHead } from "../models/heads/ModelHead.ts";
import { WeightsParamSource } from "../nn/WeightsParamSource.ts";
import { PrognosError } from "../util/errors.ts";
import { buildInputGradientGraph } from "./inputGradientGraph.ts";

export type ExplainMethod = "ig" | "grad-x-input";

/** Attributions of one label's logit to the word pieces of one input ([CLS] and [SEP] included, as 0). */
export interface PieceAttributions {
  /** One score per position: positive pushes the label's logit up. */
  scores: Float64Array;
  /** The label's logit for the note, and (integrated gradients) for the [PAD] baseline. */
  logit: number;
  baselineLogit: number;
  /** Forward and backward passes run. */
  passes: number;
}

/**
 * Gradient-based explanations over the input word embeddings (docs/explanations.md). Integrated gradients: the
 * straight path from a baseline where every word piece is [PAD] ([CLS] and [SEP] kept) to the note, the gradient of
 * the label's logit at the midpoints of `steps` equal segments (all steps in batches), times (x − x′), summed over
 * the hidden units: Σ attributions ≈ f(x) − f(x′). Gradient × input: one pass, x · ∂f/∂x.
 */
export class Explainer {
  private constructor(
    private readonly session: Session,
    private readonly table: Float32Array,
    private readonly hidden: number,
    private readonly numLabels: number,
    private readonly padId: number,
  ) {}

  static async create(checkpoint: Checkpoint, head: ModelHead, engine: Engine): Promise<Explainer> {
    const arch = architectureOf(checkpoint.config);
    const weights = new Map([...checkpoint.weights, ...checkpoint.headWeights]);
    const table = weights.get("embeddings.word_embeddings.weight")?.data;
    if (!table) throw new PrognosError(`${checkpoint.dir}: no word embeddings to explain`);
    const L = head.labels.length;
    const key = `explain:${checkpoint.dir}:${head.pooler}:${head.pooling}`;
    const session = await engine.session(key, () =>
      toOnnx(
        buildInputGradientGraph(new WeightsParamSource(weights), arch, L, {
          pooler: head.pooler,
          pooling: head.pooling,
          embedsAsInput: true,
        }),
      ),
    );
    const pad = checkpoint.config.extra.pad_token_id;
    return new Explainer(session, table as Float32Array, arch.hiddenSize, L, typeof pad === "number" ? pad : 0);
  }

  /** Attributions of logit `label` for token ids `ids` ([CLS] … [SEP]). `batch`: interpolation steps per call. */
  async explain(
    ids: readonly number[],
    label: number,
    options: { method?: ExplainMethod; steps?: number; batch?: number } = {},
  ): Promise<PieceAttributions> {
    const method = options.method ?? "ig";
    const steps = method === "ig" ? (options.steps ?? 32) : 1;
    const H = this.hidden;
    const n = ids.length;
    const x = new Float32Array(n * H);
    const base = new Float32Array(n * H);
    ids.forEach((id, t) => {
      x.set(this.table.subarray(id * H, (id + 1) * H), t * H);
      const b = t === 0 || t === n - 1 ? id : this.padId; // [CLS] and [SEP] stay
      base.set(this.table.subarray(b * H, (b + 1) * H), t * H);
    });
    // Rows: the midpoints of `steps` segments (integrated gradients) or the note itself (gradient × input), then
    // the baseline and the note for their logits.
    const alphas = method === "ig" ? Array.from({ length: steps }, (_, k) => (k + 0.5) / steps) : [1];
    alphas.push(0, 1);
    const gradSum = new Float64Array(n * H);
    const logits: number[] = [];
    const batch = options.batch ?? 16;
    for (let start = 0; start < alphas.length; start += batch) {
      const chunk = alphas.slice(start, start + batch);
      const out = await this.run(x, base, chunk, n, label);
      const g = out.embeds_grad!.data as Float32Array;
      chunk.forEach((_, r) => {
        const k = start + r;
        logits[k] = Number(out.logits!.data[r * this.numLabels + label]);
        if (k < alphas.length - 2) for (let i = 0; i < n * H; i++) gradSum[i]! += g[r * n * H + i]!;
      });
    }
    const scores = new Float64Array(n);
    for (let t = 1; t < n - 1; t++) {
      let s = 0;
      for (let h = 0; h < H; h++) {
        const i = t * H + h;
        const delta = method === "ig" ? x[i]! - base[i]! : x[i]!;
        s += (delta * gradSum[i]!) / (method === "ig" ? steps : 1);
      }
      scores[t] = s;
    }
    return { scores, logit: logits.at(-1)!, baselineLogit: logits.at(-2)!, passes: alphas.length };
  }

  private async run(x: Float32Array, base: Float32Array, alphas: number[], n: number, label: number) {
    const H = this.hidden;
    const rows = alphas.length;
    const embeds = new Float32Array(rows * n * H);
    alphas.forEach((a, r) => {
      for (let i = 0; i < n * H; i++) embeds[r * n * H + i] = base[i]! + a * (x[i]! - base[i]!);
    });
    const weights = new Float32Array(rows * this.numLabels);
    for (let r = 0; r < rows; r++) weights[r * this.numLabels + label] = 1;
    const zeros = Array.from({ length: rows }, () => new Array(n).fill(0));
    const feeds: Record<string, TensorData> = {
      input_ids: int64Matrix(zeros),
      attention_mask: int64Matrix(zeros.map((r) => r.map(() => 1))),
      token_type_ids: int64Matrix(zeros),
      position_ids: int64Matrix([Array.from({ length: n }, (_, j) => j)]),
      inputs_embeds: { dtype: "float32", shape: [rows, n, H], data: embeds },
      output_weights: { dtype: "float32", shape: [rows, this.numLabels], data: weights },
    };
    const needed = Object.fromEntries(Object.entries(feeds).filter(([k]) => this.session.inputNames.includes(k)));
    return this.session.run(needed);
  }
}
