import { statSync } from "node:fs";
import type { Checkpoint } from "../../checkpoint/Checkpoint.ts";
import type { Engine, Session } from "../../engine/Engine.ts";
import { graphCacheEntry } from "../../engine/graphCacheEntry.ts";
import { Graph } from "../../graph/Graph.ts";
import { toOnnx } from "../../graph/onnxWriter.ts";
import type { TensorData } from "../../graph/types.ts";
import { WeightsParamSource } from "../../nn/WeightsParamSource.ts";
import { int8FormFor } from "../../quantization/quantizationInfo.ts";
import type { ProblemType } from "../../tasks/ProblemType.ts";
import { PrognosError } from "../../util/errors.ts";
import { LABEL_ATTENTION_QUERIES } from "../heads/labelAttention.ts";
import type { ModelHead } from "../heads/ModelHead.ts";
import { readModelHead } from "../heads/readModelHead.ts";
import { architectureOf } from "./BertEncoderModel.ts";
import { bertClassifier } from "./bertClassifier.ts";
import { declareBertInputs } from "./bertEncoderGraph.ts";
import { hasPoolerWeights, POOLER_WEIGHTS } from "./poolerWeights.ts";

/**
 * A classification checkpoint's inference graph, weights baked in, as plain fp32 ONNX (inputs input_ids,
 * attention_mask, token_type_ids, position_ids; output logits [rows, labels]): what ONNX Runtime compiles here, and
 * what the page's in-browser mode ships to onnxruntime-web. The encoder's Linears run in int8 when the folder is
 * quantized or `int8` is set (docs/quantization.md).
 */
export function classifierOnnx(checkpoint: Checkpoint, head: ModelHead, int8 = false): Uint8Array {
  const g = new Graph("bert_classifier");
  const params = new WeightsParamSource(new Map([...checkpoint.weights, ...checkpoint.headWeights]), {
    int8: int8FormFor(checkpoint.config, int8),
  });
  const logits = bertClassifier(g, params, architectureOf(checkpoint.config), declareBertInputs(g), {
    numLabels: head.labels.length,
    pooler: head.pooler,
    pooling: head.pooling,
  });
  g.output(logits, "logits");
  return toOnnx(g);
}

/**
 * A head whose weights the checkpoint lacks — BERT's pooler for a head that reads it, the label queries for a
 * label-attention head — is a PrognosError naming the file.
 */
export function checkHeadWeights(checkpoint: Checkpoint, head: ModelHead): void {
  if (head.pooler && !hasPoolerWeights(checkpoint)) {
    throw new PrognosError(
      `${checkpoint.report.file}: no pooler weights (${POOLER_WEIGHTS.join(", ")}), but its head reads BERT's pooler output (config.json prognos_head.pooler: true)`,
    );
  }
  const queries = `classifier.${LABEL_ATTENTION_QUERIES}`;
  if (head.pooling === "label-attention" && !checkpoint.headWeights.has(queries)) {
    throw new PrognosError(
      `${checkpoint.report.file}: no ${queries}, but its head reads the notes by label attention (config.json prognos_head.pooling: "label-attention")`,
    );
  }
}

/**
 * A fine-tuned BertForSequenceClassification checkpoint compiled for inference (weights baked in): logits per
 * row. What the outputs are (labels, problem type, pooler, length) comes from the head in config.json
 * (models/heads/ModelHead.ts); a plain Hugging Face folder gets today's inference and a warning in `warnings`.
 */
export class BertClassifierModel {
  private constructor(
    readonly head: ModelHead,
    readonly warnings: string[],
    private readonly padTokenId: number,
    private readonly session: Session,
  ) {}

  get labels(): string[] {
    return this.head.labels.map((l) => l.name);
  }

  get problemType(): ProblemType {
    return this.head.problemType;
  }

  /**
   * `head`: the head to apply (default: the checkpoint's, readModelHead). A head whose weights the checkpoint lacks
   * (checkHeadWeights) is a PrognosError naming the file. `int8`: run an fp32 folder's encoder
   * in int8, quantized on the fly (a quantized folder always runs in int8).
   */
  static async create(
    checkpoint: Checkpoint,
    engine: Engine,
    head?: ModelHead,
    options: { int8?: boolean } = {},
  ): Promise<BertClassifierModel> {
    const read = head ? { head, warnings: [] } : readModelHead(checkpoint);
    const { pooler, pooling } = read.head;
    checkHeadWeights(checkpoint, read.head);
    const int8 = int8FormFor(checkpoint.config, options.int8) !== undefined;
    const key = `bert-classifier:${checkpoint.report.file}:${statSync(checkpoint.report.file).mtimeMs}:${pooler}:${pooling}:${int8}`;
    const base =
      pooling !== "cls" ? `bert-classifier-${pooling}` : pooler ? "bert-classifier" : "bert-classifier-no-pooler";
    const kind = `${base}${int8 ? "-int8" : ""}`;
    const stored = checkpoint.identity && graphCacheEntry(kind, checkpoint.identity.dir, checkpoint.identity);
    const session = await engine.session(key, () => classifierOnnx(checkpoint, read.head, int8), stored);
    const pad = checkpoint.config.extra.pad_token_id;
    return new BertClassifierModel(read.head, read.warnings, typeof pad === "number" ? pad : 0, session);
  }

  /** Logits [rows, labels] for token-id rows (padded and masked here). */
  async logits(rows: readonly (readonly number[])[]): Promise<Float32Array> {
    const out = await this.session.run(paddedBertFeeds(rows, this.padTokenId));
    return out.logits!.data as Float32Array;
  }
}

/** A BERT graph's feeds for token-id rows: right-padded with `padTokenId` to the longest row and masked. */
export function paddedBertFeeds(rows: readonly (readonly number[])[], padTokenId: number): Record<string, TensorData> {
  const seq = Math.max(...rows.map((r) => r.length));
  const ids = new BigInt64Array(rows.length * seq).fill(BigInt(padTokenId));
  const mask = new BigInt64Array(rows.length * seq);
  rows.forEach((r, i) => {
    for (let j = 0; j < r.length; j++) {
      ids[i * seq + j] = BigInt(r[j]!);
      mask[i * seq + j] = 1n;
    }
  });
  const positions = BigInt64Array.from({ length: seq }, (_, j) => BigInt(j));
  const shape = [rows.length, seq];
  return {
    input_ids: { dtype: "int64", shape, data: ids },
    attention_mask: { dtype: "int64", shape, data: mask },
    token_type_ids: { dtype: "int64", shape, data: new BigInt64Array(rows.length * seq) },
    position_ids: { dtype: "int64", shape: [1, seq], data: positions },
  };
}
