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
 * Runs the input-gradient graph (inputGradientGraph.ts) on `rows` rows of input embeddings `embeds`
 * [rows, n, hidden], with `outputWeights` [rows, labels] one-hot on the label: the logits [rows, labels] and the
 * gradient of the weighted logits with respect to the embeddings [rows, n, hidden].
 */
export type GradientRunner = (
  embeds: Float32Array,
  rows: number,
  n: number,
  outputWeights: Float32Array,
) => Promise<{ logits: ArrayLike<number>; grad: Float32Array }>;

/** What attributions need of a model besides its graph: the word-embedding table [vocab, hidden] and [PAD]'s id. */
export interface EmbeddingTable {
  table: Float32Array;
  hidden: number;
  numLabels: number;
  padId: number;
}

/**
 * Attributions of logit `label` for token ids `ids` ([CLS] … [SEP]) — the arithmetic of docs/explanations.md,
 * whatever runs the graph (ONNX Runtime in Node for Explainer, onnxruntime-web in the page). Integrated gradients:
 * the straight path from a baseline where every word piece is [PAD] ([CLS] and [SEP] kept) to the note, the
 * gradient at the midpoints of `steps` equal segments (`batch` rows per run), times (x − x′), summed over the hidden
 * units: Σ attributions ≈ f(x) − f(x′). Gradient × input: one pass, x · ∂f/∂x.
 */
export async function pieceAttributions(
  run: GradientRunner,
  model: EmbeddingTable,
  ids: readonly number[],
  label: number,
  options: { method?: ExplainMethod; steps?: number; batch?: number } = {},
): Promise<PieceAttributions> {
  const method = options.method ?? "ig";
  const steps = method === "ig" ? (options.steps ?? 32) : 1;
  const { table, hidden: H, numLabels } = model;
  const n = ids.length;
  const x = new Float32Array(n * H);
  const base = new Float32Array(n * H);
  ids.forEach((id, t) => {
    x.set(table.subarray(id * H, (id + 1) * H), t * H);
    const b = t === 0 || t === n - 1 ? id : model.padId; // [CLS] and [SEP] stay
    base.set(table.subarray(b * H, (b + 1) * H), t * H);
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
    const rows = chunk.length;
    const embeds = new Float32Array(rows * n * H);
    chunk.forEach((a, r) => {
      for (let i = 0; i < n * H; i++) embeds[r * n * H + i] = base[i]! + a * (x[i]! - base[i]!);
    });
    const weights = new Float32Array(rows * numLabels);
    for (let r = 0; r < rows; r++) weights[r * numLabels + label] = 1;
    const out = await run(embeds, rows, n, weights);
    chunk.forEach((_, r) => {
      const k = start + r;
      logits[k] = Number(out.logits[r * numLabels + label]);
      if (k < alphas.length - 2) for (let i = 0; i < n * H; i++) gradSum[i]! += out.grad[r * n * H + i]!;
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
