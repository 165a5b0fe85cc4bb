import { readFileSync } from "node:fs";
import { join } from "node:path";

/** test/fixtures/label-attention, written by scripts/fixtures/make_label_attention_fixtures.py (see its SOURCE.md). */
export const LABEL_ATTENTION_DIR = "test/fixtures/label-attention";

export interface LabelAttentionGolden {
  rows: number[];
  input_ids: number[][];
  attention_mask: number[][];
  labels: number[][];
  pos_weight: number[];
  dropout: number;
  shape: [number, number, number];
  keep: number[];
  last_hidden_state: number[];
  logits: number[];
  logits_dropout: number[];
  grad: Record<"attention.weight" | "weight" | "bias" | "last_hidden_state", number[]>;
  grad_dropout: Record<"attention.weight" | "weight" | "bias" | "last_hidden_state", number[]>;
  max_abs_diff_from_mean_pooling: number;
  windows: { window: number; stride: number; max_windows: number; pool: "max"; windows: number[][][] };
}

export const readLabelAttentionGolden = () =>
  JSON.parse(readFileSync(join(LABEL_ATTENTION_DIR, "golden.json"), "utf8")) as LabelAttentionGolden;
