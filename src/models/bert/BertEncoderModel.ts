import { statSync } from "node:fs";
import type { BertConfig } from "../../checkpoint/BertConfig.ts";
import type { Checkpoint } from "../../checkpoint/Checkpoint.ts";
import type { Engine, Session } from "../../engine/Engine.ts";
import { graphCacheEntry } from "../../engine/graphCacheEntry.ts";
import { int64Matrix } from "../../engine/tensors.ts";
import type { Graph } from "../../graph/Graph.ts";
import { toOnnx } from "../../graph/onnxWriter.ts";
import type { TensorData } from "../../graph/types.ts";
import { WeightsParamSource } from "../../nn/WeightsParamSource.ts";
import { int8FormFor } from "../../quantization/quantizationInfo.ts";
import { PrognosError } from "../../util/errors.ts";
import type { BertArchitecture } from "./BertArchitecture.ts";
import { buildBertEncoderGraph } from "./bertEncoderGraph.ts";

/** One batch of token ids; rows may differ in length (they are padded) unless masks are given. */
export interface BertBatch {
  inputIds: readonly (readonly number[])[];
  attentionMask?: readonly (readonly number[])[];
  tokenTypeIds?: readonly (readonly number[])[];
}

export interface BertOutputs {
  /** [batch, seq, hidden] float32. */
  lastHiddenState: TensorData;
  /** [batch, hidden] float32; absent when the checkpoint has no pooler weights. */
  poolerOutput?: TensorData;
}

export function architectureOf(config: BertConfig): BertArchitecture {
  return {
    vocabSize: config.vocab_size,
    hiddenSize: config.hidden_size,
    numLayers: config.num_hidden_layers,
    numHeads: config.num_attention_heads,
    intermediateSize: config.intermediate_size,
    hiddenAct: config.hidden_act,
    maxPositions: config.max_position_embeddings,
    typeVocabSize: config.type_vocab_size,
    layerNormEps: config.layer_norm_eps,
  };
}

/**
 * A checkpoint's BERT encoder compiled for inference: weights baked into the ONNX graph (so ONNX Runtime
 * pre-packs them), one session per checkpoint and engine, cached by the engine.
 */
export class BertEncoderModel {
  private constructor(
    readonly architecture: BertArchitecture,
    readonly hasPooler: boolean,
    readonly padTokenId: number,
    private readonly session: Session,
  ) {}

  /**
   * Builds the inference graph for `checkpoint`. A checkpoint without pooler weights gets no `pooler_output`;
   * any other missing weight is an error (Prognos never fills weights with random values). The Linears run in int8
   * when the folder is quantized or `int8` is set (docs/quantization.md).
   */
  static buildGraph(checkpoint: Checkpoint, int8 = false): Graph {
    const missing = checkpoint.report.missing;
    const missingEncoder = missing.filter((n) => !n.startsWith("pooler."));
    if (missingEncoder.length > 0) {
      throw new PrognosError(
        `${checkpoint.report.file}: the checkpoint lacks ${missingEncoder.length} encoder weight(s) (e.g. ${missingEncoder
          .slice(0, 3)
          .join(", ")}); Prognos does not fill them with random values`,
      );
    }
    const pooler = !missing.some((n) => n.startsWith("pooler."));
    const params = new WeightsParamSource(checkpoint.weights, { int8: int8FormFor(checkpoint.config, int8) });
    return buildBertEncoderGraph(params, architectureOf(checkpoint.config), { pooler });
  }

  /**
   * Compiles (or reuses, through the engine's caches: per process, and on disk per checkpoint identity) the
   * encoder of `checkpoint`. A checkpoint loaded with `{ weights: "on-demand" }` has its weights read only when
   * the graph must be built.
   */
  static async create(checkpoint: Checkpoint, engine: Engine): Promise<BertEncoderModel> {
    const int8 = int8FormFor(checkpoint.config) !== undefined;
    const key = `bert-encoder:${checkpoint.report.file}:${statSync(checkpoint.report.file).mtimeMs}`;
    const kind = int8 ? "bert-encoder-int8" : "bert-encoder";
    const stored = checkpoint.identity && graphCacheEntry(kind, checkpoint.identity.dir, checkpoint.identity);
    const build = async () => toOnnx(BertEncoderModel.buildGraph(await checkpoint.withWeights()));
    const session = await engine.session(key, build, stored);
    const pad = checkpoint.config.extra.pad_token_id;
    return new BertEncoderModel(
      architectureOf(checkpoint.config),
      session.outputNames.includes("pooler_output"),
      typeof pad === "number" ? pad : 0,
      session,
    );
  }

  /** Runs a batch. Rows of different lengths are right-padded with the pad token and masked. */
  async forward(batch: BertBatch): Promise<BertOutputs> {
    const rows = batch.inputIds.length;
    if (rows === 0) throw new PrognosError("empty batch: no token ids to encode");
    const seq = Math.max(...batch.inputIds.map((r) => r.length));
    if (seq === 0) throw new PrognosError("empty input: a row has no token ids");
    const { maxPositions, vocabSize, typeVocabSize } = this.architecture;
    if (seq > maxPositions) {
      throw new PrognosError(`sequence of ${seq} tokens exceeds the model's max_position_embeddings (${maxPositions})`);
    }
    const pad = (
      m: readonly (readonly number[])[] | undefined,
      fill: number,
      value: (i: number, j: number) => number,
    ) =>
      batch.inputIds.map((r, i) =>
        Array.from({ length: seq }, (_, j) => (j < r.length ? (m ? m[i]![j]! : value(i, j)) : fill)),
      );
    const ids = pad(batch.inputIds, this.padTokenId, () => 0);
    for (const row of ids) {
      for (const id of row) {
        if (!Number.isInteger(id) || id < 0 || id >= vocabSize) {
          throw new PrognosError(`token id ${id} is outside the vocabulary (0…${vocabSize - 1})`);
        }
      }
    }
    const mask = pad(batch.attentionMask, 0, () => 1);
    const types = pad(batch.tokenTypeIds, 0, () => 0);
    for (const row of types) {
      for (const t of row) {
        if (t < 0 || t >= typeVocabSize) throw new PrognosError(`token type id ${t} is outside 0…${typeVocabSize - 1}`);
      }
    }
    const out = await this.session.run({
      input_ids: int64Matrix(ids),
      attention_mask: int64Matrix(mask),
      token_type_ids: int64Matrix(types),
      position_ids: int64Matrix([Array.from({ length: seq }, (_, j) => j)]),
    });
    return { lastHiddenState: out.last_hidden_state!, poolerOutput: out.pooler_output };
  }
}
