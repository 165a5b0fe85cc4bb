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
import {
  type EmbeddingTable,
  type ExplainMethod,
  type PieceAttributions,
  pieceAttributions,
} from "./pieceAttributions.ts";

export type { ExplainMethod, PieceAttributions };

/**
 * A checkpoint's input-gradient graph with the word embeddings as an input (what explanations run), as plain fp32
 * ONNX. The page's in-browser mode ships the same bytes, with the table of embeddingTableOf.
 */
export function inputGradientOnnx(checkpoint: Checkpoint, head: ModelHead): Uint8Array {
  const weights = new Map([...checkpoint.weights, ...checkpoint.headWeights]);
  return toOnnx(
    buildInputGradientGraph(new WeightsParamSource(weights), architectureOf(checkpoint.config), head.labels.length, {
      pooler: head.pooler,
      pooling: head.pooling,
      embedsAsInput: true,
    }),
  );
}

/** The word-embedding table [vocab, hidden] and sizes that feed the input-gradient graph. */
export function embeddingTableOf(checkpoint: Checkpoint, head: ModelHead): EmbeddingTable {
  const name = "embeddings.word_embeddings.weight";
  const table = (checkpoint.weights.get(name) ?? checkpoint.headWeights.get(name))?.data;
  if (!(table instanceof Float32Array)) throw new PrognosError(`${checkpoint.dir}: no word embeddings to explain`);
  const pad = checkpoint.config.extra.pad_token_id;
  return {
    table,
    hidden: architectureOf(checkpoint.config).hiddenSize,
    numLabels: head.labels.length,
    padId: typeof pad === "number" ? pad : 0,
  };
}

/**
 * Gradient-based explanations over the input word embeddings (docs/explanations.md) with ONNX Runtime: integrated
 * gradients from a [PAD] baseline, or gradient × input (the arithmetic is pieceAttributions.ts).
 */
export class Explainer {
  private constructor(
    private readonly session: Session,
    private readonly model: EmbeddingTable,
  ) {}

  static async create(checkpoint: Checkpoint, head: ModelHead, engine: Engine): Promise<Explainer> {
    const model = embeddingTableOf(checkpoint, head);
    const key = `explain:${checkpoint.dir}:${head.pooler}:${head.pooling}`;
    const session = await engine.session(key, () => inputGradientOnnx(checkpoint, head));
    return new Explainer(session, model);
  }

  /** Attributions of logit `label` for token ids `ids` ([CLS] … [SEP]). `batch`: interpolation steps per call. */
  explain(
    ids: readonly number[],
    label: number,
    options: { method?: ExplainMethod; steps?: number; batch?: number } = {},
  ): Promise<PieceAttributions> {
    return pieceAttributions((e, rows, n, w) => this.run(e, rows, n, w), this.model, ids, label, options);
  }

  private async run(embeds: Float32Array, rows: number, n: number, weights: Float32Array) {
    const zeros = Array.from({ length: rows }, () => new Array(n).fill(0));
    const feeds: Record<string, TensorData> = {
      input_ids: int64Matrix(zeros),
      attention_mask: int64Matrix(zeros.map((r) => r.map(() => 1))),
      token_type_ids: int64Matrix(zeros),
      position_ids: int64Matrix([Array.from({ length: n }, (_, j) => j)]),
      inputs_embeds: { dtype: "float32", shape: [rows, n, this.model.hidden], data: embeds },
      output_weights: { dtype: "float32", shape: [rows, this.model.numLabels], data: weights },
    };
    const needed = Object.fromEntries(Object.entries(feeds).filter(([k]) => this.session.inputNames.includes(k)));
    const out = await this.session.run(needed);
    return { logits: out.logits!.data as Float32Array, grad: out.embeds_grad!.data as Float32Array };
  }
}
