import type { Graph } from "../graph/Graph.ts";
import * as T from "../graph/tensorOps.ts";
import type { Value } from "../graph/Value.ts";
import type { ParamSource } from "./ParamSource.ts";

/** One trainable parameter: its Hugging Face name, shape (HF layout) and graph input. */
export interface TrainableParam {
  name: string;
  shape: number[];
  value: Value;
}

/**
 * Declares every parameter the model asks for as a float32 graph input in Hugging Face's layout (Linear weights
 * [out, in], transposed inside the graph), so the train-step graph takes the weights as they are saved.
 */
export class InputParamSource implements ParamSource {
  readonly params: TrainableParam[] = [];
  private readonly byName = new Map<string, TrainableParam>();

  constructor(private readonly prefix = "") {}

  param(g: Graph, name: string, shape: number[]): Value {
    const existing = this.byName.get(name);
    if (existing) return existing.value;
    const value = g.input(`${this.prefix}${name}`, "float32", shape);
    const p = { name, shape, value };
    this.params.push(p);
    this.byName.set(name, p);
    return value;
  }

  linearWeight(g: Graph, name: string, outFeatures: number, inFeatures: number): Value {
    return T.transpose(this.param(g, name, [outFeatures, inFeatures]), [1, 0]);
  }
}
