import type { Engine, Session } from "../../engine/Engine.ts";
import { toOnnx } from "../../graph/onnxWriter.ts";
import type { TensorData } from "../../graph/types.ts";
import { WeightsParamSource } from "../../nn/WeightsParamSource.ts";
import { PAD_ID } from "../../tokenizer/CodeVocabulary.ts";
import { PrognosError } from "../../util/errors.ts";
import type { MedBertArchitecture } from "./MedBertConfig.ts";
import type { MedBertModelFiles } from "./MedBertFolder.ts";
import { buildMedBertEncoderGraph } from "./medbertEncoderGraph.ts";

/** A batch of patients: per row the code ids and the 0-based visit index of each code (same lengths). */
export interface CodeBatch {
  codes: readonly (readonly number[])[];
  visits: readonly (readonly number[])[];
}

/**
 * Checks a batch against the architecture and lays it out as the Med-BERT graphs' int64 inputs, right-padded with
 * [PAD] (code 0, visit 0, mask 0). A row longer than max_position_embeddings, a visit index ≥ max_visit_embeddings
 * or a code outside the vocabulary is a PrognosError with the values (never clipped).
 */
export function medbertFeeds(
  arch: Pick<MedBertArchitecture, "vocabSize" | "maxPositions" | "maxVisits">,
  batch: CodeBatch,
): { feeds: Record<string, TensorData>; seq: number } {
  const B = batch.codes.length;
  if (B === 0) throw new PrognosError("empty batch: no patients to encode");
  const seq = Math.max(...batch.codes.map((r) => r.length));
  if (seq === 0) throw new PrognosError("a patient has no codes");
  if (seq > arch.maxPositions)
    throw new PrognosError(
      `a sequence of ${seq} codes exceeds the model's max_position_embeddings (${arch.maxPositions})`,
    );
  const codes = new BigInt64Array(B * seq).fill(BigInt(PAD_ID));
  const visits = new BigInt64Array(B * seq);
  const mask = new BigInt64Array(B * seq);
  batch.codes.forEach((row, b) => {
    const v = batch.visits[b]!;
    if (v.length !== row.length) throw new Error(`row ${b}: ${row.length} codes but ${v.length} visit indices`);
    row.forEach((id, t) => {
      if (!Number.isInteger(id) || id < 0 || id >= arch.vocabSize)
        throw new PrognosError(`code id ${id} is outside the vocabulary (0…${arch.vocabSize - 1})`);
      const visit = v[t]!;
      if (!Number.isInteger(visit) || visit < 0 || visit >= arch.maxVisits)
        throw new PrognosError(
          `visit index ${visit} is outside the model's max_visit_embeddings (0…${arch.maxVisits - 1})`,
        );
      codes[b * seq + t] = BigInt(id);
      visits[b * seq + t] = BigInt(visit);
      mask[b * seq + t] = 1n;
    });
  });
  const shape = [B, seq];
  return {
    seq,
    feeds: {
      code_ids: { dtype: "int64", shape, data: codes },
      visit_ids: { dtype: "int64", shape, data: visits },
      attention_mask: { dtype: "int64", shape, data: mask },
      position_ids: { dtype: "int64", shape: [1, seq], data: BigInt64Array.from({ length: seq }, (_, i) => BigInt(i)) },
    },
  };
}

/** A Med-BERT folder's encoder compiled for inference (weights baked in), one session per folder and engine. */
export class MedBertEncoderModel {
  private constructor(
    readonly arch: MedBertArchitecture,
    private readonly session: Session,
  ) {}

  static async create(model: MedBertModelFiles, engine: Engine, key = model.dir): Promise<MedBertEncoderModel> {
    const session = await engine.session(`medbert-encoder:${key}`, () =>
      toOnnx(buildMedBertEncoderGraph(new WeightsParamSource(model.encoder), model.config.arch)),
    );
    return new MedBertEncoderModel(model.config.arch, session);
  }

  /** last_hidden_state [batch, seq, hidden] and pooled_output [batch, hidden] (padded rows as medbertFeeds lays them out). */
  async forward(batch: CodeBatch): Promise<{ lastHiddenState: TensorData; pooledOutput: TensorData }> {
    const { feeds } = medbertFeeds(this.arch, batch);
    const out = await this.session.run(feeds);
    return { lastHiddenState: out.last_hidden_state!, pooledOutput: out.pooled_output! };
  }
}
