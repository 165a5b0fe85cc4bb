import type { Checkpoint } from "../checkpoint/Checkpoint.ts";
import type { WeightTensor } from "../checkpoint/WeightTensor.ts";
import { LABEL_ATTENTION_QUERIES } from "../models/heads/labelAttention.ts";
import type { Pooling } from "../models/heads/ModelHead.ts";
import { PrognosError } from "../util/errors.ts";
import { SeededRandom } from "../util/SeededRandom.ts";

const QUERIES = `classifier.${LABEL_ATTENTION_QUERIES}`;

/**
 * The classifier a run starts from. A checkpoint whose `classifier.*` matches the task's labels (config.json
 * `id2label` in the same order, weight [labels, hidden]) starts from it, as Hugging Face does. A checkpoint with a
 * classifier for other labels is refused unless `reinit` is set. Otherwise (no classifier, e.g. an encoder-only
 * checkpoint like CORe's, or `reinit`) the head is new: weight ~ N(0, initializer_range), bias 0, seeded.
 *
 * With `pooling` label-attention the head also has its label queries `classifier.attention.weight` [labels, hidden]
 * (docs/training.md, "Pooling"): the checkpoint's when the classifier is taken from it and has them, else new ones
 * drawn like the weight (N(0, initializer_range)) from a seeded stream of their own, so that the weight and bias are
 * the same numbers whatever the pooling.
 */
export function classifierInit(
  checkpoint: Checkpoint,
  labels: readonly string[],
  options: { reinit: boolean; seed: number; pooling?: Pooling },
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
  const std =
    typeof checkpoint.config.extra.initializer_range === "number" ? checkpoint.config.extra.initializer_range : 0.02;
  const normal = (stream: string) => {
    const rng = SeededRandom.from(options.seed, stream);
    return Float32Array.from({ length: labels.length * hidden }, () => rng.normal(0, std));
  };
  const attention = options.pooling === "label-attention";
  if (w && b && !options.reinit) {
    const same = ckLabels.length === labels.length && ckLabels.every((l, i) => l === labels[i]);
    if (!same || w.shape[0] !== labels.length) {
      const shown = ckLabels.slice(0, 5).join(", ") + (ckLabels.length > 5 ? ", …" : "");
      throw new PrognosError(
        `${checkpoint.report.file}: the checkpoint's classifier has ${w.shape[0]} outputs (${shown || "no id2label"}) but the task has ${labels.length} labels; pass --reinit-head to start a new classifier (the old head is discarded)`,
      );
    }
    const weights = new Map([
      ["classifier.weight", w],
      ["classifier.bias", b],
    ]);
    if (!attention) return { weights, note: "classifier taken from the checkpoint (labels match)" };
    const q = checkpoint.headWeights.get(QUERIES);
    weights.set(QUERIES, q ?? { shape: [labels.length, hidden], data: normal("label-attention-init") });
    return {
      weights,
      note: q
        ? "classifier and label queries taken from the checkpoint (labels match)"
        : "classifier taken from the checkpoint (labels match), new label queries",
    };
  }
  const weights = new Map<string, WeightTensor>([
    ["classifier.weight", { shape: [labels.length, hidden], data: normal("classifier-init") }],
    ["classifier.bias", { shape: [labels.length], data: new Float32Array(labels.length) }],
  ]);
  if (attention) weights.set(QUERIES, { shape: [labels.length, hidden], data: normal("label-attention-init") });
  return {
    weights,
    note: w ? "classifier re-initialised (--reinit-head)" : "new classifier (the checkpoint has none)",
  };
}
