import type { Graph } from "../graph/Graph.ts";
import type { Value } from "../graph/Value.ts";
import type { Int8LinearWeight } from "../models/layers/int8Linear.ts";

/**
 * Where a model's parameters come from. Model code asks for parameters by their Hugging Face name and
 * expected shape; an inference source bakes checkpoint weights in as initializers (ONNX Runtime pre-packs them),
 * a training source will declare them as graph inputs. Model code is written once against this interface.
 */
export interface ParamSource {
  /** A parameter of the given shape, e.g. a bias or an embedding table. */
  param(g: Graph, name: string, shape: number[]): Value;
  /**
   * A `torch.nn.Linear` weight stored as [out, in] in the checkpoint, returned as [in, out] so that
   * `x @ w` computes `x Wᵀ` like `F.linear`.
   */
  linearWeight(g: Graph, name: string, outFeatures: number, inFeatures: number): Value;
  /**
   * The int8 form of a Linear weight when this source quantizes it (docs/quantization.md); undefined (or no such
   * method) keeps the layer in float32.
   */
  int8LinearWeight?(g: Graph, name: string, outFeatures: number, inFeatures: number): Int8LinearWeight | undefined;
}
