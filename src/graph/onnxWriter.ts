import type { Graph } from "./Graph.ts";
import { BYTES_PER_ELEMENT, ONNX_DTYPE, ONNX_IR_VERSION, ONNX_OPSET } from "./onnxTypes.ts";
import { ProtoMessage } from "./protoWriter.ts";
import type { AttrKind, AttrValue, TensorData } from "./types.ts";
import type { Value } from "./Value.ts";

// Field numbers from onnx.proto (ModelProto, GraphProto, NodeProto, AttributeProto, TensorProto, ValueInfoProto).
const ATTR_TYPE: Record<Exclude<AttrKind, "ir">, number> = {
  float: 1,
  int: 2,
  string: 3,
  tensor: 4,
  floats: 6,
  ints: 7,
  strings: 8,
};

/** Serialises a graph to ONNX ModelProto bytes (opset 17, plus com.microsoft when contrib ops are used). */
export function toOnnx(graph: Graph, options: { producer?: string; docString?: string } = {}): Uint8Array {
  const g = new ProtoMessage();
  const domains = new Set<string>();
  writeGraphBody(g, graph, graph.name, domains);
  for (const v of graph.inputs) g.message(11, valueInfo(v));
  for (const v of graph.outputs) g.message(12, valueInfo(v));
  return toModel(g, domains, options);
}

/** Wraps a GraphProto in a ModelProto (opset 17, plus each contrib domain used). */
export function toModel(
  g: ProtoMessage,
  domains: ReadonlySet<string>,
  options: { producer?: string; docString?: string } = {},
): Uint8Array {
  const m = new ProtoMessage();
  m.int(1, ONNX_IR_VERSION);
  m.string(2, options.producer ?? "prognos");
  m.message(8, new ProtoMessage().string(1, "").int(2, ONNX_OPSET));
  for (const d of domains) m.message(8, new ProtoMessage().string(1, d).int(2, 1));
  if (options.docString) m.string(6, options.docString);
  m.message(7, g);
  return m.finish();
}

/**
 * Writes `graph`'s live nodes (those its outputs need), `name` and its initializers into the GraphProto `g`, every
 * value name passed through `rename` (a Loop body's names must differ from its outer graph's), and adds the contrib
 * domains used to `domains`. Inputs and outputs are the caller's.
 */
export function writeGraphBody(
  g: ProtoMessage,
  graph: Graph,
  name: string,
  domains: Set<string>,
  rename: (name: string) => string = (n) => n,
): void {
  const extraInitializers: ProtoMessage[] = [];
  // Dead-code elimination: gradient rules build every input's gradient, some of which nothing uses.
  const live = new Set<Value>(graph.outputs);
  const kept = new Set<(typeof graph.nodes)[number]>();
  for (let i = graph.nodes.length - 1; i >= 0; i--) {
    const node = graph.nodes[i]!;
    if (!node.outputs.some((o) => live.has(o))) continue;
    kept.add(node);
    for (const v of node.inputs) live.add(v);
  }
  graph.nodes.forEach((node, index) => {
    if (!kept.has(node)) return;
    const n = new ProtoMessage();
    for (const v of node.inputs) n.string(1, rename(v.name));
    // Attributes that ONNX wants as inputs become 1-D int64 initializers.
    for (const key of node.op.attrsAsInputs ?? []) {
      const name = rename(`${node.outputs[0]!.name}__${key}`);
      const values = node.attrs[key] as number[] | undefined;
      if (values === undefined) throw new Error(`${node.op.type}: attribute ${key} is required`);
      extraInitializers.push(tensorProto(name, { dtype: "int64", shape: [values.length], data: toInt64(values) }));
      n.string(1, name);
    }
    for (const v of node.outputs) n.string(2, rename(v.name));
    n.string(3, rename(`${node.op.type}_${index}`));
    n.string(4, node.op.onnxType ?? node.op.type);
    for (const [key, value] of Object.entries(node.attrs)) {
      const kind = node.op.attrs![key]!;
      if (kind === "ir" || node.op.attrsAsInputs?.includes(key)) continue;
      n.message(5, attribute(key, kind, value));
    }
    if (node.op.domain) {
      n.string(7, node.op.domain);
      domains.add(node.op.domain);
    }
    g.message(1, n);
  });
  g.string(2, name);
  for (const { data, value } of graph.initializers.values()) {
    if (live.has(value)) g.message(5, tensorProto(rename(value.name), data));
  }
  for (const t of extraInitializers) g.message(5, t);
}

function toInt64(values: readonly number[]): BigInt64Array {
  return BigInt64Array.from(values, (v) => BigInt(v));
}

function attribute(name: string, kind: Exclude<AttrKind, "ir">, value: AttrValue): ProtoMessage {
  const a = new ProtoMessage().string(1, name).int(20, ATTR_TYPE[kind]);
  switch (kind) {
    case "float":
      return a.float(2, value as number);
    case "int":
      return a.int(3, value as number);
    case "string":
      return a.bytes(4, new TextEncoder().encode(value as string));
    case "tensor":
      return a.message(5, tensorProto("", value as TensorData));
    case "floats":
      for (const f of value as number[]) a.float(7, f);
      return a;
    case "ints":
      for (const i of value as number[]) a.int(8, i);
      return a;
    case "strings":
      for (const s of value as string[]) a.bytes(9, new TextEncoder().encode(s));
      return a;
  }
}

/** TensorProto with raw little-endian data (the host is little-endian, as ONNX Runtime's platforms are). */
export function tensorProto(name: string, t: TensorData): ProtoMessage {
  const p = new ProtoMessage();
  for (const d of t.shape) p.int(1, d);
  p.int(2, ONNX_DTYPE[t.dtype]);
  if (name) p.string(8, name);
  const expected = t.shape.reduce((a, b) => a * b, 1) * BYTES_PER_ELEMENT[t.dtype];
  const raw = new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
  if (raw.length !== expected) throw new Error(`tensor ${name}: ${raw.length} bytes, expected ${expected}`);
  return p.bytes(9, raw);
}

/** ValueInfoProto of a tensor (symbolic dims by name), under `name` (default: the value's). */
export function valueInfo(v: Pick<Value, "name" | "dtype" | "shape">, name = v.name): ProtoMessage {
  const shape = new ProtoMessage();
  for (const d of v.shape) {
    shape.message(1, typeof d === "number" ? new ProtoMessage().int(1, d) : new ProtoMessage().string(2, d));
  }
  const tensorType = new ProtoMessage().int(1, ONNX_DTYPE[v.dtype]).message(2, shape);
  return new ProtoMessage().string(1, name).message(2, new ProtoMessage().message(1, tensorType));
}
