import type { LabelType } from "../tasks/ProblemType.ts";
import { parseCsv } from "../util/CsvRecordParser.ts";
import { csvField } from "../util/csvField.ts";
import { PrognosError } from "../util/errors.ts";
import { checkPredictions, type PredictionSet } from "./PredictionSet.ts";

/** A `PredictionSet` with the id of each sample (e.g. HADM_ID): what `predictions.csv` holds. */
export interface IdentifiedPredictions extends PredictionSet {
  ids: ReadonlyArray<string | number>;
}

/**
 * predictions.csv: `id`, the truth, then one `score_<label>` column per label, so any metric can be recomputed
 * elsewhere (pandas: `pd.read_csv(path, dtype={"id": str})`). The truth column is `true_labels` for multi-label
 * tasks (the sample's labels joined by commas, like the task files' `short_codes`; empty when it has none) and
 * `true_class` (the class index) otherwise. Binary files hold both softmax columns, or the one risk score when
 * that is what was given. Scores are written as the shortest decimal that reads back to the same double.
 * Fields are quoted as RFC 4180 requires; lines end in LF.
 */
export function writePredictionsCsv(set: IdentifiedPredictions): string {
  const p = checkPredictions(set);
  if (set.ids.length !== p.n) throw new PrognosError(`predictions.csv: ${set.ids.length} ids for ${p.n} samples`);
  const multi = p.problemType === "multi-label";
  if (multi) {
    const bad = p.labelNames.find((l) => l.includes(",") || l.trim() !== l || l === "");
    if (bad !== undefined) throw new PrognosError(`label '${bad}' cannot be joined by commas (comma, space or empty)`);
  }
  const scoreNames = p.scoreColumns === 1 ? [p.labelNames[1]!] : p.labelNames;
  const header = ["id", multi ? "true_labels" : "true_class", ...scoreNames.map((l) => `score_${l}`)];
  const quote = (value: string) => csvField(value, "needed-or-spaced");
  const lines = [header.map(quote).join(",")];
  for (let i = 0; i < p.n; i++) {
    let truth: string;
    if (multi) {
      const labels: string[] = [];
      for (let l = 0; l < p.nLabels; l++) if (p.yTrue[i * p.nLabels + l] === 1) labels.push(p.labelNames[l]!);
      truth = labels.join(",");
    } else {
      truth = String(p.yTrue[i]);
    }
    const fields = [quote(String(set.ids[i])), quote(truth)];
    for (let c = 0; c < p.scoreColumns; c++) fields.push(String(p.scores[i * p.scoreColumns + c]));
    lines.push(fields.join(","));
  }
  return `${lines.join("\n")}\n`;
}

export interface ReadPredictionsOptions {
  /** Named in error messages. */
  file?: string;
  /** Overrides the inferred type (a file with 2 score columns and `true_class` reads as binary). */
  problemType?: LabelType;
  /** Class names of a binary file with a single risk-score column (the file names only the risk class). */
  labelNames?: readonly string[];
}

/**
 * Reads predictions.csv back (see `writePredictionsCsv`). The problem type follows from the columns:
 * `true_labels` → multi-label; `true_class` with 1 or 2 score columns → binary; more → multi-class.
 */
export function readPredictionsCsv(text: string, options: ReadPredictionsOptions = {}): IdentifiedPredictions {
  const { file } = options;
  const rows = parseCsv(text, file);
  if (rows.length === 0) throw new PrognosError("empty file: expected a header line", { file });
  const header = rows[0]!.fields;
  const truthColumn = header[1];
  if (header[0] !== "id" || (truthColumn !== "true_labels" && truthColumn !== "true_class")) {
    throw new PrognosError(
      `line 1: expected columns id,true_labels|true_class,score_…, got ${header.slice(0, 3).join(",")}`,
      {
        file,
      },
    );
  }
  const bad = header.slice(2).find((h) => !h.startsWith("score_") || h.length === 6);
  if (bad !== undefined) throw new PrognosError(`line 1: column '${bad}' is not score_<label>`, { file });
  const scoreNames = header.slice(2).map((h) => h.slice(6));
  if (scoreNames.length === 0) throw new PrognosError("line 1: no score_<label> column", { file });
  const problemType: LabelType =
    options.problemType ??
    (truthColumn === "true_labels" ? "multi-label" : scoreNames.length <= 2 ? "binary" : "multi-class");
  let labelNames = scoreNames;
  if (problemType === "binary" && scoreNames.length === 1) {
    if (options.labelNames?.length !== 2 || options.labelNames[1] !== scoreNames[0]) {
      throw new PrognosError(
        `one score column (score_${scoreNames[0]}): pass labelNames [<class 0>, "${scoreNames[0]}"] to name class 0`,
        { file },
      );
    }
    labelNames = [...options.labelNames];
  }
  const index = new Map(labelNames.map((l, k) => [l, k]));
  const body = rows.slice(1);
  const width = scoreNames.length;
  const ids: string[] = [];
  const scores = new Float64Array(body.length * width);
  const multi = problemType === "multi-label";
  const yTrue = multi ? new Uint8Array(body.length * width) : new Int32Array(body.length);
  body.forEach(({ line, fields }, i) => {
    if (fields.length !== header.length) {
      throw new PrognosError(`line ${line}: ${fields.length} fields, the header has ${header.length}`, { file });
    }
    ids.push(fields[0]!);
    for (let c = 0; c < width; c++) {
      const text = fields[c + 2]!;
      const v = text.trim() === "" ? Number.NaN : Number(text);
      if (!Number.isFinite(v))
        throw new PrognosError(`line ${line}: ${header[c + 2]} is '${text}', not a number`, { file });
      scores[i * width + c] = v;
    }
    const truth = fields[1]!;
    if (multi) {
      for (const label of truth === "" ? [] : truth.split(",")) {
        const k = index.get(label);
        if (k === undefined)
          throw new PrognosError(`line ${line}: true label '${label}' has no score column`, { file });
        yTrue[i * width + k] = 1;
      }
    } else {
      const k = /^\d+$/.test(truth) ? Number(truth) : -1;
      if (!(k >= 0 && k < labelNames.length)) {
        throw new PrognosError(`line ${line}: true_class is '${truth}', expected 0..${labelNames.length - 1}`, {
          file,
        });
      }
      yTrue[i] = k;
    }
  });
  return { ids, problemType, labelNames, yTrue, scores };
}
