import type { Graph } from "../graph/Graph.ts";
import type { Value } from "../graph/Value.ts";
import type { ParamSource } from "./ParamSource.ts";

/** A named float32 weight as checkpoints hold it (row-major). */
export interface Weight {
  shape: number[];
  data: Float32Array;
}

/** Bakes checkpoint weights into the graph as initializers, checking every shape against the model's. */
export class WeightsParamSource implements ParamSource {
  private readonly used = new Set<string>();

  constructor(private readonly weights: ReadonlyMap<string, Weight>) {}

  private get(name: string, shape: number[]): Weight {
    const w = this.weights.get(name);
    if (!w) throw new Error(`weight ${name} is missing`);
    if (w.shape.length !== shape.length || w.shape.some((d, i) => d !== shape[i])) {
      throw new Error(`weight ${name} has shape [${w.shape.join(", ")}], the model expects [${shape.join(", ")}]`);
    }
    this.used.add(name);
    return w;
  }

  param(g: Graph, name: string, shape: number[]): Value {
    const w = this.get(name, shape);
    return g.initializer(name, { dtype: "float32", shape, data: w.data });
  }

  linearWeight(g: Graph, name: string, outFeatures: number, inFeatures: number): Value {
    const w = this.get(name, [outFeatures, inFeatures]);
    const t = new Float32Array(w.data.length);
    for (let o = 0; o < outFeatures; o++) {
      for (let i = 0; i < inFeatures; i++) t[i * outFeatures + o] = w.data[o * inFeatures + i]!;
    }
    return g.initializer(name, { dtype: "float32", shape: [inFeatures, outFeatures], data: t });
  }

  /** Names of the weights the model consumed. */
  usedNames(): ReadonlySet<string> {
    return this.used;
  }
}
