import type { Checkpoint } from "../checkpoint/Checkpoint.ts";
import type { WeightTensor } from "../checkpoint/WeightTensor.ts";
import { PrognosError } from "../util/errors.ts";
import { SeededRandom } from "../util/SeededRandom.ts";

/**
 * The classifier a run starts from. A checkpoint whose `classifier.*` matches the task's labels (config.json
 * `id2label` in the same order, weight [labels, hidden]) starts from it, as Hugging Face does. A checkpoint with a
 * classifier for other labels is refused unless `reinit` is set. Otherwise (no classifier, e.g. an encoder-only
 * checkpoint like CORe's, or `reinit`) the head is new: weight ~ N(0, initializer_range), bias 0, seeded.
 */
export function classifierInit(
  checkpoint: Checkpoint,
  labels: readonly string[],
  options: { reinit: boolean; seed: number },
): { weights: Map<string, WeightTensor>; note: string } {
  const hidden = checkpoint.config.hidden_size;
  const w = checkpoint.headWeights.get("classifier.weight");
  const b = checkpoint.headWeights.get("classifier.bias");
  const id2label = checkpoint.config.extra.id2label as Record<string, string> | undefined;
  const ckLabels = id2label
    ? Object.keys(id2label)
        .sort((x, y) => Number(x) - Number(y))
        .map((k) => id2label[k]!)
    : [];
  if (w && b && !options.reinit) {
    const same = ckLabels.length === labels.length && ckLabels.every((l, i) => l === labels[i]);
    if (!same || w.shape[0] !== labels.length) {
      const shown = ckLabels.slice(0, 5).join(", ") + (ckLabels.length > 5 ? ", …" : "");
      throw new PrognosError(
        `${checkpoint.report.file}: the checkpoint's classifier has ${w.shape[0]} outputs (${shown || "no id2label"}) but the task has ${labels.length} labels; pass --reinit-head to start a new classifier (the old head is discarded)`,
      );
    }
    return {
      weights: new Map([
        ["classifier.weight", w],
        ["classifier.bias", b],
      ]),
      note: "classifier taken from the checkpoint (labels match)",
    };
  }
  const std =
    typeof checkpoint.config.extra.initializer_range === "number" ? checkpoint.config.extra.initializer_range : 0.02;
  const rng = SeededRandom.from(options.seed, "classifier-init");
  const data = Float32Array.from({ length: labels.length * hidden }, () => rng.normal(0, std));
  return {
    weights: new Map([
      ["classifier.weight", { shape: [labels.length, hidden], data }],
      ["classifier.bias", { shape: [labels.length], data: new Float32Array(labels.length) }],
    ]),
    note: w ? "classifier re-initialised (--reinit-head)" : "new classifier (the checkpoint has none)",
  };
}
