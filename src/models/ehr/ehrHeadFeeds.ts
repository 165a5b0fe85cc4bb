import type { TensorData } from "../../graph/types.ts";
import { PrognosError } from "../../util/errors.ts";
import type { MedBertArchitecture } from "../medbert/MedBertConfig.ts";
import { type CodeBatch, medbertFeeds } from "../medbert/MedBertEncoderModel.ts";

/**
 * Feeds of an EHR head graph (ehrHeadGraph.ts) for a batch: Med-BERT's inputs (medbertFeeds: checked, padded) and
 * `visit_weights` [batch, maxVisits, seq], 1/(codes in the visit) where code t is in visit v — each visit's vector
 * is the mean of its codes'. A patient with more than `maxVisits` visits is refused (never cut).
 */
export function ehrHeadFeeds(
  limits: Pick<MedBertArchitecture, "vocabSize" | "maxPositions" | "maxVisits">,
  maxVisits: number,
  batch: CodeBatch,
): { feeds: Record<string, TensorData>; dims: Record<string, number> } {
  const { feeds, seq } = medbertFeeds(limits, batch);
  const B = batch.codes.length;
  const weights = new Float32Array(B * maxVisits * seq);
  batch.visits.forEach((visits, b) => {
    const n = new Map<number, number>();
    for (const v of visits) {
      if (v >= maxVisits) throw new PrognosError(`a patient has ${v + 1} visits, more than the model's ${maxVisits}`);
      n.set(v, (n.get(v) ?? 0) + 1);
    }
    visits.forEach((v, t) => {
      weights[(b * maxVisits + v) * seq + t] = 1 / n.get(v)!;
    });
  });
  feeds.visit_weights = { dtype: "float32", shape: [B, maxVisits, seq], data: weights };
  return { feeds, dims: { batch: B, seq } };
}
