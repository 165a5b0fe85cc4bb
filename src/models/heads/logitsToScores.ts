import type { ProblemType } from "../../tasks/ProblemType.ts";

/** Scores the classifier's logits become: sigmoid per label, or softmax over classes. */
export function logitsToScores(logits: Float32Array, numLabels: number, problemType: ProblemType): Float32Array {
  const out = new Float32Array(logits.length);
  for (let r = 0; r < logits.length / numLabels; r++) {
    const row = logits.subarray(r * numLabels, (r + 1) * numLabels);
    if (problemType === "multi_label_classification") {
      row.forEach((z, l) => {
        out[r * numLabels + l] = 1 / (1 + Math.exp(-z));
      });
    } else {
      const m = Math.max(...row);
      const e = Array.from(row, (z) => Math.exp(z - m));
      const s = e.reduce((a, b) => a + b, 0);
      e.forEach((x, l) => {
        out[r * numLabels + l] = x / s;
      });
    }
  }
  return out;
}
