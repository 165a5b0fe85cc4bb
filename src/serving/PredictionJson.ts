import type { ModelHead } from "../models/heads/ModelHead.ts";
import { labelTitles } from "./labelTitles.ts";
import type { ScoredNote } from "./NotePredictor.ts";
import { rankLabels, thresholdOf } from "./notePredictions.ts";

const num = (x: number) => (Number.isFinite(x) ? String(x) : "null");

/**
 * One model's answer for a note as JSON text, exactly `JSON.stringify(modelPrediction(model, head, s, top, titles))`, from
 * pieces serialised once per model (its name, task, and each label's name and title): the server writes every
 * response with it instead of building and serialising the objects again for each note.
 */
export class PredictionJson {
  private readonly head: string;
  /** Label l's `{"label":…,"title":…,"probability":`. */
  private readonly labelStart: string[];
  /** Label l's `,"threshold":…,"predicted":` (then true or false). */
  private readonly labelEnd: string[];
  private readonly names: string[];

  constructor(
    model: string,
    private readonly modelHead: ModelHead,
  ) {
    const h = modelHead;
    this.head = `{"model":${JSON.stringify(model)},"task":${JSON.stringify(h.task)},"problem_type":${JSON.stringify(h.problemType)},"predicted":[`;
    this.names = h.labels.map((l) => JSON.stringify(l.name));
    const titles = labelTitles(h);
    this.labelStart = h.labels.map(
      (_, l) => `{"label":${this.names[l]},"title":${JSON.stringify(titles[l])},"probability":`,
    );
    this.labelEnd = h.labels.map((_, l) => `,"threshold":${JSON.stringify(thresholdOf(h, l))},"predicted":`);
  }

  write(s: ScoredNote, top: number): string {
    const p = s.probabilities;
    const { predicted, shown, isPredicted } = rankLabels(this.modelHead, p, top);
    const binary = this.modelHead.problemType !== "multi_label_classification" && p.length === 2;
    let out = this.head;
    for (let i = 0; i < predicted.length; i++) out += (i ? "," : "") + this.names[predicted[i]!];
    out += `],"risk":${binary ? num(p[1]!) : "null"},"labels":[`;
    for (let i = 0; i < shown.length; i++) {
      const l = shown[i]!;
      out += `${i ? "," : ""}${this.labelStart[l]}${num(p[l]!)}${this.labelEnd[l]}${isPredicted(l)}}`;
    }
    return `${out}],"word_pieces":${s.wordPieces},"windows":${s.windows},"cut":${s.cut}}`;
  }
}
