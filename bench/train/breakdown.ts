/**
 * Where one training step's time goes (issue 14): the one-step train graph (buildTrainStep.ts) run with ONNX
 * Runtime's profiler — wall time of `session.run` in JS against the profiler's `model_run` (the difference is
 * onnxruntime-node copying every output into a fresh JS buffer, and wrapping the feeds), kernel time per op type,
 * and the optimizer's share (clipping + AdamW: the nodes applyUpdates adds, TrainStepGraph.updateFrom).
 *
 *   node --import tsx bench/train/breakdown.ts [--base] [--threads N] [--iters N]   # or bench:train --breakdown
 */
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as ort from "onnxruntime-node";
import { toOrt } from "../../src/engine/tensors.ts";
import { toOnnx } from "../../src/graph/onnxWriter.ts";
import type { TensorData } from "../../src/graph/types.ts";
import type { BertArchitecture } from "../../src/models/bert/BertArchitecture.ts";
import { randomBertWeights } from "../../src/models/bert/randomBertWeights.ts";
import type { Example } from "../../src/training/Batch.ts";
import { buildTrainStep, type TrainGraphArgs } from "../../src/training/buildTrainStep.ts";
import { bertStepGraphs } from "../../src/training/StepGraphs.ts";
import { SeededRandom } from "../../src/util/SeededRandom.ts";

export interface Breakdown {
  threads: number;
  parameters: number;
  /** Means over the timed steps, ms. */
  masks: number;
  wall: number;
  modelRun: number;
  kernels: number;
  update: number;
  byOp: [string, number][];
}

/** The classifier step both bench:train and the breakdown time: binary head on the pooler, AdamW, dropout 0.1. */
export function benchTrainArgs(arch: BertArchitecture): TrainGraphArgs {
  return {
    arch,
    problemType: "single_label_classification",
    numLabels: 2,
    pooler: true,
    pooling: "cls",
    optimizer: "adamw",
    weightDecay: 0.01,
    maxGradNorm: 1,
    hiddenDropout: 0.1,
    attentionDropout: 0.1,
    classifierDropout: 0.1,
    classWeights: false,
  };
}

const f32 = (shape: number[], data: Float32Array): TensorData => ({ dtype: "float32", shape, data });
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Profiles `iters` steps (after 2 warm-up steps) of the BERT classifier's train step at batch B×T. */
export async function stepBreakdown(
  arch: BertArchitecture,
  B: number,
  T: number,
  o: { threads: number; iters: number },
): Promise<Breakdown> {
  const args = benchTrainArgs(arch);
  const step = buildTrainStep(args);
  const prefix = `prognos-breakdown-${process.pid}-${Date.now()}`;
  const session = await ort.InferenceSession.create(toOnnx(step.graph), {
    executionProviders: ["cpu"],
    intraOpNumThreads: o.threads,
    interOpNumThreads: 1,
    executionMode: "sequential",
    graphOptimizationLevel: "all",
    enableProfiling: true,
    profileFilePrefix: join(tmpdir(), prefix),
  });
  const init = randomBertWeights(arch, 3);
  const feeds: Record<string, TensorData> = {};
  let parameters = 0;
  for (const p of step.params) {
    const w = init.get(p.name)?.data ?? new Float32Array(p.shape.reduce((a, b) => a * b, 1)).fill(0.01);
    feeds[p.name] = f32(p.shape, Float32Array.from(w));
    feeds[`m.${p.name}`] = f32(p.shape, new Float32Array(w.length));
    feeds[`v.${p.name}`] = f32(p.shape, new Float32Array(w.length));
    parameters += w.length;
  }
  const batch: Example[] = Array.from({ length: B }, (_, b) => ({
    inputIds: Array.from({ length: T }, (_, t) => 1000 + ((t * 31 + b * 7) % 28000)),
    labels: [b % 2],
  }));
  Object.assign(feeds, bertStepGraphs(args, 0).feeds(batch, false).feeds);
  Object.assign(feeds, {
    lr: f32([], Float32Array.of(1e-5)),
    bc1: f32([], Float32Array.of(0.1)),
    bc2: f32([], Float32Array.of(0.001)),
  });
  const WARMUP = 2;
  const masks: number[] = [];
  const wall: number[] = [];
  for (let i = 0; i < o.iters + WARMUP; i++) {
    const t0 = performance.now();
    step.dropoutSites.forEach((site, k) => {
      const shape = site.shape.map((d) => (typeof d === "number" ? d : d === "seq" ? T : B));
      const n = shape.reduce((a, b) => a * b, 1);
      const keep = SeededRandom.from(1, "dropout", i, 0, k).fillKeepMask(new Uint8Array(n), site.rate);
      feeds[site.input] = { dtype: "bool", shape, data: keep };
    });
    const t1 = performance.now();
    const ortFeeds: Record<string, ort.Tensor> = {};
    for (const [name, t] of Object.entries(feeds)) ortFeeds[name] = toOrt(t);
    const out = await session.run(ortFeeds);
    const t2 = performance.now();
    for (const p of step.params) {
      feeds[p.name] = f32(p.shape, out[`new.${p.name}`]!.data as Float32Array);
      feeds[`m.${p.name}`] = f32(p.shape, out[`new_m.${p.name}`]!.data as Float32Array);
      feeds[`v.${p.name}`] = f32(p.shape, out[`new_v.${p.name}`]!.data as Float32Array);
    }
    if (i >= WARMUP) {
      masks.push(t1 - t0);
      wall.push(t2 - t1);
    }
  }
  // onnxruntime-node's endProfiling returns no file name: the profile is the one file with our prefix.
  session.endProfiling();
  const file = join(tmpdir(), readdirSync(tmpdir()).find((f) => f.startsWith(prefix))!);
  const events = JSON.parse(readFileSync(file, "utf8")) as {
    cat: string;
    name: string;
    ts: number;
    dur: number;
    args?: { op_name?: string };
  }[];
  rmSync(file, { force: true });
  await session.release();
  const runs = events.filter((e) => e.cat === "Session" && e.name === "model_run").sort((a, b) => a.ts - b.ts);
  const timed = runs.slice(WARMUP);
  const from = timed[0]!.ts;
  const kernels = events.filter((e) => e.cat === "Node" && e.name.endsWith("_kernel_time") && e.ts >= from);
  const byOp = new Map<string, number>();
  let update = 0;
  let total = 0;
  const updateFrom = step.updateFrom!;
  for (const e of kernels) {
    const op = e.args?.op_name ?? "?";
    byOp.set(op, (byOp.get(op) ?? 0) + e.dur / 1000 / o.iters);
    total += e.dur / 1000 / o.iters;
    if (Number(/_(\d+)/.exec(e.name)?.[1] ?? -1) >= updateFrom) update += e.dur / 1000 / o.iters;
  }
  return {
    threads: o.threads,
    parameters,
    masks: mean(masks),
    wall: mean(wall),
    modelRun: mean(timed.map((e) => e.dur / 1000)),
    kernels: total,
    update,
    byOp: [...byOp].sort((a, b) => b[1] - a[1]),
  };
}

