import type { Graph } from "../graph/Graph.ts";
import type { Value } from "../graph/Value.ts";
import type { Int8Form, Int8LinearWeight } from "../models/layers/int8Linear.ts";
import { type Int8Weight, QUANTIZED_LINEAR, quantizePerChannel, scaleName } from "../quantization/int8Weights.ts";
import type { ParamSource } from "./ParamSource.ts";

/**
 * A named float32 weight as checkpoints hold it (row-major). A quantized model folder's Linear weights also carry
 * their stored int8 form; `data` is then its dequantized values (docs/quantization.md).
 */
export interface Weight {
  shape: number[];
  data: Float32Array;
  int8?: Int8Weight;
}

export interface WeightsParamSourceOptions {
  /**
   * Run the encoder layers' Linear weights (QUANTIZED_LINEAR) in int8, in this ONNX form: their stored int8 values
   * when the weight has them, else quantized here per output channel. Default: float32 everywhere.
   */
  int8?: Int8Form;
}

/** Bakes checkpoint weights into the graph as initializers, checking every shape against the model's. */
export class WeightsParamSource implements ParamSource {
  private readonly used = new Set<string>();

  constructor(
    private readonly weights: ReadonlyMap<string, Weight>,
    private readonly options: WeightsParamSourceOptions = {},
  ) {}

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

  int8LinearWeight(g: Graph, name: string, outFeatures: number, inFeatures: number): Int8LinearWeight | undefined {
    const form = this.options.int8;
    if (!form || !QUANTIZED_LINEAR.test(name)) return undefined;
    const w = this.get(name, [outFeatures, inFeatures]);
    const q = w.int8 ?? quantizePerChannel(w.data, outFeatures, inFeatures);
    const t = new Int8Array(q.values.length);
    for (let o = 0; o < outFeatures; o++) {
      for (let i = 0; i < inFeatures; i++) t[i * outFeatures + o] = q.values[o * inFeatures + i]!;
    }
    return {
      weight: g.initializer(name, { dtype: "int8", shape: [inFeatures, outFeatures], data: t }),
      scale: g.initializer(scaleName(name), { dtype: "float32", shape: [outFeatures], data: q.scales }),
      form,
    };
  }

  /** Names of the weights the model consumed. */
  usedNames(): ReadonlySet<string> {
    return this.used;
  }
}
