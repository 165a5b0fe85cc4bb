/**
 * int8 benchmark: Prognos' dynamically quantized BERT encoder (docs/quantization.md) against Prognos' fp32 encoder,
 * same random weights, side by side in one run, in both ONNX forms of the int8 Linear (ONNX Runtime's fused
 * DynamicQuantizeMatMul and standard DynamicQuantizeLinear + MatMulInteger), with the load average printed.
 *
 *   npm run bench:int8                     # BERT-base at 1×128 and 8×512, 2 threads
 *   npm run bench:int8 -- --quick          # a small BERT at 1×32 and 2×64 (what test/bench/int8Quick.test.ts runs)
 *   npm run bench:int8 -- --json out.json
 *
 * Every figure is the median of several runs after a warm-up; runs of the three graphs are interleaved so that a
 * change of load on this shared machine hits all three alike.
 */
import { writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg } from "node:os";
import { Engine, type Session } from "../../src/engine/Engine.ts";
import { int64Matrix } from "../../src/engine/tensors.ts";
import { toOnnx } from "../../src/graph/onnxWriter.ts";
import type { BertArchitecture } from "../../src/models/bert/BertArchitecture.ts";
import { buildBertEncoderGraph } from "../../src/models/bert/bertEncoderGraph.ts";
import { randomBertWeights } from "../../src/models/bert/randomBertWeights.ts";
import { INT8_FORMS, type Int8Form } from "../../src/models/layers/int8Linear.ts";
import { WeightsParamSource } from "../../src/nn/WeightsParamSource.ts";
import { BERT_BASE } from "../bertBase.ts";

const SMALL: BertArchitecture = { ...BERT_BASE, hiddenSize: 128, numLayers: 2, numHeads: 2, intermediateSize: 512 };

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const jsonOut = args.includes("--json") ? args[args.indexOf("--json") + 1] : undefined;
const threads = args.includes("--threads") ? Number(args[args.indexOf("--threads") + 1]) : availableParallelism();
const arch = quick ? SMALL : BERT_BASE;
const shapes: [number, number][] = quick
  ? [
      [1, 32],
      [2, 64],
    ]
  : [
      [1, 128],
      [8, 512],
    ];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(", ");

function feedsFor(batch: number, seq: number) {
  const ids = Array.from({ length: batch }, (_, b) =>
    Array.from({ length: seq }, (_, i) => 1000 + ((i * 7 + b) % 28000)),
  );
  return {
    input_ids: int64Matrix(ids),
    attention_mask: int64Matrix(ids.map((r) => r.map(() => 1))),
    token_type_ids: int64Matrix(ids.map((r) => r.map(() => 0))),
    position_ids: int64Matrix([ids[0]!.map((_, i) => i)]),
  };
}

const t0 = performance.now();
const weights = randomBertWeights(arch, 7);
const engine = Engine.create({ threads });
const variants: { name: string; form?: Int8Form; session: Session }[] = [];
for (const form of [undefined, ...INT8_FORMS]) {
  const graph = buildBertEncoderGraph(new WeightsParamSource(weights, { int8: form }), arch);
  const name = form ? `int8 ${form}` : "fp32";
  variants.push({ name, form, session: await engine.session(`bench-int8-${name}`, () => toOnnx(graph)) });
}
console.log(
  `${quick ? "small BERT (128 hidden, 2 layers)" : "BERT-base"}, random weights; 3 graphs built and compiled in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
);
console.log(`machine: ${cpus()[0]?.model} × ${availableParallelism()} cores, ONNX Runtime threads: ${threads}`);
console.log(`load average before: ${load()}`);
console.log("");
console.log("shape   | fp32 ms | int8 fused ms | int8 integer ms | fp32/fused | fp32/integer | max |Δ| fused");
console.log("--------|--------:|--------------:|----------------:|-----------:|-------------:|-------------:");
const rows: unknown[] = [];
for (const [batch, seq] of shapes) {
  const feeds = feedsFor(batch, seq);
  const outputs = new Map<string, Float32Array>();
  for (const v of variants) {
    outputs.set(v.name, (await v.session.run(feeds)).last_hidden_state!.data as Float32Array); // warm-up
  }
  const iters = quick ? 5 : batch * seq >= 4096 ? 5 : 15;
  const times = new Map<string, number[]>(variants.map((v) => [v.name, []]));
  for (let i = 0; i < iters; i++) {
    for (const v of variants) {
      const t = performance.now();
      await v.session.run(feeds);
      times.get(v.name)!.push(performance.now() - t);
    }
  }
  const ms = Object.fromEntries(variants.map((v) => [v.name, median(times.get(v.name)!)]));
  const fp32 = outputs.get("fp32")!;
  const fused = outputs.get("int8 fused")!;
  let maxDiff = 0;
  for (let i = 0; i < fp32.length; i++) maxDiff = Math.max(maxDiff, Math.abs(fp32[i]! - fused[i]!));
  const key = `${batch}x${seq}`;
  const f = (x: number) => x.toFixed(quick ? 1 : 0);
  console.log(
    `${key.padEnd(7)} | ${f(ms.fp32!).padStart(7)} | ${f(ms["int8 fused"]!).padStart(13)} | ${f(ms["int8 integer"]!).padStart(15)} | ${`${(ms.fp32! / ms["int8 fused"]!).toFixed(2)}×`.padStart(10)} | ${`${(ms.fp32! / ms["int8 integer"]!).toFixed(2)}×`.padStart(12)} | ${maxDiff.toFixed(4).padStart(12)}`,
  );
  rows.push({
    batch,
    seq,
    ms,
    ratio_fused: ms.fp32! / ms["int8 fused"]!,
    ratio_integer: ms.fp32! / ms["int8 integer"]!,
    max_abs_diff: maxDiff,
  });
}
console.log("");
console.log(`load average after: ${load()}`);
if (jsonOut) {
  writeFileSync(
    jsonOut,
    JSON.stringify({ date: new Date().toISOString(), threads, loadavg: loadavg(), rows }, null, 2),
  );
}
await engine.release();
