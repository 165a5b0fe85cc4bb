import type { Graph } from "./Graph.ts";
import { tensorProto, toModel, valueInfo, writeGraphBody } from "./onnxWriter.ts";
import { ProtoMessage } from "./protoWriter.ts";
import type { Value } from "./Value.ts";

/** AttributeProto.AttributeType GRAPH, and the field that holds it. */
const ATTR_GRAPH = 5;
const ATTR_G_FIELD = 6;
/** The symbolic dim of the stacked axis. */
export const STEPS_DIM = "steps";

/**
 * The model inputs that carry a ragged input X besides X itself (every step's X flattened, concatenated): for each
 * step k the [start, end) of its elements in X ([steps, 1] each) and its shape ([steps, rank]).
 */
export const raggedParts = (name: string) => ({
  starts: `${name}.starts`,
  ends: `${name}.ends`,
  shape: `${name}.shape`,
});

/** Gather's attribute axis = 0. */
const axis0 = () => new ProtoMessage().string(1, "axis").int(20, 2).int(3, 0);

const node = (type: string, name: string, inputs: string[], outputs: string[]) => {
  const n = new ProtoMessage();
  for (const i of inputs) n.string(1, i);
  for (const o of outputs) n.string(2, o);
  return n.string(3, name).string(4, type);
};

/**
 * An ONNX model that runs `step` (a graph whose state passes from some outputs to some inputs, e.g. a training step:
 * parameters in, `new.<name>` out) several times in one ONNX Runtime call, as an ONNX Loop (docs/engine.md,
 * "Several steps per call"):
 *
 * - `carried` maps a state input to the output that replaces it after each step. The model's inputs of those names
 *   are the state before the first step; its outputs of the mapped names are the state after the last.
 * - Every other input X is fed stacked, [steps, ...X's shape]: iteration k reads X[k]. The number of steps is the
 *   stacked inputs' leading dim.
 * - An input named in `ragged` may have another shape at every step (e.g. the masked-LM targets, as many as the
 *   step's batch has masked tokens): every step's X flattened and concatenated is fed as X, and iteration k reads
 *   X[starts[k] : ends[k]] reshaped to shape[k] (raggedParts). The step graph sees each step's own tensor, no
 *   padding, so the bits are those of one step per call.
 * - Every other output Y comes back stacked, [steps, ...Y's shape] (Loop scan outputs).
 *
 * Inside the Loop body every name of `step` gets the prefix `step/` (ONNX forbids a subgraph to reuse its outer
 * graph's names), so the model's inputs and outputs keep `step`'s own names.
 */
export function toOnnxLoop(
  step: Graph,
  carried: ReadonlyMap<string, string>,
  ragged: ReadonlySet<string> = new Set(),
): Uint8Array {
  const inner = (n: string) => `step/${n}`;
  const byName = new Map(step.outputs.map((v) => [v.name, v]));
  const stateIn = step.inputs.filter((v) => carried.has(v.name));
  const stacked = step.inputs.filter((v) => !carried.has(v.name));
  if (stacked.length === 0) throw new Error(`graph ${step.name}: a Loop needs at least one stacked input`);
  const stateOut = stateIn.map((v) => {
    const out = byName.get(carried.get(v.name)!);
    if (!out) throw new Error(`graph ${step.name}: no output ${carried.get(v.name)} to carry into ${v.name}`);
    return out;
  });
  if (carried.size !== stateIn.length) throw new Error(`graph ${step.name}: some carried inputs are not inputs`);
  for (const name of ragged) {
    if (!stacked.some((v) => v.name === name))
      throw new Error(`graph ${step.name}: ragged ${name} is no stacked input`);
  }
  const carriedOut = new Set(stateOut);
  const scans = step.outputs.filter((v) => !carriedOut.has(v));
  const stackedInfo = (v: Value) => ({ name: v.name, dtype: v.dtype, shape: [STEPS_DIM, ...v.shape] });

  const body = new ProtoMessage();
  const domains = new Set<string>();
  const iter = inner("__iteration");
  const gather = (from: string, to: string) =>
    body.message(1, node("Gather", inner(`__gather_${to}`), [from, iter], [to]).message(5, axis0()));
  for (const v of stacked) {
    if (!ragged.has(v.name)) {
      gather(v.name, inner(v.name));
      continue;
    }
    const part = raggedParts(v.name);
    for (const p of Object.values(part)) gather(p, inner(p));
    const flat = inner(`${v.name}.flat`);
    const slice = [v.name, inner(part.starts), inner(part.ends), "loop_axes"];
    body.message(1, node("Slice", inner(`__slice_${v.name}`), slice, [flat]));
    body.message(1, node("Reshape", inner(`__reshape_${v.name}`), [flat, inner(part.shape)], [inner(v.name)]));
  }
  body.message(1, node("Identity", inner("__condition"), [inner("__cond_in")], [inner("__cond_out")]));
  writeGraphBody(body, step, `${step.name}_body`, domains, inner);
  body.message(11, valueInfo({ name: iter, dtype: "int64", shape: [] }));
  body.message(11, valueInfo({ name: inner("__cond_in"), dtype: "bool", shape: [] }));
  for (const v of stateIn) body.message(11, valueInfo(v, inner(v.name)));
  body.message(12, valueInfo({ name: inner("__cond_out"), dtype: "bool", shape: [] }));
  for (const v of [...stateOut, ...scans]) body.message(12, valueInfo(v, inner(v.name)));
  // The gathered slices' shapes (symbolic dims shared with the stacked inputs) for ONNX Runtime's optimizers.
  for (const v of stacked) body.message(13, valueInfo(v, inner(v.name)));

  const g = new ProtoMessage();
  const first = ragged.has(stacked[0]!.name) ? raggedParts(stacked[0]!.name).starts : stacked[0]!.name;
  const shape = node("Shape", "loop_steps_shape", [first], ["loop_steps_1d"]);
  g.message(1, shape.message(5, new ProtoMessage().string(1, "end").int(20, 2).int(3, 1)));
  g.message(1, node("Squeeze", "loop_steps", ["loop_steps_1d", "loop_axes"], ["loop_steps"]));
  const loop = node(
    "Loop",
    "steps_loop",
    ["loop_steps", "loop_true", ...stateIn.map((v) => v.name)],
    [...stateOut, ...scans].map((v) => v.name),
  );
  g.message(1, loop.message(5, new ProtoMessage().string(1, "body").int(20, ATTR_GRAPH).message(ATTR_G_FIELD, body)));
  g.string(2, `${step.name}_loop`);
  g.message(5, tensorProto("loop_axes", { dtype: "int64", shape: [1], data: BigInt64Array.of(0n) }));
  g.message(5, tensorProto("loop_true", { dtype: "bool", shape: [], data: Uint8Array.of(1) }));
  for (const v of stacked) {
    if (!ragged.has(v.name)) {
      g.message(11, valueInfo(stackedInfo(v)));
      continue;
    }
    const part = raggedParts(v.name);
    g.message(11, valueInfo({ name: v.name, dtype: v.dtype, shape: [`${v.name}_elements`] }));
    for (const p of [part.starts, part.ends])
      g.message(11, valueInfo({ name: p, dtype: "int64", shape: [STEPS_DIM, 1] }));
    g.message(11, valueInfo({ name: part.shape, dtype: "int64", shape: [STEPS_DIM, v.shape.length] }));
  }
  for (const v of stateIn) g.message(11, valueInfo(v));
  for (const v of stateOut) g.message(12, valueInfo(v));
  for (const v of scans) g.message(12, valueInfo(stackedInfo(v)));
  return toModel(g, domains);
}
