import type { Engine, Session } from "../engine/Engine.ts";
import type { Graph } from "../graph/Graph.ts";
import { raggedParts, toOnnxLoop } from "../graph/toOnnxLoop.ts";
import type { TensorData } from "../graph/types.ts";
import type { OptimizerName } from "../nn/optimizerGraph.ts";

/**
 * Several optimizer steps in one ONNX Runtime call (docs/engine.md, "Several steps per call"), shared by the
 * fine-tuning and pre-training runners (StepRunner.ts, pretraining/PretrainStepRunner.ts): the train graph in an
 * ONNX Loop (toOnnxLoop.ts) with parameters and AdamW moments carried from step to step, the steps grouped into
 * calls, and each group's feeds stacked.
 */

/** What a train graph built with applyUpdates carries from step to step: `new.<name>`, and for AdamW the moments. */
export function carriedState(params: readonly { name: string }[], optimizer: OptimizerName): Map<string, string> {
  const carried = new Map<string, string>();
  for (const p of params) {
    carried.set(p.name, `new.${p.name}`);
    if (optimizer === "adamw") {
      carried.set(`m.${p.name}`, `new_m.${p.name}`);
      carried.set(`v.${p.name}`, `new_v.${p.name}`);
    }
  }
  return carried;
}

/** The train graph in a Loop, compiled once per engine and key. */
export function loopSession(
  engine: Engine,
  key: string,
  train: Graph,
  carried: ReadonlyMap<string, string>,
  ragged: ReadonlySet<string> = new Set(),
): Promise<Session> {
  return engine.session(`${key}:${train.name}:loop`, () => toOnnxLoop(train, carried, ragged));
}

/**
 * The stacked inputs whose shape names a dim that no per-step output has (e.g. "seq", "masked"): they can be fed
 * ragged, so steps whose sequences or masked-token counts differ still share a call. Dims that a per-step output
 * has ("batch" for the next-sentence logits) must agree within a call, since the Loop stacks those outputs.
 */
export function raggedInputs(train: Graph, carried: ReadonlyMap<string, string>): Set<string> {
  const carriedOut = new Set(carried.values());
  const outputDims = new Set(
    train.outputs.filter((v) => !carriedOut.has(v.name)).flatMap((v) => v.shape.filter((d) => typeof d === "string")),
  );
  return new Set(
    train.inputs
      .filter((v) => !carried.has(v.name) && v.shape.some((d) => typeof d === "string" && !outputDims.has(d)))
      .map((v) => v.name),
  );
}

/**
 * The feeds of `count` consecutive steps (`feedsAt(j)`, built when needed) in groups of at most `max`, a new group
 * where the shape of a feed that is not ragged changes (stacked feeds need one shape).
 */
export function* stepGroups(
  count: number,
  max: number,
  feedsAt: (j: number) => Record<string, TensorData>,
  ragged: ReadonlySet<string> = new Set(),
): Generator<Record<string, TensorData>[]> {
  let group: Record<string, TensorData>[] = [];
  for (let j = 0; j < count; j++) {
    const feeds = feedsAt(j);
    if (group.length === max || (group.length > 0 && !sameShapes(group[0]!, feeds, ragged))) {
      yield group;
      group = [];
    }
    group.push(feeds);
  }
  if (group.length > 0) yield group;
}

const sameShapes = (a: Record<string, TensorData>, b: Record<string, TensorData>, ragged: ReadonlySet<string>) =>
  Object.keys(a).every((name) => ragged.has(name) || a[name]!.shape.join() === b[name]?.shape.join());

/**
 * Each feed of several steps stacked on a new leading axis (the Loop's iteration k reads row k); a ragged feed
 * flattened and concatenated, with each step's bounds and shape (toOnnxLoop.ts, raggedParts).
 */
export function stackFeeds(
  steps: readonly Record<string, TensorData>[],
  ragged: ReadonlySet<string> = new Set(),
): Record<string, TensorData> {
  const out: Record<string, TensorData> = {};
  const int64 = (shape: number[], values: number[]): TensorData => ({
    dtype: "int64",
    shape,
    data: BigInt64Array.from(values, BigInt),
  });
  for (const [name, first] of Object.entries(steps[0]!)) {
    const sizes = steps.map((feeds) => feeds[name]!.data.length);
    const data = new (first.data.constructor as new (n: number) => TensorData["data"])(sizes.reduce((a, b) => a + b));
    let at = 0;
    for (const feeds of steps) {
      (data as Float32Array).set(feeds[name]!.data as Float32Array, at);
      at += feeds[name]!.data.length;
    }
    if (!ragged.has(name)) {
      out[name] = { dtype: first.dtype, shape: [steps.length, ...first.shape], data } as TensorData;
      continue;
    }
    out[name] = { dtype: first.dtype, shape: [at], data } as TensorData;
    const part = raggedParts(name);
    const starts = sizes.map((_, k) => sizes.slice(0, k).reduce((a, b) => a + b, 0));
    out[part.starts] = int64([steps.length, 1], starts);
    out[part.ends] = int64(
      [steps.length, 1],
      starts.map((s, k) => s + sizes[k]!),
    );
    out[part.shape] = int64(
      [steps.length, first.shape.length],
      steps.flatMap((feeds) => feeds[name]!.shape),
    );
  }
  return out;
}

/**
 * How many steps from `first` go into one call: up to the next evaluation, save or the end of the run, at most
 * `stepsPerCall`, so evaluations and saves land on the same steps at any K; one with gradient accumulation (each
 * step is then several calls).
 */
export function stepsInCall(
  first: number,
  c: { accumulate: boolean; stepsPerCall: number; totalSteps: number; evalEvery: number; saveEvery: number },
): number {
  if (c.accumulate) return 1;
  const next = (every: number) => (Math.floor(first / every) + 1) * every;
  return Math.min(c.stepsPerCall, c.totalSteps - first, next(c.evalEvery) - first, next(c.saveEvery) - first);
}
