import type { AttrKind, Attrs, DType, Shape } from "./types.ts";
import type { Value } from "./Value.ts";

/** What an op produces, as inferred at build time. */
export interface OutputSpec {
  dtype: DType;
  shape: Shape;
}

/**
 * One primitive op of the graph builder. Primitives map 1:1 to an ONNX node; composite functions (GELU,
 * attention, linear layers) are plain TypeScript over primitives, so differentiation only needs rules here.
 */
export interface OpDef {
  /** Registry key, also the ONNX op type unless `onnxType` says otherwise. */
  type: string;
  onnxType?: string;
  /** ONNX domain: "" (default) or "com.microsoft" for ONNX Runtime's contrib ops. */
  domain?: string;
  /** Declared attributes and their kinds; undeclared attributes are refused at build time. */
  attrs?: Record<string, AttrKind>;
  /**
   * Attributes that ONNX takes as 1-D int64 constant inputs since opset 13 (Unsqueeze axes, Reshape shape…).
   * Model code passes them as attributes; the ONNX writer turns them into initializers.
   */
  attrsAsInputs?: string[];
  /** Number of inputs: exact, or [min, max]. */
  arity: number | [number, number];
  /** Shape and type inference; throws GraphError with the offending shapes. */
  infer(inputs: readonly Value[], attrs: Attrs): OutputSpec[];
}

const registry = new Map<string, OpDef>();

/** Registers a primitive op. Registering the same type twice is a bug. */
export function defineOp(def: OpDef): OpDef {
  if (registry.has(def.type)) throw new Error(`op ${def.type} is already registered`);
  registry.set(def.type, def);
  return def;
}

export function getOp(type: string): OpDef {
  const def = registry.get(type);
  if (!def) throw new Error(`unknown op ${type}; registered: ${[...registry.keys()].sort().join(", ")}`);
  return def;
}

export function registeredOps(): string[] {
  return [...registry.keys()].sort();
}
