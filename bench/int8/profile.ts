/**
 * Where the time of a BERT forward pass goes, fp32 against int8: ONNX Runtime's own profiler (session option
 * enableProfiling) over a few runs at one shape, time summed per op type (after ONNX Runtime's fusions, so the names
 * are its kernels: DynamicQuantizeMatMul, FusedMatMul, …). docs/benchmarks.md cites it.
 *
 *   node --import tsx bench/int8/profile.ts                  # BERT-base 8×512, 2 runs after a warm-up
 *   node --import tsx bench/int8/profile.ts --batch 1 --seq 128
 */
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { basename, join } from "node:path";
import * as ort from "onnxruntime-node";
import { int64Matrix, toOrt } from "../../src/engine/tensors.ts";
import { toOnnx } from "../../src/graph/onnxWriter.ts";
import { buildBertEncoderGraph } from "../../src/models/bert/bertEncoderGraph.ts";
import { randomBertWeights } from "../../src/models/bert/randomBertWeights.ts";
import { WeightsParamSource } from "../../src/nn/WeightsParamSource.ts";
import { BERT_BASE } from "../bertBase.ts";

const args = process.argv.slice(2);
const num = (flag: string, fallback: number) => (args.includes(flag) ? Number(args[args.indexOf(flag) + 1]) : fallback);
const [batch, seq, runs] = [num("--batch", 8), num("--seq", 512), num("--runs", 2)];
const weights = randomBertWeights(BERT_BASE, 7);
const ids = Array.from({ length: batch }, (_, b) =>
  Array.from({ length: seq }, (_, i) => 1000 + ((i * 7 + b) % 28000)),
);
const feeds = Object.fromEntries(
  Object.entries({
    input_ids: int64Matrix(ids),
    attention_mask: int64Matrix(ids.map((r) => r.map(() => 1))),
    token_type_ids: int64Matrix(ids.map((r) => r.map(() => 0))),
    position_ids: int64Matrix([ids[0]!.map((_, i) => i)]),
  }).map(([k, v]) => [k, toOrt(v)]),
);
console.log(
  `BERT-base ${batch}×${seq}, ${runs} profiled runs; load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(", ")}`,
);
for (const int8 of [undefined, "integer" as const]) {
  const model = toOnnx(buildBertEncoderGraph(new WeightsParamSource(weights, { int8 }), BERT_BASE));
  const prefix = join(tmpdir(), `prognos-int8-profile-${process.pid}-${int8 ?? "fp32"}`);
  const session = await ort.InferenceSession.create(model, {
    intraOpNumThreads: availableParallelism(),
    interOpNumThreads: 1,
    executionMode: "sequential",
    graphOptimizationLevel: "all",
    enableProfiling: false,
  });
  await session.run(feeds); // warm-up, not profiled
  await session.release();
  const profiled = await ort.InferenceSession.create(model, {
    intraOpNumThreads: availableParallelism(),
    interOpNumThreads: 1,
    executionMode: "sequential",
    graphOptimizationLevel: "all",
    enableProfiling: true,
    profileFilePrefix: prefix,
  });
  await profiled.run(feeds); // the first run of a session includes its own warm-up: dropped below
  const t = performance.now();
  for (let i = 0; i < runs; i++) await profiled.run(feeds);
  const wall = (performance.now() - t) / runs;
  (profiled as unknown as { endProfiling(): void }).endProfiling();
  await profiled.release();
  const name = readdirSync(tmpdir()).find((f) => f.startsWith(basename(prefix)) && f.endsWith(".json"));
  if (!name) throw new Error(`ONNX Runtime wrote no profile ${prefix}*.json`);
  const file = join(tmpdir(), name);
  const events = JSON.parse(readFileSync(file, "utf8")) as {
    cat: string;
    name: string;
    dur: number;
    args?: { op_name?: string };
  }[];
  rmSync(file, { force: true });
  const runStarts = events.filter((e) => e.cat === "Session" && e.name === "model_run");
  const skip = runStarts.length - runs; // the runs before the timed ones
  const perOp = new Map<string, number>();
  let run = -1;
  let total = 0;
  for (const e of events) {
    if (e.cat === "Session" && e.name === "model_run") run++;
    if (e.cat !== "Node" || !e.name.endsWith("_kernel_time") || !e.args?.op_name) continue;
    if (run < skip) continue;
    perOp.set(e.args.op_name, (perOp.get(e.args.op_name) ?? 0) + e.dur / 1000 / runs);
    total += e.dur / 1000 / runs;
  }
  console.log(`\n${int8 ? "int8" : "fp32"}: ${wall.toFixed(0)} ms a run (wall), kernels ${total.toFixed(0)} ms`);
  console.log("op type                 |      ms | share");
  for (const [op, ms] of [...perOp].sort((a, b) => b[1] - a[1]).slice(0, 12)) {
    console.log(`${op.padEnd(23)} | ${ms.toFixed(0).padStart(7)} | ${((ms / total) * 100).toFixed(1).padStart(4)}%`);
  }
}
