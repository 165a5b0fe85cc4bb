import type { Engine } from "../engine/Engine.ts";
import { Explainer, type ExplainMethod } from "../explanation/Explainer.ts";
import { wordAttributions } from "../explanation/wordAttributions.ts";
import { noteWindows } from "../tokenizer/noteWindows.ts";
import type { NotePredictor } from "./NotePredictor.ts";
import type { ModelPrediction } from "./notePredictions.ts";
import type { NoteInput } from "./readNotes.ts";

/**
 * Adds word attributions to the predicted labels (binary tasks: the risk class; docs/explanations.md): each note's
 * first `max_length` word pieces (a long note's first window) through integrated gradients or gradient × input on
 * the label's logit. `predictions[note][model]` are changed in place.
 */
export async function explainPredictions(
  predictor: NotePredictor,
  notes: readonly NoteInput[],
  predictions: ModelPrediction[][],
  engine: Engine,
  options: { method: ExplainMethod; steps: number; batch?: number; onProgress?: (done: number, total: number) => void },
): Promise<void> {
  let done = 0;
  const total = notes.length * predictor.models.length;
  for (const [k, m] of predictor.models.entries()) {
    const explainer = await Explainer.create(m.checkpoint, m.head, engine);
    const firstWindow = { ...m.head, longNotes: { policy: "truncate" as const } };
    const index = new Map(m.head.labels.map((l, i) => [l.name, i]));
    for (const [i, note] of notes.entries()) {
      const p = predictions[i]![k]!;
      const ids = noteWindows(m.tokenizer, note.text, firstWindow).windows[0]!;
      const binary = p.risk !== null;
      const wanted = p.labels.filter((l) => (binary ? l.label === m.head.labels[1]!.name : l.predicted));
      for (const entry of wanted) {
        const a = await explainer.explain(ids, index.get(entry.label)!, { ...options });
        entry.attributions = wordAttributions(m.tokenizer, note.text, a.scores);
        entry.explanation = {
          method: options.method,
          steps: options.method === "ig" ? options.steps : 1,
          logit: a.logit,
          baseline_logit: a.baselineLogit,
          sum: a.scores.reduce((s, v) => s + v, 0),
        };
      }
      options.onProgress?.(++done, total);
    }
  }
}
