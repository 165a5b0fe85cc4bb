/**
 * Training benchmark: one optimizer step (forward, loss, backward, clipping, AdamW — one ONNX Runtime call) of a
 * BERT sequence classifier in Prognos against PyTorch eager in its best configuration here, in the same run.
 *
 *   npm run bench:train              # 4×256 BERT at 8×128, BERT-base at 2×128
 *   npm run bench:train -- --quick   # 4×256 only
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
import { StepRunner } from "../../src/training/StepRunner.ts";
import { TrainState } from "../../src/training/TrainState.ts";
import { fairTorchEnv } from "../peers/fairTorchEnv.ts";

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
const threads = availableParallelism();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

console.log(
  `machine: ${cpus()[0]?.model} × ${threads} cores; ONNX Runtime threads ${threads}; PyTorch 1 thread + OpenBLAS 2; ` +
    `load average ${loadavg()[0]!.toFixed(2)} (other work on the machine skews both sides)`,
);
console.log("case                 | Prognos ms/step | tokens/s | PyTorch ms/step | tokens/s | ratio (PyTorch/Prognos)");
console.log("---------------------|----------------:|---------:|----------------:|---------:|-----------------------:");
for (const c of quick ? CASES.slice(0, 1) : CASES) {
  const engine = Engine.create({ threads });
  const runner = await StepRunner.create(
    {
      arch: c.arch,
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
    },
    engine,
    { accumulate: false, padTokenId: 0, seed: 1, key: c.name },
  );
  const H = c.arch.hiddenSize;
  const init = randomBertWeights(c.arch, 3);
  init.set("classifier.weight", { shape: [2, H], data: new Float32Array(2 * H).fill(0.01) });
  init.set("classifier.bias", { shape: [2], data: new Float32Array(2) });
  const state = TrainState.start(runner.params, init);
  const batch: Example[] = Array.from({ length: c.batch }, (_, b) => ({
    inputIds: Array.from({ length: c.seq }, (_, t) => 1000 + ((t * 31 + b * 7) % 28000)),
    labels: [b % 2],
  }));
  // Warm-up as PyTorch's side does (its --warmup): the first steps also size ONNX Runtime's memory arena.
  for (let i = 0; i < WARMUP; i++) await runner.step(state, [batch], 1e-5);
  const times: number[] = [];
  for (let i = 0; i < c.iters; i++) {
    const t = performance.now();
    await runner.step(state, [batch], 1e-5);
    times.push(performance.now() - t);
  }
  const ms = median(times);
  await engine.release();
  const a = c.arch;
  const r = spawnSync(
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
  );
  const torch =
    r.status === 0
      ? (JSON.parse(r.stdout.trim().split("\n").pop()!) as { ms_median: number; openblas_core?: string })
      : undefined;
  const torchMs = torch?.ms_median;
  const tokens = c.batch * c.seq;
  console.log(
    `${c.name.padEnd(20)} | ${ms.toFixed(0).padStart(15)} | ${((tokens / ms) * 1000).toFixed(0).padStart(8)} | ${torchMs ? torchMs.toFixed(0).padStart(15) : "n/a (no torch)".padStart(15)} | ${torchMs ? ((tokens / torchMs) * 1000).toFixed(0).padStart(8) : "     n/a"} | ${torchMs ? `${(torchMs / ms).toFixed(2)}×`.padStart(23) : "n/a".padStart(23)}`,
  );
  if (torch)
    console.log(`  PyTorch ran OpenBLAS kernel ${torch.openblas_core} (OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset)`);
  if (!torchMs)
    console.log(
      `  PyTorch unavailable (${r.stderr.trim().split("\n").pop()}); docs/engine.md records ${c.torchMsEngMd} ms`,
    );
}
console.log(`load average at the end: ${loadavg()[0]!.toFixed(2)}`);
