import { getOp, type OpDef } from "./opRegistry.ts";
import { type Attrs, type DType, GraphError, type Shape, type TensorData } from "./types.ts";
import { Value } from "./Value.ts";

/** One op application in the graph's own IR (ONNX is emitted from this; autodiff walks it). */
export interface Node {
  op: OpDef;
  inputs: Value[];
  outputs: Value[];
  attrs: Attrs;
}

/**
 * A graph under construction. Model code creates inputs and parameters, applies registered ops (shapes are
 * checked as it goes) and marks outputs; `toOnnx` (onnxWriter.ts) serialises it.
 */
export class Graph {
  readonly inputs: Value[] = [];
  readonly outputs: Value[] = [];
  readonly nodes: Node[] = [];
  /** Constant tensors baked into the model (weights for inference, small constants). */
  readonly initializers = new Map<string, { value: Value; data: TensorData }>();
  private readonly names = new Set<string>();
  private counter = 0;

  constructor(readonly name = "prognos") {}

  /** A unique name with a readable prefix. */
  fresh(prefix: string): string {
    let name: string;
    do name = `${prefix}_${this.counter++}`;
    while (this.names.has(name));
    return name;
  }

  private claim(name: string): string {
    if (this.names.has(name)) throw new GraphError(`name "${name}" is already used in graph ${this.name}`);
    this.names.add(name);
    return name;
  }

  input(name: string, dtype: DType, shape: Shape): Value {
    const v = new Value(this, this.claim(name), dtype, shape);
    this.inputs.push(v);
    return v;
  }

  /** A named initializer (a weight). Its data must match the declared shape. */
  initializer(name: string, data: TensorData): Value {
    const size = data.shape.reduce((a, b) => a * b, 1);
    if (data.data.length !== size) {
      throw new GraphError(`initializer ${name}: ${data.data.length} values for shape [${data.shape.join(", ")}]`);
    }
    const v = new Value(this, this.claim(name), data.dtype, data.shape);
    this.initializers.set(name, { value: v, data });
    return v;
  }

  /** An anonymous constant. */
  constant(data: TensorData, prefix = "const"): Value {
    return this.initializer(this.fresh(prefix), data);
  }

  scalar(value: number, dtype: DType = "float32"): Value {
    return this.constant(scalarData(value, dtype), "scalar");
  }

  /** Applies a registered op; returns its outputs. Shape errors name the op and the input shapes. */
  apply(type: string, inputs: Value[], attrs: Attrs = {}): Value[] {
    const op = getOp(type);
    const [min, max] = typeof op.arity === "number" ? [op.arity, op.arity] : op.arity;
    if (inputs.length < min || inputs.length > max) {
      throw new GraphError(`${type} takes ${min === max ? min : `${min}–${max}`} inputs, got ${inputs.length}`);
    }
    for (const v of inputs) {
      if (v.graph !== this) throw new GraphError(`${type}: input ${v.name} belongs to another graph`);
    }
    for (const key of Object.keys(attrs)) {
      if (!op.attrs || !(key in op.attrs)) throw new GraphError(`${type}: unknown attribute "${key}"`);
    }
    let specs: ReturnType<OpDef["infer"]>;
    try {
      specs = op.infer(inputs, attrs);
    } catch (e) {
      const shapes = inputs.map((v) => v.toString()).join("; ");
      throw new GraphError(`${type}(${shapes}): ${(e as Error).message}`);
    }
    const outputs = specs.map((s) => new Value(this, this.claim(this.fresh(type.toLowerCase())), s.dtype, s.shape));
    this.nodes.push({ op, inputs, outputs, attrs });
    return outputs;
  }

  /** Applies a single-output op. */
  apply1(type: string, inputs: Value[], attrs: Attrs = {}): Value {
    return this.apply(type, inputs, attrs)[0]!;
  }

  /**
   * Marks a value as a graph output, optionally under a public name. An op's result that is not yet an output
   * is simply renamed (no copy); inputs, initializers and values already output get an Identity node.
   */
  output(value: Value, name?: string): Value {
    let out = value;
    if (name && name !== value.name) {
      const produced = this.nodes.some((n) => n.outputs.includes(value));
      const isInput = this.inputs.includes(value) || this.initializers.has(value.name);
      if (produced && !isInput && !this.outputs.includes(value)) {
        this.claim(name);
        this.names.delete(value.name);
        value.name = name;
      } else {
        this.claim(name);
        out = new Value(this, name, value.dtype, value.shape);
        this.nodes.push({ op: getOp("Identity"), inputs: [value], outputs: [out], attrs: {} });
      }
    }
    this.outputs.push(out);
    return out;
  }
}

export function scalarData(value: number, dtype: DType): TensorData {
  switch (dtype) {
    case "float32":
      return { dtype, shape: [], data: Float32Array.of(value) };
    case "float64":
      return { dtype, shape: [], data: Float64Array.of(value) };
    case "int64":
      return { dtype, shape: [], data: BigInt64Array.of(BigInt(value)) };
    case "int32":
      return { dtype, shape: [], data: Int32Array.of(value) };
    default:
      throw new GraphError(`no scalar constants of type ${dtype}`);
  }
}
