/** Binary AUROC (Mann–Whitney U with average ranks for ties), as scikit-learn's roc_auc_score computes it. */
export function auroc(labels: readonly number[], scores: readonly number[]): number {
  const idx = labels.map((_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  const ranks = new Float64Array(labels.length);
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j + 1 < idx.length && scores[idx[j + 1]!] === scores[idx[i]!]) j++;
    for (let k = i; k <= j; k++) ranks[idx[k]!] = (i + j) / 2 + 1;
    i = j + 1;
  }
  let pos = 0;
  let rankSum = 0;
  labels.forEach((y, i) => {
    if (y === 1) {
      pos++;
      rankSum += ranks[i]!;
    }
  });
  const neg = labels.length - pos;
  if (pos === 0 || neg === 0) throw new Error("AUROC needs both classes");
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}
