import type { LabelType } from "../tasks/ProblemType.ts";
import { PrognosError } from "../util/errors.ts";

export type { LabelType };

/** A matrix given as rows, or row-major in one flat array (e.g. an ONNX Runtime output tensor's data). */
export type MatrixInput = ArrayLike<number> | ReadonlyArray<ArrayLike<number>>;

/** What a model predicted for a split, with the truth: the input of `evaluatePredictions` and `writePredictionsCsv`. */
export interface PredictionSet {
  problemType: LabelType;
  /**
   * Multi-label: the L labels (e.g. ICD-9 groups), one per column. Binary: the 2 class names (index 1 = the risk,
   * e.g. ["survived", "died"]). Multi-class: the K class names in class-index order.
   */
  labelNames: readonly string[];
  /** Titles by label name (e.g. ICD-9 group titles) for the per-label table. */
  labelTitles?: Readonly<Record<string, string>>;
  /** Multi-label: 0/1 matrix [n, L]. Binary and multi-class: the class index of each sample, [n]. */
  yTrue: MatrixInput;
  /**
   * Multi-label: scores [n, L] (sigmoid probabilities). Binary: 2-class softmax probabilities [n, 2] (column 1 is
   * the risk) or one score per sample [n]. Multi-class: probabilities [n, K], rows summing to 1.
   */
  scores: MatrixInput;
}

/** A checked `PredictionSet` with flat arrays. */
export interface CheckedPredictions {
  problemType: LabelType;
  labelNames: readonly string[];
  labelTitles: Readonly<Record<string, string>>;
  n: number;
  /** Multi-label: L; multi-class: K; binary: 2. */
  nLabels: number;
  /** Multi-label: row-major [n, L] 0/1; otherwise the class index per sample. */
  yTrue: Uint8Array | Int32Array;
  /** Row-major [n, nLabels] (binary with one score per sample: [n, 1]). */
  scores: Float32Array | Float64Array;
  /** Columns per row of `scores`. */
  scoreColumns: number;
  /** Binary: the risk score of each sample (column 1, or the single score). */
  positiveScores?: Float64Array;
}

function flatten(m: MatrixInput, what: string): { flat: Float32Array | Float64Array; rows: number | null } {
  if (m instanceof Float32Array || m instanceof Float64Array) return { flat: m, rows: null };
  const first = m.length > 0 ? m[0] : undefined;
  if (first !== undefined && typeof first === "object") {
    const rows = m as ReadonlyArray<ArrayLike<number>>;
    const width = rows[0]!.length;
    const flat = new Float64Array(rows.length * width);
    rows.forEach((row, i) => {
      if (row.length !== width)
        throw new PrognosError(`${what}: row ${i} has ${row.length} values, row 0 has ${width}`);
      for (let j = 0; j < width; j++) flat[i * width + j] = row[j]!;
    });
    return { flat, rows: rows.length };
  }
  return { flat: Float64Array.from(m as ArrayLike<number>), rows: null };
}

/** Checks a `PredictionSet` (shapes, 0/1 labels, class indices, finite scores) and flattens it. */
export function checkPredictions(set: PredictionSet): CheckedPredictions {
  const { problemType, labelNames } = set;
  if (!["multi-label", "binary", "multi-class"].includes(problemType)) {
    throw new PrognosError(`problemType is '${problemType}', expected multi-label, binary or multi-class`);
  }
  if (problemType === "binary" && labelNames.length !== 2) {
    throw new PrognosError(`binary predictions need 2 labelNames (class 0, class 1), got ${labelNames.length}`);
  }
  if (labelNames.length < (problemType === "multi-label" ? 1 : 2)) {
    throw new PrognosError(`${problemType} predictions: ${labelNames.length} labelNames is too few`);
  }
  if (new Set(labelNames).size !== labelNames.length) throw new PrognosError("labelNames contains duplicates");
  const L = labelNames.length;
  const truth = flatten(set.yTrue, "yTrue");
  const scores = flatten(set.scores, "scores");
  const n = problemType === "multi-label" ? truth.flat.length / L : truth.flat.length;
  if (!Number.isInteger(n) || (truth.rows !== null && truth.rows !== n)) {
    throw new PrognosError(`yTrue has ${truth.flat.length} values, not a whole number of rows of ${L} labels`);
  }
  if (n === 0) throw new PrognosError("no samples to evaluate (empty split?)");
  for (let e = 0; e < scores.flat.length; e++) {
    if (!Number.isFinite(scores.flat[e]!)) {
      throw new PrognosError(
        `scores: value ${e} (row ${Math.floor(e / (scores.flat.length / n))}) is ${scores.flat[e]}`,
      );
    }
  }
  let scoreColumns = L;
  if (problemType === "binary" && scores.flat.length === n) scoreColumns = 1;
  if (scores.flat.length !== n * scoreColumns) {
    const expected = problemType === "binary" ? `${n}×2 or ${n}` : `${n}×${L} = ${n * L}`;
    throw new PrognosError(`scores has ${scores.flat.length} values, expected ${expected} for ${n} samples`);
  }
  let yTrue: Uint8Array | Int32Array;
  if (problemType === "multi-label") {
    yTrue = new Uint8Array(truth.flat.length);
    for (let e = 0; e < truth.flat.length; e++) {
      const v = truth.flat[e]!;
      if (v !== 0 && v !== 1) throw new PrognosError(`yTrue[${Math.floor(e / L)}][${e % L}] is ${v}, expected 0 or 1`);
      yTrue[e] = v;
    }
  } else {
    yTrue = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const v = truth.flat[i]!;
      if (!Number.isInteger(v) || v < 0 || v >= L) {
        throw new PrognosError(`yTrue[${i}] is ${v}, expected a class index in 0..${L - 1}`);
      }
      yTrue[i] = v;
    }
  }
  const out: CheckedPredictions = {
    problemType,
    labelNames,
    labelTitles: set.labelTitles ?? {},
    n,
    nLabels: L,
    yTrue,
    scores: scores.flat,
    scoreColumns,
  };
  if (problemType === "binary") {
    out.positiveScores = Float64Array.from({ length: n }, (_, i) => scores.flat[i * scoreColumns + scoreColumns - 1]!);
  }
  return out;
}
