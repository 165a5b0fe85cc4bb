import type { Weight } from "../../nn/WeightsParamSource.ts";
import { transformerLayerShapes } from "../layers/transformerLayers.ts";
import type { BertArchitecture } from "./BertArchitecture.ts";

/** HF BertModel parameter names and shapes for an architecture (no `bert.` prefix). */
export function bertParameterShapes(a: BertArchitecture): Map<string, number[]> {
  const H = a.hiddenSize;
  const shapes = new Map<string, number[]>([
    ["embeddings.word_embeddings.weight", [a.vocabSize, H]],
    ["embeddings.position_embeddings.weight", [a.maxPositions, H]],
    ["embeddings.token_type_embeddings.weight", [a.typeVocabSize, H]],
    ["embeddings.LayerNorm.weight", [H]],
    ["embeddings.LayerNorm.bias", [H]],
  ]);
  for (const [name, shape] of transformerLayerShapes("encoder.layer", a)) shapes.set(name, shape);
  shapes.set("pooler.dense.weight", [H, H]);
  shapes.set("pooler.dense.bias", [H]);
  return shapes;
}

/**
 * Seeded random weights in HF's initialisation style (normal·0.02, LayerNorm 1/0), for benchmarks and tests
 * that need a BERT of a given shape but no trained checkpoint.
 */
export function randomBertWeights(a: BertArchitecture, seed = 0): Map<string, Weight> {
  let s = seed >>> 0 || 0x9e3779b9;
  const uniform = () => {
    // xorshift32: fast, seeded, good enough for random weights
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return (s + 0.5) / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  const out = new Map<string, Weight>();
  for (const [name, shape] of bertParameterShapes(a)) {
    const data = new Float32Array(shape.reduce((x, y) => x * y, 1));
    if (name.endsWith("LayerNorm.weight")) data.fill(1);
    else if (!name.endsWith("bias")) for (let i = 0; i < data.length; i++) data[i] = normal() * 0.02;
    out.set(name, { shape, data });
  }
  return out;
}