export function formatBreakdown(b: Breakdown): string[] {
  const pct = (x: number, of: number) => `${((100 * x) / of).toFixed(0)}%`;
  return [
    `one step, one call (${b.threads} ONNX Runtime thread(s), ${(b.parameters / 1e6).toFixed(1)} M parameters), mean ms:`,
    `  dropout masks drawn in JS ${b.masks.toFixed(0)}; session.run in JS ${b.wall.toFixed(0)}; model_run ${b.modelRun.toFixed(0)}`,
    `  outside model_run (outputs copied to JS, feeds wrapped) ${(b.wall - b.modelRun).toFixed(0)} (${pct(b.wall - b.modelRun, b.wall)} of session.run)`,
    `  kernels ${b.kernels.toFixed(0)}, of which clipping + AdamW ${b.update.toFixed(0)} (${pct(b.update, b.kernels)})`,
    `  by op type: ${b.byOp
      .slice(0, 10)
      .map(([op, ms]) => `${op} ${ms.toFixed(0)} (${pct(ms, b.kernels)})`)
      .join(", ")}`,
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const flag = (name: string, d: number) => {
    const i = process.argv.indexOf(name);
    return i < 0 ? d : Number(process.argv[i + 1]);
  };
  const common = {
    vocabSize: 30522,
    hiddenAct: "gelu" as const,
    maxPositions: 512,
    typeVocabSize: 2,
    layerNormEps: 1e-12,
  };
  const base = process.argv.includes("--base");
  const arch: BertArchitecture = base
    ? { ...common, hiddenSize: 768, numLayers: 12, numHeads: 12, intermediateSize: 3072 }
    : { ...common, hiddenSize: 256, numLayers: 4, numHeads: 4, intermediateSize: 1024 };
  const [B, T] = base ? [2, 128] : [8, 128];
  const b = await stepBreakdown(arch, B, T, { threads: flag("--threads", 2), iters: flag("--iters", 3) });
  console.log(`${base ? "BERT-base 2×128" : "4×256 BERT 8×128"}, load average ${loadavg()[0]!.toFixed(2)}`);
  for (const line of formatBreakdown(b)) console.log(line);
}
