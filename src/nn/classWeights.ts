/**
 * Per-label positive weights for multi-label BCE: negatives / positives on the training set. A label with no
 * positive in train gets weight 1 (it cannot be up-weighted; the count is reported by the caller).
 */
export function positiveWeights(labels: readonly (readonly number[])[], numLabels: number): Float32Array {
  const pos = new Float64Array(numLabels);
  for (const row of labels) for (let l = 0; l < numLabels; l++) pos[l]! += row[l]!;
  const n = labels.length;
  return Float32Array.from(pos, (p) => (p === 0 ? 1 : (n - p) / p));
}

/**
 * scikit-learn's "balanced" class weights n / (k · count_c) for softmax cross-entropy. A class absent from train
 * gets weight 1 (it never appears as a target in train, so its weight does not change the training loss).
 */
export function balancedClassWeights(classes: readonly number[], numClasses: number): Float32Array {
  const counts = new Float64Array(numClasses);
  for (const c of classes) counts[c]! += 1;
  const n = classes.length;
  return Float32Array.from(counts, (c) => (c === 0 ? 1 : n / (numClasses * c)));
}
