import type { WordAttribution } from "../explanation/wordAttributions.ts";
import type { ModelHead } from "../models/heads/ModelHead.ts";
import { csvField } from "../util/csvField.ts";
import type { ScoredNote } from "./NotePredictor.ts";

/** One label's probability as a person reads it. */
export interface LabelProbability {
  label: string;
  title: string | null;
  probability: number;
  /** The decision threshold applied (multi-label: the label's; binary: the risk's); null for multi-class (argmax). */
  threshold: number | null;
  predicted: boolean;
  /** With --explain: each word's share of this label's logit, and how the explanation was computed. */
  attributions?: WordAttribution[];
  explanation?: { method: string; steps: number; logit: number; baseline_logit: number; sum: number };
}

/** One model's answer for one note (`prognos predict`'s JSON, docs/predict.md). */
export interface ModelPrediction {
  model: string;
  task: string;
  problem_type: string;
  /** The labels predicted: over their threshold (multi-label, binary) or the most probable class (multi-class). */
  predicted: string[];
  /** Binary tasks: the probability of class 1 (e.g. death); null otherwise. */
  risk: number | null;
  /** The most probable labels first: every class, or the `top` most probable labels and every predicted one. */
  labels: LabelProbability[];
  word_pieces: number;
  windows: number;
  /** The note was longer than the model reads and its end was not seen (truncate policy). */
  cut: boolean;
}

/**
 * One model's answer for one note from its probabilities: `titles` are the head's label titles (labelTitles.ts).
 * Shared by `prognos predict`, `serve` and the page's in-browser mode.
 */
export function modelPrediction(
  model: string,
  head: ModelHead,
  s: ScoredNote,
  top: number,
  titles: readonly (string | null)[],
): ModelPrediction {
  const p = s.probabilities;
  const L = head.labels.length;
  const multi = head.problemType === "multi_label_classification";
  const binary = !multi && L === 2;
  let argmax = 0;
  for (let l = 1; l < L; l++) if (p[l]! > p[argmax]!) argmax = l;
  const isPredicted = (l: number) =>
    multi ? p[l]! >= head.thresholds[l]! : binary ? p[1]! >= head.thresholds[0]! === (l === 1) : l === argmax;
  const entry = (l: number): LabelProbability => ({
    label: head.labels[l]!.name,
    title: titles[l]!,
    probability: p[l]!,
    threshold: multi ? head.thresholds[l]! : binary && l === 1 ? head.thresholds[0]! : null,
    predicted: isPredicted(l),
  });
  const byProbability = Array.from({ length: L }, (_, l) => l).sort((a, b) => p[b]! - p[a]!);
  const shown = multi ? byProbability.filter((l, rank) => rank < top || isPredicted(l)) : byProbability;
  return {
    model,
    task: head.task,
    problem_type: head.problemType,
    predicted: byProbability.filter(isPredicted).map((l) => head.labels[l]!.name),
    risk: binary ? p[1]! : null,
    labels: shown.map(entry),
    word_pieces: s.wordPieces,
    windows: s.windows,
    cut: s.cut,
  };
}

export const PREDICTION_CSV_HEADER = [
  "id",
  "model",
  "task",
  "label",
  "title",
  "probability",
  "threshold",
  "predicted",
] as const;

/** CSV rows (no header) of one note: one per label shown. */
export function predictionCsvRows(id: string, predictions: readonly ModelPrediction[]): string[] {
  return predictions.flatMap((m) =>
    m.labels.map((l) =>
      [id, m.model, m.task, l.label, l.title ?? "", String(l.probability), l.threshold ?? "", l.predicted ? "1" : "0"]
        .map((v) => csvField(String(v), "needed"))
        .join(","),
    ),
  );
}
