import { PrognosError } from "../util/errors.ts";

/**
 * The fraction of samples whose predicted class equals the true one, as `sklearn.metrics.accuracy_score`.
 * With `weights` (non-negative, e.g. bootstrap counts) it is the weighted mean, as scikit-learn's `sample_weight`.
 */
export function accuracy(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, weights?: ArrayLike<number>): number {
  if (yTrue.length !== yPred.length) {
    throw new PrognosError(`accuracy: yTrue has ${yTrue.length} values but yPred has ${yPred.length}`);
  }
  let hit = 0;
  let total = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const w = weights ? weights[i]! : 1;
    total += w;
    if (yTrue[i] === yPred[i]) hit += w;
  }
  if (total === 0) throw new PrognosError("accuracy: no samples");
  return hit / total;
}
