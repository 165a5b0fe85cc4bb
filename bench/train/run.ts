/**
 * Training benchmark: one optimizer step (forward, loss, backward, clipping, AdamW — one ONNX Runtime call) of a
 * BERT sequence classifier in Prognos against PyTorch eager in its best configuration here, in the same run.
 *
 *   npm run bench:train              # 4×256 BERT at 8×128, BERT-base at 2×128
 *   npm run bench:train -- --quick   # 4×256 only
 *   npm run bench:train -- --steps-per-call 8 --threads 1 --no-torch --no-breakdown
 *
 * Prognos runs each case twice: one step per ONNX Runtime call (StepRunner.step) and `--steps-per-call` K steps per
 * call (StepRunner.steps, the train graph in an ONNX Loop; default 8, what `prognos train` uses), timed per call
 * and divided by K, with the process's CPU ms per step. Each case ends with bench/train/breakdown.ts's profile of
 * one step (wall time against ONNX Runtime's model_run, kernel time per op type, the optimizer's share;
 * `--no-breakdown` skips it). `--threads N` (default: all cores) and `--no-torch` serve probes.
 *
 * Dropout 0.1 (masks drawn in JS, as training does), 2 labels, random weights. PyTorch: bench/train/torch_step.py
 * with torch.set_num_threads(1), OPENBLAS_NUM_THREADS=2 and the machine's OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE unset
 * (bench/peers/fairTorchEnv.ts; docs/engine.md's figures, under the AVX2 override: 232 ms and 1,286 ms).
 */
import { spawnSync } from "node:child_process";
import { availableParallelism, cpus, loadavg } from "node:os";
import { Engine } from "../../src/engine/Engine.ts";
import type { BertArchitecture } from "../../src/models/bert/BertArchitecture.ts";
import { randomBertWeights } from "../../src/models/bert/randomBertWeights.ts";
import type { Example } from "../../src/training/Batch.ts";
import { DEFAULT_STEPS_PER_CALL } from "../../src/training/defaultStepsPerCall.ts";
import { StepRunner } from "../../src/training/StepRunner.ts";
import { TrainState } from "../../src/training/TrainState.ts";
import { fairTorchEnv } from "../peers/fairTorchEnv.ts";
import { benchTrainArgs, formatBreakdown, stepBreakdown } from "./breakdown.ts";

interface Case {
  name: string;
  arch: BertArchitecture;
  batch: number;
  seq: number;
  iters: number;
  torchMsEngMd: number;
}

const base = { vocabSize: 30522, hiddenAct: "gelu" as const, maxPositions: 512, typeVocabSize: 2, layerNormEps: 1e-12 };
const CASES: Case[] = [
  {
    name: "4×256 BERT, 8×128",
    arch: { ...base, hiddenSize: 256, numLayers: 4, numHeads: 4, intermediateSize: 1024 },
    batch: 8,
    seq: 128,
    iters: 10,
    torchMsEngMd: 232,
  },
  {
    name: "BERT-base, 2×128",
    arch: { ...base, hiddenSize: 768, numLayers: 12, numHeads: 12, intermediateSize: 3072 },
    batch: 2,
    seq: 128,
    iters: 5,
    torchMsEngMd: 1286,
  },
];
const quick = process.argv.includes("--quick");
const WARMUP = 3;
const flag = (name: string, d: number) => {
  const i = process.argv.indexOf(name);
  return i < 0 ? d : Number(process.argv[i + 1]);
};
const threads = flag("--threads", availableParallelism());
const K = flag("--steps-per-call", DEFAULT_STEPS_PER_CALL);
const withTorch = !process.argv.includes("--no-torch");
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

