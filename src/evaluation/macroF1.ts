import { PrognosError } from "../util/errors.ts";

export interface MacroF1Options {
  /**
   * The classes to average over. Default: every class that occurs in `yTrue` or `yPred`, as scikit-learn does —
   * so a class that is neither true nor predicted anywhere does not count as an F1 of 0. With `weights`, only
   * samples of non-zero weight count (a bootstrap resample's own classes).
   */
  labels?: readonly number[];
  /** Non-negative sample weights (bootstrap counts), as scikit-learn's `sample_weight`. */
  weights?: ArrayLike<number>;
}

/**
 * Per-class F1 for integer class labels, as `sklearn.metrics.f1_score(average=None)`. zero_division: a class never
 * predicted has precision 0, a class never true has recall 0, and F1 is 0 when precision + recall is 0 — what
 * scikit-learn's default `zero_division="warn"` returns (it also warns; here the report's per-class table shows it).
 */
export function f1Scores(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  options: MacroF1Options = {},
): Float64Array {
  if (yTrue.length !== yPred.length) {
    throw new PrognosError(`f1Scores: yTrue has ${yTrue.length} values but yPred has ${yPred.length}`);
  }
  const labels = options.labels ?? presentClasses(yTrue, yPred, options.weights);
  const index = new Map(labels.map((c, k) => [c, k]));
  const tp = new Float64Array(labels.length);
  const truePerClass = new Float64Array(labels.length);
  const predPerClass = new Float64Array(labels.length);
  for (let i = 0; i < yTrue.length; i++) {
    const w = options.weights ? options.weights[i]! : 1;
    const t = index.get(yTrue[i]!);
    const p = index.get(yPred[i]!);
    if (t !== undefined) truePerClass[t] += w;
    if (p !== undefined) predPerClass[p] += w;
    if (t !== undefined && t === p) tp[t] += w;
  }
  return Float64Array.from(labels, (_, k) => {
    const precision = predPerClass[k] === 0 ? 0 : tp[k]! / predPerClass[k]!;
    const recall = truePerClass[k] === 0 ? 0 : tp[k]! / truePerClass[k]!;
    const denom = precision + recall;
    return denom === 0 ? 0 : (2 * precision * recall) / denom;
  });
}

/** The classes of samples with a non-zero weight in `yTrue` or `yPred`, ascending (scikit-learn's `unique_labels`). */
function presentClasses(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, weights?: ArrayLike<number>): number[] {
  const seen = new Set<number>();
  for (let i = 0; i < yTrue.length; i++) {
    if (weights && weights[i] === 0) continue;
    seen.add(yTrue[i]!);
    seen.add(yPred[i]!);
  }
  return [...seen].sort((a, b) => a - b);
}

/** Macro-averaged F1, as `sklearn.metrics.f1_score(yTrue, yPred, average="macro")` (see `f1Scores`). */
export function macroF1(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, options: MacroF1Options = {}): number {
  const f1 = f1Scores(yTrue, yPred, options);
  if (f1.length === 0) throw new PrognosError("macroF1: no classes to average over");
  let sum = 0;
  for (const v of f1) sum += v;
  return sum / f1.length;
}
