import type { ModelHead } from "../models/heads/ModelHead.ts";
import { labelTitles } from "./labelTitles.ts";
import type { ScoredNote } from "./NotePredictor.ts";
import { type ModelPrediction, modelPrediction } from "./notePredictions.ts";

// Not in notePredictions.ts: labelTitles reads the ICD tables from data/ (Node only), and notePredictions.ts is
// bundled into the in-browser page.

/**
 * Every model's answer for every note: result[note][model], from `NotePredictor.score`'s scores. `names`: the
 * `model` shown for each (default: its folder). Shared by `prognos predict` and the scoring queue's workers, so that
 * both write the same lines.
 */
export function predictionsForNotes(
  models: readonly { dir: string; head: ModelHead }[],
  scored: readonly (readonly ScoredNote[])[],
  top: number,
  names: readonly string[] = models.map((m) => m.dir),
): ModelPrediction[][] {
  const titles = models.map((m) => labelTitles(m.head));
  return scored.map((s) => models.map((m, k) => modelPrediction(names[k]!, m.head, s[k]!, top, titles[k]!)));
}