console.log(
  `machine: ${cpus()[0]?.model} × ${availableParallelism()} cores; ONNX Runtime threads ${threads}; PyTorch 1 thread + OpenBLAS 2; ` +
    `load average ${loadavg()[0]!.toFixed(2)} (other work on the machine skews both sides)`,
);
console.log(
  `case                 | Prognos ms/step | tokens/s | Prognos ${K}/call | tokens/s | PyTorch ms/step | tokens/s | ratio 1/call | ratio ${K}/call`,
);
console.log(
  "---------------------|----------------:|---------:|---------------:|---------:|----------------:|---------:|-------------:|-------------:",
);
for (const c of quick ? CASES.slice(0, 1) : CASES) {
  const H = c.arch.hiddenSize;
  const one = await prognosStep(c, 1);
  const many = await prognosStep(c, K);
  const [ms, msK] = [one.ms, many.ms];
  const a = c.arch;
  const r = withTorch
    ? spawnSync(
        "/usr/bin/python3",
        [
          "bench/train/torch_step.py",
          "--layers",
          `${a.numLayers}`,
          "--hidden",
          `${H}`,
          "--heads",
          `${a.numHeads}`,
          "--intermediate",
          `${a.intermediateSize}`,
          "--batch",
          `${c.batch}`,
          "--seq",
          `${c.seq}`,
          "--iters",
          `${c.iters}`,
          "--warmup",
          `${WARMUP}`,
        ],
        { encoding: "utf8", env: fairTorchEnv() },
      )
    : undefined;
  const torch =
    r?.status === 0
      ? (JSON.parse(r.stdout.trim().split("\n").pop()!) as { ms_median: number; openblas_core?: string })
      : undefined;
  const torchMs = torch?.ms_median;
  const tokens = c.batch * c.seq;
  const rate = (x: number | undefined) => (x ? ((tokens / x) * 1000).toFixed(0) : "n/a").padStart(8);
  const cell = (x: number | undefined, w: number) => (x ? x.toFixed(0) : "n/a").padStart(w);
  const ratio = (x: number) => (torchMs ? `${(torchMs / x).toFixed(2)}×` : "n/a").padStart(12);
  console.log(
    `${c.name.padEnd(20)} | ${cell(ms, 15)} | ${rate(ms)} | ${cell(msK, 14)} | ${rate(msK)} | ${cell(torchMs, 15)} | ${rate(torchMs)} | ${ratio(ms)} | ${ratio(msK)}`,
  );
  console.log(
    `  Prognos process CPU ms/step: ${one.cpu.toFixed(0)} (1/call), ${many.cpu.toFixed(0)} (${K}/call); load average ${loadavg()[0]!.toFixed(2)}`,
  );
  if (torch)
    console.log(`  PyTorch ran OpenBLAS kernel ${torch.openblas_core} (OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset)`);
  if (!torchMs && r)
    console.log(
      `  PyTorch unavailable (${r.stderr.trim().split("\n").pop()}); docs/engine.md records ${c.torchMsEngMd} ms`,
    );
  if (!process.argv.includes("--no-breakdown")) {
    const b = await stepBreakdown(c.arch, c.batch, c.seq, { threads, iters: 3 });
    for (const line of formatBreakdown(b)) console.log(`  ${line}`);
  }
}
console.log(`load average at the end: ${loadavg()[0]!.toFixed(2)}`);

/**
 * Prognos' median ms per step for case `c` with `k` steps per ONNX Runtime call: warm-up as PyTorch's side does
 * (its --warmup: the first steps also size ONNX Runtime's memory arena), then calls of k steps, each timed and
 * divided by k (k = 1: StepRunner.step, as before the Loop). Also the process's CPU ms per step (user + system),
 * steadier than wall time on a busy machine with one ONNX Runtime thread (with more, idle workers spin).
 */
async function prognosStep(c: Case, k: number): Promise<{ ms: number; cpu: number }> {
  const engine = Engine.create({ threads });
  const runner = await StepRunner.create(benchTrainArgs(c.arch), engine, {
    accumulate: false,
    padTokenId: 0,
    seed: 1,
    key: `${c.name}:${k}`,
    stepsPerCall: k,
  });
  const H = c.arch.hiddenSize;
  const init = randomBertWeights(c.arch, 3);
  init.set("classifier.weight", { shape: [2, H], data: new Float32Array(2 * H).fill(0.01) });
  init.set("classifier.bias", { shape: [2], data: new Float32Array(2) });
  const state = TrainState.start(runner.params, init);
  const batch: Example[] = Array.from({ length: c.batch }, (_, b) => ({
    inputIds: Array.from({ length: c.seq }, (_, t) => 1000 + ((t * 31 + b * 7) % 28000)),
    labels: [b % 2],
  }));
  const call = () =>
    k === 1
      ? runner.step(state, [batch], 1e-5)
      : runner.steps(
          state,
          Array.from({ length: k }, () => batch),
          Array.from({ length: k }, () => 1e-5),
        );
  // k = 1: WARMUP steps, then c.iters timed; k > 1: one warm-up call, then enough calls for c.iters steps (≥ 2).
  for (let i = 0; i < (k === 1 ? WARMUP : 1); i++) await call();
  const times: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < Math.max(k === 1 ? c.iters : Math.ceil(c.iters / k), k === 1 ? 1 : 2); i++) {
    const t = performance.now();
    const u = process.cpuUsage();
    await call();
    const used = process.cpuUsage(u);
    times.push((performance.now() - t) / k);
    cpu.push((used.user + used.system) / 1000 / k);
  }
  await engine.release();
  return { ms: median(times), cpu: median(cpu) };
}
