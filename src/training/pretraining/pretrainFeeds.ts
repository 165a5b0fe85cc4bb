import type { TensorData } from "../../graph/types.ts";

/** One pre-training row: token ids with [CLS]/[SEP] (masked tokens already replaced), segments, targets. */
export interface PretrainRow {
  inputIds: readonly number[];
  /** 0 for `[CLS] admission [SEP]`, 1 for `outcome [SEP]`; all 0 for a single text. */
  tokenTypeIds: readonly number[];
  /** Next-sentence label: 0 = the outcome chunk is the admission's own document's, 1 = another document's. */
  nspLabel?: number;
  /** Masked-LM: positions (0-based within the row) chosen for prediction, and the original ids there. */
  mlmPositions?: readonly number[];
  mlmTargets?: readonly number[];
}

/** Rows and masked tokens of a whole batch: the micro-batches' losses are weighted by their share of these. */
export interface BatchTotals {
  rows: number;
  masked: number;
}

export function batchTotals(rows: readonly PretrainRow[]): BatchTotals {
  return { rows: rows.length, masked: rows.reduce((n, r) => n + (r.mlmPositions?.length ?? 0), 0) };
}

/**
 * The feeds of one (micro-)batch for the pre-training graphs (buildPretrainStep.ts): right-padded ids, attention
 * mask, token types, positions, and the targets of the objectives present. A micro-batch without any masked token
 * gets one placeholder target ([CLS] of its first row) with weight 0, so the graph never sees an empty tensor.
 */
export function pretrainFeeds(
  rows: readonly PretrainRow[],
  padTokenId: number,
  totals: BatchTotals,
  objectives: { nsp: boolean; mlm: boolean },
): { feeds: Record<string, TensorData>; batch: number; seq: number } {
  const batch = rows.length;
  const seq = Math.max(...rows.map((r) => r.inputIds.length));
  const ids = new BigInt64Array(batch * seq).fill(BigInt(padTokenId));
  const mask = new BigInt64Array(batch * seq);
  const types = new BigInt64Array(batch * seq);
  rows.forEach((r, b) => {
    if (r.tokenTypeIds.length !== r.inputIds.length) throw new Error("token type ids and input ids differ in length");
    r.inputIds.forEach((id, t) => {
      ids[b * seq + t] = BigInt(id);
      mask[b * seq + t] = 1n;
      types[b * seq + t] = BigInt(r.tokenTypeIds[t]!);
    });
  });
  const int64 = (shape: number[], data: BigInt64Array): TensorData => ({ dtype: "int64", shape, data });
  const feeds: Record<string, TensorData> = {
    input_ids: int64([batch, seq], ids),
    attention_mask: int64([batch, seq], mask),
    token_type_ids: int64([batch, seq], types),
    position_ids: int64(
      [1, seq],
      BigInt64Array.from({ length: seq }, (_, i) => BigInt(i)),
    ),
  };
  if (objectives.nsp) {
    const labels = rows.map((r) => {
      if (r.nspLabel !== 0 && r.nspLabel !== 1) throw new Error("a next-sentence row needs the label 0 or 1");
      return BigInt(r.nspLabel);
    });
    feeds.nsp_labels = int64([batch, 1], BigInt64Array.from(labels));
    feeds.nsp_weight = { dtype: "float32", shape: [], data: Float32Array.of(1 / totals.rows) };
  }
  if (objectives.mlm) {
    const positions: bigint[] = [];
    const targets: bigint[] = [];
    rows.forEach((r, b) => {
      (r.mlmPositions ?? []).forEach((t, k) => {
        positions.push(BigInt(b * seq + t));
        targets.push(BigInt(r.mlmTargets![k]!));
      });
    });
    const weight = positions.length > 0 ? 1 / totals.masked : 0;
    if (positions.length === 0) {
      positions.push(0n);
      targets.push(BigInt(rows[0]!.inputIds[0]!));
    }
    const n = positions.length;
    feeds.mlm_positions = int64([n], BigInt64Array.from(positions));
    feeds.mlm_targets = int64([n, 1], BigInt64Array.from(targets));
    feeds.mlm_weights = { dtype: "float32", shape: [n, 1], data: new Float32Array(n).fill(weight) };
  }
  return { feeds, batch, seq };
}
