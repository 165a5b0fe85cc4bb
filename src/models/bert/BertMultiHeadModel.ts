import { statSync } from "node:fs";
import type { Checkpoint } from "../../checkpoint/Checkpoint.ts";
import type { Engine, Session } from "../../engine/Engine.ts";
import { graphCacheEntry } from "../../engine/graphCacheEntry.ts";
import { Graph } from "../../graph/Graph.ts";
import { toOnnx } from "../../graph/onnxWriter.ts";
import type { Value } from "../../graph/Value.ts";
import { WeightsParamSource } from "../../nn/WeightsParamSource.ts";
import { int8FormFor } from "../../quantization/quantizationInfo.ts";
import { PrognosError } from "../../util/errors.ts";
import { LABEL_ATTENTION_QUERIES, labelAttentionLogits } from "../heads/labelAttention.ts";
import type { ModelHead } from "../heads/ModelHead.ts";
import type { Int8Form } from "../layers/int8Linear.ts";
import { linear } from "../layers/linear.ts";
import { paddedBertFeeds } from "./BertClassifierModel.ts";
import { architectureOf } from "./BertEncoderModel.ts";
import { clsState, maxPooled, meanPooled } from "./bertClassifier.ts";
import { bertEncoder, declareBertInputs } from "./bertEncoderGraph.ts";
import { hasPoolerWeights, POOLER_WEIGHTS } from "./poolerWeights.ts";

/** One classifier on the shared encoder: its checkpoint (for its `classifier.*` weights) and its head. */
export interface SharedEncoderHead {
  checkpoint: Checkpoint;
  head: ModelHead;
}

/**
 * Several fine-tuned classifiers that sit on one identical BERT encoder (heads trained on a frozen encoder),
 * compiled as one inference graph: the encoder runs once per batch and every head reads its output — the [CLS]
 * state through the pooler or not, the mean or max over the tokens, or the tokens themselves for a label-attention
 * head (each with its own label queries) — so one ONNX Runtime call gives every head's logits
 * (docs/predict.md, "One encoder pass for several heads"). The caller decides that the encoders are identical
 * (serving/encoderKeys.ts compares their content); the encoder's weights are the first head's checkpoint's.
 */
export class BertMultiHeadModel {
  private constructor(
    readonly heads: readonly ModelHead[],
    private readonly padTokenId: number,
    private readonly session: Session,
  ) {}

  /** `int8`: run the shared encoder in int8 (a quantized folder always does; docs/quantization.md). */
  static async create(
    members: readonly SharedEncoderHead[],
    engine: Engine,
    options: { int8?: boolean } = {},
  ): Promise<BertMultiHeadModel> {
    if (members.length === 0) throw new PrognosError("a shared encoder needs at least one head");
    const encoder = members[0]!.checkpoint;
    for (const { checkpoint, head } of members) {
      if (featuresOf(head) === "pooler" && !hasPoolerWeights(checkpoint)) {
        throw new PrognosError(
          `${checkpoint.report.file}: no pooler weights (${POOLER_WEIGHTS.join(", ")}), but its head reads BERT's pooler output (config.json prognos_head.pooler: true)`,
        );
      }
    }
    const readers = members.map((m) => ({ pooler: m.head.pooler, pooling: m.head.pooling }));
    const int8 = int8FormFor(encoder.config, options.int8);
    const key = `bert-multi-head:${members
      .map((m) => `${m.checkpoint.report.file}:${statSync(m.checkpoint.report.file).mtimeMs}`)
      .join("|")}:${JSON.stringify(readers)}:${int8}`;
    const identities = members.map((m) => m.checkpoint.identity);
    const kind = int8 ? "bert-multi-head-int8" : "bert-multi-head";
    const stored = identities.every((i) => i !== undefined)
      ? graphCacheEntry(kind, identities[0]!.dir, { identities, readers })
      : undefined;
    const session = await engine.session(key, () => toOnnx(buildGraph(members, int8)), stored);
    const pad = encoder.config.extra.pad_token_id;
    return new BertMultiHeadModel(
      members.map((m) => m.head),
      typeof pad === "number" ? pad : 0,
      session,
    );
  }

  /** Every head's logits [rows, its labels], in the order the heads were given, from one run of the graph. */
  async logits(rows: readonly (readonly number[])[]): Promise<Float32Array[]> {
    const out = await this.session.run(paddedBertFeeds(rows, this.padTokenId));
    return this.heads.map((_, k) => out[`logits_${k}`]!.data as Float32Array);
  }
}

/** The encoder once (with the pooler when a head reads it), then each head's classifier as output `logits_<k>`. */
function buildGraph(members: readonly SharedEncoderHead[], int8: Int8Form | undefined): Graph {
  const encoder = members[0]!.checkpoint;
  const arch = architectureOf(encoder.config);
  const g = new Graph("bert_multi_head");
  const inputs = declareBertInputs(g);
  const reads = new Set(members.map((m) => featuresOf(m.head)));
  const { lastHiddenState, pooledOutput } = bertEncoder(
    g,
    new WeightsParamSource(encoder.weights, { int8 }),
    arch,
    inputs,
    {
      pooler: reads.has("pooler"),
    },
  );
  const features: Partial<Record<ReturnType<typeof featuresOf>, Value>> = {
    pooler: pooledOutput,
    cls: reads.has("cls") ? clsState(lastHiddenState) : undefined,
    mean: reads.has("mean") ? meanPooled(lastHiddenState, inputs.attentionMask) : undefined,
    max: reads.has("max") ? maxPooled(lastHiddenState, inputs.attentionMask) : undefined,
    tokens: lastHiddenState,
  };
  members.forEach(({ checkpoint, head }, k) => {
    const name = `heads.${k}.classifier`;
    const x = featuresOf(head);
    const own = ["weight", "bias", ...(x === "tokens" ? [LABEL_ATTENTION_QUERIES] : [])];
    const weights = new Map(
      own.map((p) => {
        const w = checkpoint.headWeights.get(`classifier.${p}`);
        if (!w) throw new PrognosError(`${checkpoint.report.file}: no classifier.${p}`);
        return [`${name}.${p}`, w] as const;
      }),
    );
    const params = new WeightsParamSource(weights);
    const L = head.labels.length;
    const logits =
      x === "tokens"
        ? labelAttentionLogits(g, params, name, lastHiddenState, inputs.attentionMask, arch.hiddenSize, L)
        : linear(g, params, name, features[x]!, arch.hiddenSize, L);
    g.output(logits, `logits_${k}`);
  });
  return g;
}

/**
 * What a head's classifier reads: BERT's pooler output, the raw [CLS] state, the mean or max over the tokens, or the
 * tokens' states themselves (label-attention).
 */
function featuresOf(head: ModelHead): "pooler" | "cls" | "mean" | "max" | "tokens" {
  if (head.pooling === "label-attention") return "tokens";
  return head.pooling !== "cls" ? head.pooling : head.pooler ? "pooler" : "cls";
}
