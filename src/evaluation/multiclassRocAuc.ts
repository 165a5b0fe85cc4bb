import { PrognosError } from "../util/errors.ts";
import { rocAuc } from "./rocAuc.ts";

/**
 * Multi-class inputs: `yTrue[i]` is the class index of sample i, `probabilities` the row-major [n, nClasses]
 * matrix of predicted class probabilities (rows summing to 1).
 */
export interface MulticlassInputs {
  yTrue: ArrayLike<number>;
  probabilities: ArrayLike<number>;
  nClasses: number;
}

/** Checks shapes, class indices and that every row sums to 1 as `numpy.allclose` does (scikit-learn's check). */
export function checkMulticlassInputs({ yTrue, probabilities, nClasses }: MulticlassInputs, what: string): void {
  const n = yTrue.length;
  if (!Number.isInteger(nClasses) || nClasses < 2)
    throw new PrognosError(`${what}: nClasses is ${nClasses}, expected ≥ 2`);
  if (probabilities.length !== n * nClasses) {
    throw new PrognosError(
      `${what}: probabilities has ${probabilities.length} values, expected ${n} samples × ${nClasses} classes = ${n * nClasses}`,
    );
  }
  for (let i = 0; i < n; i++) {
    const y = yTrue[i]!;
    if (!Number.isInteger(y) || y < 0 || y >= nClasses) {
      throw new PrognosError(`${what}: yTrue[${i}] is ${y}, expected a class index in 0..${nClasses - 1}`);
    }
    let sum = 0;
    for (let c = 0; c < nClasses; c++) {
      const p = probabilities[i * nClasses + c]!;
      if (!Number.isFinite(p)) throw new PrognosError(`${what}: probabilities[${i}][${c}] is ${p}`);
      sum += p;
    }
    if (!(Math.abs(sum - 1) <= 1e-8 + 1e-5 * Math.abs(sum))) {
      throw new PrognosError(
        `${what}: the probabilities of sample ${i} sum to ${sum}, expected 1 (pass softmax outputs)`,
      );
    }
  }
}

function column(probabilities: ArrayLike<number>, nClasses: number, rows: readonly number[], c: number): Float64Array {
  return Float64Array.from(rows, (i) => probabilities[i * nClasses + c]!);
}

/**
 * One-vs-one macro AUROC of Hand & Till (2001), exactly as `sklearn.metrics.roc_auc_score(yTrue, probabilities,
 * multi_class="ovo", average="macro", labels=range(nClasses))`: for every pair (a, b) of classes present in
 * `yTrue`, restricted to the samples of a or b, the mean of AUC(a vs b, scored by p_a) and AUC(b vs a, scored by
 * p_b); then the mean over pairs. A class absent from `yTrue` forms no pair (as scikit-learn with `labels`);
 * fewer than two present classes throws a PrognosError.
 */
export function ovoRocAuc(inputs: MulticlassInputs): number {
  checkMulticlassInputs(inputs, "ovoRocAuc");
  const { yTrue, probabilities, nClasses } = inputs;
  const members: number[][] = Array.from({ length: nClasses }, () => []);
  for (let i = 0; i < yTrue.length; i++) members[yTrue[i]!]!.push(i);
  const present = members.flatMap((rows, c) => (rows.length > 0 ? [c] : []));
  if (present.length < 2) {
    throw new PrognosError(`one-vs-one AUROC is undefined: yTrue holds only class(es) [${present.join(", ")}]`);
  }
  let sum = 0;
  let pairs = 0;
  for (let ia = 0; ia < present.length; ia++) {
    for (let ib = ia + 1; ib < present.length; ib++) {
      const a = present[ia]!;
      const b = present[ib]!;
      // Samples of a or b in their original order (the order does not change the AUC).
      const rows = [...members[a]!, ...members[b]!].sort((x, y) => x - y);
      const isA = Float64Array.from(rows, (i) => (yTrue[i] === a ? 1 : 0));
      const isB = Float64Array.from(isA, (v) => 1 - v);
      const aucA = rocAuc(isA, column(probabilities, nClasses, rows, a));
      const aucB = rocAuc(isB, column(probabilities, nClasses, rows, b));
      sum += (aucA + aucB) / 2;
      pairs++;
    }
  }
  return sum / pairs;
}

/** One-vs-rest AUROC per class: `null` for a class absent from `yTrue` (or the only one present). */
export function ovrRocAucPerClass(inputs: MulticlassInputs): Array<number | null> {
  checkMulticlassInputs(inputs, "ovrRocAucPerClass");
  const { yTrue, probabilities, nClasses } = inputs;
  const rows = Array.from({ length: yTrue.length }, (_, i) => i);
  return Array.from({ length: nClasses }, (_, c) => {
    const isC = Float64Array.from(rows, (i) => (yTrue[i] === c ? 1 : 0));
    let positives = 0;
    for (const v of isC) positives += v;
    if (positives === 0 || positives === rows.length) return null;
    return rocAuc(isC, column(probabilities, nClasses, rows, c));
  });
}

/**
 * One-vs-rest macro AUROC: the mean of `ovrRocAucPerClass` over the classes present in `yTrue` — equal to
 * `roc_auc_score(multi_class="ovr", average="macro")` when every class is present (scikit-learn raises otherwise).
 */
export function ovrMacroRocAuc(inputs: MulticlassInputs): number {
  const defined = ovrRocAucPerClass(inputs).filter((v): v is number => v !== null);
  if (defined.length === 0) throw new PrognosError("one-vs-rest AUROC is undefined: yTrue holds a single class");
  return defined.reduce((s, v) => s + v, 0) / defined.length;
}

/**
 * One-vs-rest micro AUROC, as `roc_auc_score(multi_class="ovr", average="micro")`: one binary AUROC over every
 * (sample, class) pair, the one-hot truth against the probability.
 */
export function ovrMicroRocAuc(inputs: MulticlassInputs): number {
  checkMulticlassInputs(inputs, "ovrMicroRocAuc");
  const { yTrue, probabilities, nClasses } = inputs;
  const oneHot = new Uint8Array(yTrue.length * nClasses);
  for (let i = 0; i < yTrue.length; i++) oneHot[i * nClasses + yTrue[i]!] = 1;
  return rocAuc(oneHot, probabilities);
}

/** The predicted class of each row: the index of the highest probability, the first on ties (`numpy.argmax`). */
export function argmaxRows(probabilities: ArrayLike<number>, nClasses: number): Int32Array {
  const n = probabilities.length / nClasses;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < nClasses; c++)
      if (probabilities[i * nClasses + c]! > probabilities[i * nClasses + best]!) best = c;
    out[i] = best;
  }
  return out;
}
