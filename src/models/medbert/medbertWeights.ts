import type { WeightTensor } from "../../checkpoint/WeightTensor.ts";
import { SeededRandom } from "../../util/SeededRandom.ts";
import { transformerLayerShapes } from "../layers/transformerLayers.ts";
import type { MedBertArchitecture } from "./MedBertConfig.ts";

/** The encoder's parameter names and shapes (Linear weights [out, in]), in a fixed order. */
export function medbertEncoderShapes(a: MedBertArchitecture): Map<string, number[]> {
  const H = a.hiddenSize;
  const shapes = new Map<string, number[]>([
    ["embeddings.code_embeddings.weight", [a.vocabSize, H]],
    ["embeddings.visit_embeddings.weight", [a.maxVisits, H]],
    ["embeddings.position_embeddings.weight", [a.maxPositions, H]],
    ["embeddings.LayerNorm.weight", [H]],
    ["embeddings.LayerNorm.bias", [H]],
  ]);
  for (const [name, shape] of transformerLayerShapes("encoder.layer", a)) shapes.set(name, shape);
  shapes.set("pooler.dense.weight", [H, H]);
  shapes.set("pooler.dense.bias", [H]);
  return shapes;
}

/** The pre-training heads' parameters: masked codes (decoder tied to the code embeddings) and prolonged stay. */
export function medbertHeadShapes(a: MedBertArchitecture): Map<string, number[]> {
  const H = a.hiddenSize;
  return new Map<string, number[]>([
    ["cls.predictions.transform.dense.weight", [H, H]],
    ["cls.predictions.transform.dense.bias", [H]],
    ["cls.predictions.transform.LayerNorm.weight", [H]],
    ["cls.predictions.transform.LayerNorm.bias", [H]],
    ["cls.predictions.bias", [a.vocabSize]],
    ["cls.plos.weight", [1, H]],
    ["cls.plos.bias", [1]],
  ]);
}

/**
 * Seeded initial weights as Hugging Face initialises BERT: weights N(0, std) (std = initializer_range, 0.02),
 * biases 0, LayerNorm 1/0, the [PAD] row of the code embeddings 0. Each tensor draws from its own stream
 * (SeededRandom(seed, "medbert-init", name)), so adding a head never changes the encoder's start.
 */
export function initMedBertWeights(
  shapes: ReadonlyMap<string, number[]>,
  seed: number,
  std = 0.02,
): Map<string, WeightTensor> {
  const out = new Map<string, WeightTensor>();
  for (const [name, shape] of shapes) {
    const data = new Float32Array(shape.reduce((x, y) => x * y, 1));
    if (name.endsWith("LayerNorm.weight")) data.fill(1);
    else if (!name.endsWith("bias")) {
      const rng = SeededRandom.from(seed, "medbert-init", name);
      for (let i = 0; i < data.length; i++) data[i] = rng.normal(0, std);
      if (name === "embeddings.code_embeddings.weight") data.fill(0, 0, shape[1]!);
    }
    out.set(name, { shape, data });
  }
  return out;
}
