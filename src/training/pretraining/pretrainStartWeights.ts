import type { Checkpoint } from "../../checkpoint/Checkpoint.ts";
import type { WeightTensor } from "../../checkpoint/WeightTensor.ts";
import type { TrainableParam } from "../../nn/InputParamSource.ts";
import { PrognosError } from "../../util/errors.ts";
import { SeededRandom } from "../../util/SeededRandom.ts";

/**
 * The starting value of every parameter of a pre-training graph. Encoder weights and the heads (`cls.*`) come from
 * the checkpoint where it has them (a BertForPreTraining folder such as BioBERT's has all; a BertForMaskedLM folder
 * lacks `cls.seq_relationship`; an encoder-only folder such as CORe's lacks both heads, some lack the pooler).
 * What is missing starts as Hugging Face's `_init_weights` would: Linear weights N(0, initializer_range) from
 * SeededRandom(seed, "pretrain-init", name), biases 0, LayerNorm 1 and 0. Encoder weights other than the pooler
 * must be in the checkpoint. `initialised` lists the names that were new, for the run's report.
 */
export function pretrainStartWeights(
  checkpoint: Checkpoint,
  params: readonly TrainableParam[],
  seed: number,
): { weights: Map<string, WeightTensor>; initialised: string[] } {
  const std =
    typeof checkpoint.config.extra.initializer_range === "number" ? checkpoint.config.extra.initializer_range : 0.02;
  const heads = checkpoint.headWeights;
  const weights = new Map<string, WeightTensor>();
  const initialised: string[] = [];
  for (const p of params) {
    const found =
      checkpoint.weights.get(p.name) ??
      heads.get(p.name) ??
      // Older checkpoints may carry the MLM bias only as the decoder's (Hugging Face ties the two).
      (p.name === "cls.predictions.bias" ? heads.get("cls.predictions.decoder.bias") : undefined);
    if (found) {
      weights.set(p.name, found);
      continue;
    }
    const isHead = p.name.startsWith("cls.") || p.name.startsWith("pooler.");
    if (!isHead) {
      throw new PrognosError(`${checkpoint.report.file}: the checkpoint has no weight ${p.name}`);
    }
    const n = p.shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(n);
    if (p.name.endsWith("LayerNorm.weight")) data.fill(1);
    else if (p.name.endsWith(".weight")) {
      const rng = SeededRandom.from(seed, "pretrain-init", p.name);
      for (let i = 0; i < n; i++) data[i] = rng.normal(0, std);
    }
    weights.set(p.name, { shape: p.shape, data });
    initialised.push(p.name);
  }
  return { weights, initialised };
}
