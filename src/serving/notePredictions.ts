import type { WordAttribution } from "../explanation/wordAttributions.ts";
import type { ModelHead } from "../models/heads/ModelHead.ts";
import { csvField } from "../util/csvField.ts";
import { labelTitles } from "./labelTitles.ts";
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

/** A head's labels as a prediction shows them: which are predicted, which are listed, the most probable first. */
export interface RankedLabels {
  /** Every predicted label, the most probable first (ties: label order). */
  predicted: number[];
  /** The labels listed: every class (single-label), or the `top` most probable and every predicted one. */
  shown: number[];
  isPredicted: (l: number) => boolean;
}

/**
 * Ranks a note's labels: multi-label, a label is predicted when its probability reaches its threshold; binary,
 * class 1 when the risk reaches the threshold; multi-class, the most probable class. Multi-label heads list the
 * `top` most probable labels and every predicted one, found without sorting all labels (CORe's diagnosis head has
 * 9,237); the order is that of a stable sort by falling probability.
 */
export function rankLabels(head: ModelHead, p: Float32Array, top: number): RankedLabels {
  const L = head.labels.length;
  const multi = head.problemType === "multi_label_classification";
  const binary = !multi && L === 2;
  let argmax = 0;
  for (let l = 1; l < L; l++) if (p[l]! > p[argmax]!) argmax = l;
  const isPredicted = (l: number) =>
    multi ? p[l]! >= head.thresholds[l]! : binary ? p[1]! >= head.thresholds[0]! === (l === 1) : l === argmax;
  const before = (a: number, b: number) => p[b]! - p[a]! || a - b;
  if (!multi) {
    const all = Array.from({ length: L }, (_, l) => l).sort(before);
    return { predicted: all.filter(isPredicted), shown: all, isPredicted };
  }
  // The `top` most probable, kept sorted while scanning, plus every predicted label beyond them.
  const best: number[] = [];
  const extra: number[] = [];
  for (let l = 0; l < L; l++) {
    if (best.length < top || (top > 0 && before(l, best[best.length - 1]!) < 0)) {
      let at = best.length;
      while (at > 0 && before(l, best[at - 1]!) < 0) at--;
      best.splice(at, 0, l);
      if (best.length > top) {
        const out = best.pop()!;
        if (isPredicted(out)) extra.push(out);
      }
    } else if (isPredicted(l)) extra.push(l);
  }
  const shown = extra.length > 0 ? [...best, ...extra].sort(before) : best;
  return { predicted: shown.filter(isPredicted), shown, isPredicted };
}

/** The threshold shown beside label `l`: its own (multi-label), the risk's (binary, class 1), else null. */
export function thresholdOf(head: ModelHead, l: number): number | null {
  if (head.problemType === "multi_label_classification") return head.thresholds[l]!;
  return head.labels.length === 2 && l === 1 ? head.thresholds[0]! : null;
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
  const { predicted, shown, isPredicted } = rankLabels(head, p, top);
  const binary = head.problemType !== "multi_label_classification" && head.labels.length === 2;
  return {
    model,
    task: head.task,
    problem_type: head.problemType,
    predicted: predicted.map((l) => head.labels[l]!.name),
    risk: binary ? p[1]! : null,
    labels: shown.map((l) => ({
      label: head.labels[l]!.name,
      title: titles[l]!,
      probability: p[l]!,
      threshold: thresholdOf(head, l),
      predicted: isPredicted(l),
    })),
    word_pieces: s.wordPieces,
    windows: s.windows,
    cut: s.cut,
  };
}

/**
 * Every model's answer for every note: result[note][model], from `NotePredictor.score`'s scores. `names`: the
 * `model` shown for each (default: its folder). Shared by `prognos predict` and the scoring queue's workers, so that
 * both write the same lines.
 */
export function notePredictions(
  models: readonly { dir: string; head: ModelHead }[],
  scored: readonly (readonly ScoredNote[])[],
  top: number,
  names: readonly string[] = models.map((m) => m.dir),
): ModelPrediction[][] {
  const titles = models.map((m) => labelTitles(m.head));
  return scored.map((s) => models.map((m, k) => modelPrediction(names[k]!, m.head, s[k]!, top, titles[k]!)));
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
