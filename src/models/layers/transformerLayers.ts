import type { Graph } from "../../graph/Graph.ts";
import * as T from "../../graph/tensorOps.ts";
import type { Value } from "../../graph/Value.ts";
import type { DropoutHooks } from "../../nn/DropoutHooks.ts";
import type { ParamSource } from "../../nn/ParamSource.ts";
import { ACTIVATIONS, type ActivationName } from "./activations.ts";
import { layerNorm, linear } from "./linear.ts";
import { selfAttention } from "./selfAttention.ts";

/** The shape of a stack of BERT layers (the BERT and Med-BERT encoders share it). */
export interface TransformerShape {
  hiddenSize: number;
  numLayers: number;
  numHeads: number;
  intermediateSize: number;
  hiddenAct: ActivationName;
  layerNormEps: number;
}

/**
 * `numLayers` post-LN transformer layers as HF `BertLayer` computes them, named `${prefix}.${i}.…` (HF:
 * `encoder.layer.i.attention.self.query`, …): LayerNorm(dense(attention(x)) + x), then
 * LayerNorm(dense(act(dense(h))) + h). `mask` is the additive [batch, 1, 1, seq] mask (selfAttention.ts).
 * Used by the BERT encoder (models/bert) and the Med-BERT encoder (models/medbert): written once.
 */
export function transformerLayers(
  g: Graph,
  params: ParamSource,
  prefix: string,
  input: Value,
  mask: Value,
  shape: TransformerShape,
  dropout?: DropoutHooks,
): Value {
  const H = shape.hiddenSize;
  const act = ACTIVATIONS[shape.hiddenAct];
  let x = input;
  for (let i = 0; i < shape.numLayers; i++) {
    const p = `${prefix}.${i}`;
    const context = selfAttention(g, params, `${p}.attention`, x, mask, H, shape.numHeads, dropout?.attention);
    let attended = linear(g, params, `${p}.attention.output.dense`, context, H, H);
    if (dropout) attended = dropout.hidden(attended);
    x = layerNorm(g, params, `${p}.attention.output.LayerNorm`, T.add(attended, x), H, shape.layerNormEps);
    const inner = act(linear(g, params, `${p}.intermediate.dense`, x, H, shape.intermediateSize));
    let out = linear(g, params, `${p}.output.dense`, inner, shape.intermediateSize, H);
    if (dropout) out = dropout.hidden(out);
    x = layerNorm(g, params, `${p}.output.LayerNorm`, T.add(out, x), H, shape.layerNormEps);
  }
  return x;
}

/** HF parameter names and shapes of `transformerLayers` (Linear weights [out, in]). */
export function transformerLayerShapes(prefix: string, shape: TransformerShape): Map<string, number[]> {
  const H = shape.hiddenSize;
  const I = shape.intermediateSize;
  const shapes = new Map<string, number[]>();
  for (let i = 0; i < shape.numLayers; i++) {
    const p = `${prefix}.${i}`;
    for (const n of ["query", "key", "value"]) {
      shapes.set(`${p}.attention.self.${n}.weight`, [H, H]);
      shapes.set(`${p}.attention.self.${n}.bias`, [H]);
    }
    shapes.set(`${p}.attention.output.dense.weight`, [H, H]);
    shapes.set(`${p}.attention.output.dense.bias`, [H]);
    shapes.set(`${p}.attention.output.LayerNorm.weight`, [H]);
    shapes.set(`${p}.attention.output.LayerNorm.bias`, [H]);
    shapes.set(`${p}.intermediate.dense.weight`, [I, H]);
    shapes.set(`${p}.intermediate.dense.bias`, [I]);
    shapes.set(`${p}.output.dense.weight`, [H, I]);
    shapes.set(`${p}.output.dense.bias`, [H]);
    shapes.set(`${p}.output.LayerNorm.weight`, [H]);
    shapes.set(`${p}.output.LayerNorm.bias`, [H]);
  }
  return shapes;
}
