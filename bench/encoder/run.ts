/**
 * Encoder benchmark: forward-pass throughput of a BERT-base-shaped encoder (random weights) in Prognos
 * (ONNX Runtime) against PyTorch eager in its best configuration here, in one run. (The "plain ORT" column it once
 * had was a figure from another day, not measured in the run: dropped, docs/benchmarks.md.)
 *
 *   npm run bench:encoder                 # all four shapes, 2 threads
 *   npm run bench:encoder -- --quick      # 1×128 and 8×128 only
 *   npm run bench:encoder -- --json out.json
 *
 * PyTorch runs through Debian's python3-torch (`/usr/bin/python3 bench/encoder/torch_forward.py`) with
 * torch.set_num_threads(1), OPENBLAS_NUM_THREADS=2 and the machine's OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE unset
 * (bench/peers/fairTorchEnv.ts: its best setting on 2 cores; needs libopenblas0-pthread). When torch is missing, only Prognos' figures are printed.
 */
import { spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus } from "node:os";
import { Engine } from "../../src/engine/Engine.ts";
import { int64Matrix } from "../../src/engine/tensors.ts";
import { toOnnx } from "../../src/graph/onnxWriter.ts";
import { buildBertEncoderGraph } from "../../src/models/bert/bertEncoderGraph.ts";
import { randomBertWeights } from "../../src/models/bert/randomBertWeights.ts";
import { WeightsParamSource } from "../../src/nn/WeightsParamSource.ts";
import { BERT_BASE } from "../bertBase.ts";
import { fairTorchEnv } from "../peers/fairTorchEnv.ts";

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const jsonOut = args.includes("--json") ? args[args.indexOf("--json") + 1] : undefined;
const threads = args.includes("--threads") ? Number(args[args.indexOf("--threads") + 1]) : availableParallelism();
const shapes: [number, number][] = quick
  ? [
      [1, 128],
      [8, 128],
    ]
  : [
      [1, 128],
      [1, 512],
      [8, 128],
      [8, 512],
    ];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function prognosMs(batch: number, seq: number, session: Awaited<ReturnType<Engine["session"]>>) {
  const ids = Array.from({ length: batch }, (_, b) =>
    Array.from({ length: seq }, (_, i) => 1000 + ((i * 7 + b) % 28000)),
  );
  const feeds = {
    input_ids: int64Matrix(ids),
    attention_mask: int64Matrix(ids.map((r) => r.map(() => 1))),
    token_type_ids: int64Matrix(ids.map((r) => r.map(() => 0))),
    position_ids: int64Matrix([ids[0]!.map((_, i) => i)]),
  };
  const iters = batch * seq >= 4096 ? 3 : 10;
  await session.run(feeds); // warm-up
  const times: number[] = [];
  for (let i = 0; i < iters; i++) {
    const t = performance.now();
    await session.run(feeds);
    times.push(performance.now() - t);
  }
  return median(times);
}

function torchMs(batch: number, seq: number): { ms: number; note?: string } | undefined {
  if (!existsSync("/usr/bin/python3")) return undefined;
  const r = spawnSync(
    "/usr/bin/python3",
    [
      "bench/encoder/torch_forward.py",
      "--batch",
      String(batch),
      "--seq",
      String(seq),
      "--warmup",
      "1",
      "--iters",
      batch * seq >= 4096 ? "3" : "10",
    ],
    { encoding: "utf8", env: fairTorchEnv() },
  );
  if (r.status !== 0) return undefined;
  const line = r.stdout.trim().split("\n").pop()!;
  const parsed = JSON.parse(line) as { ms_median: number; warning?: string; openblas_core?: string };
  return {
    ms: parsed.ms_median,
    note: [`OpenBLAS kernel ${parsed.openblas_core}`, parsed.warning].filter(Boolean).join("; "),
  };
}

const t0 = performance.now();
const graph = buildBertEncoderGraph(new WeightsParamSource(randomBertWeights(BERT_BASE, 7)), BERT_BASE);
const model = toOnnx(graph);
const engine = Engine.create({ threads });
const session = await engine.session("bert-base-random", () => model);
console.log(`BERT-base random weights, graph built and compiled in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
console.log(`machine: ${cpus()[0]?.model} × ${availableParallelism()} cores, ONNX Runtime threads: ${threads}`);
console.log("");
console.log("shape   | Prognos ms | tokens/s | PyTorch ms | tokens/s | ratio (PyTorch/Prognos)");
console.log("--------|-----------:|---------:|-----------:|---------:|------------------------:");
const rows: unknown[] = [];
for (const [batch, seq] of shapes) {
  const key = `${batch}x${seq}`;
  const ms = await prognosMs(batch, seq, session);
  const torch = torchMs(batch, seq);
  const tokens = batch * seq;
  const fmt = (x: number) => x.toFixed(0);
  console.log(
    `${key.padEnd(7)} | ${fmt(ms).padStart(10)} | ${fmt((tokens / ms) * 1000).padStart(8)} | ${torch ? fmt(torch.ms).padStart(10) : "       n/a"} | ${
      torch ? fmt((tokens / torch.ms) * 1000).padStart(8) : "     n/a"
    } | ${torch ? `${(torch.ms / ms).toFixed(2)}×`.padStart(23) : "n/a".padStart(23)}`,
  );
  if (torch?.note) console.log(`  note: ${torch.note}`);
  rows.push({
    batch,
    seq,
    prognos_ms: ms,
    torch_ms: torch?.ms ?? null,
    ratio: torch ? torch.ms / ms : null,
  });
}
if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ date: new Date().toISOString(), threads, rows }, null, 2));
await engine.release();
