import type { TensorData } from "../graph/types.ts";
import type { ProblemType } from "../tasks/ProblemType.ts";

/** One training example: token ids with [CLS]/[SEP] and its target (label indices). */
export interface Example {
  inputIds: readonly number[];
  /** Multi-label: the indices of positive labels; single-label: one class index. */
  labels: readonly number[];
}

/** Batch feeds shared by the train, accumulate and predict graphs. */
export function batchFeeds(
  examples: readonly Example[],
  problemType: ProblemType,
  numLabels: number,
  padTokenId: number,
): { feeds: Record<string, TensorData>; batch: number; seq: number } {
  const batch = examples.length;
  const seq = Math.max(...examples.map((e) => e.inputIds.length));
  const ids = new BigInt64Array(batch * seq).fill(BigInt(padTokenId));
  const mask = new BigInt64Array(batch * seq);
  const labels = new Float32Array(batch * numLabels);
  examples.forEach((e, b) => {
    e.inputIds.forEach((id, t) => {
      ids[b * seq + t] = BigInt(id);
      mask[b * seq + t] = 1n;
    });
    if (problemType === "single_label_classification" && e.labels.length !== 1) {
      throw new Error(`a single-label example has ${e.labels.length} labels`);
    }
    for (const l of e.labels) labels[b * numLabels + l] = 1;
  });
  const feeds: Record<string, TensorData> = {
    input_ids: { dtype: "int64", shape: [batch, seq], data: ids },
    attention_mask: { dtype: "int64", shape: [batch, seq], data: mask },
    token_type_ids: { dtype: "int64", shape: [batch, seq], data: new BigInt64Array(batch * seq) },
    position_ids: { dtype: "int64", shape: [1, seq], data: BigInt64Array.from({ length: seq }, (_, i) => BigInt(i)) },
    labels: { dtype: "float32", shape: [batch, numLabels], data: labels },
  };
  return { feeds, batch, seq };
}
