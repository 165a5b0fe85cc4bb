/**
 * Speed (issue 13, item 7): one Med-BERT pre-training step (masked codes + prolonged stay, backward, clipping, AdamW:
 * one ONNX Runtime call) and one Bi-GRU head training step, in Prognos and in PyTorch eager in its best
 * configuration here (bench/medbert/torch_speed.py: 1 torch thread, OPENBLAS_NUM_THREADS=2, OPENBLAS_CORETYPE
 * unset), same shapes: Med-BERT's default size (6 layers, hidden 192, 6 heads, intermediate 64), 64 codes in 16 visits,
 * batch 32, a 20,000-code vocabulary, one masked code per patient, dropout 0 on both sides. Prints the medians and
 * the ratio PyTorch / Prognos (≥ 1: Prognos is as fast or faster).
 *
 *   npm run bench:medbert-speed [-- --iters 10]
 */
import { spawnSync } from "node:child_process";
import { availableParallelism, cpus, loadavg } from "node:os";
import { Engine } from "../../src/engine/Engine.ts";
import { ehrHeadShapes } from "../../src/models/ehr/ehrHeadGraph.ts";
import { initEhrHeadWeights } from "../../src/models/ehr/ehrModelFolder.ts";
import type { MedBertArchitecture } from "../../src/models/medbert/MedBertConfig.ts";
import {
  initMedBertWeights,
  medbertEncoderShapes,
  medbertHeadShapes,
} from "../../src/models/medbert/medbertWeights.ts";
import { ehrHeadStepGraphs } from "../../src/training/ehr/ehrHeadSteps.ts";
import { buildMedBertPretrainStep } from "../../src/training/medbert/buildMedBertPretrainStep.ts";
import { type MaskedPatient, pretrainFeeds } from "../../src/training/medbert/pretrainData.ts";
import { StepRunner } from "../../src/training/StepRunner.ts";
import { TrainState } from "../../src/training/TrainState.ts";
import { fairTorchEnv } from "../peers/fairTorchEnv.ts";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const ITERS = arg("iters", 10);
const WARMUP = 3;
const VOCAB = 20000;
const [B, T, V] = [32, 64, 16];
const threads = availableParallelism();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const arch: MedBertArchitecture = {
  vocabSize: VOCAB,
  hiddenSize: 192,
  numLayers: 6,
  numHeads: 6,
  intermediateSize: 64,
  hiddenAct: "gelu",
  layerNormEps: 1e-12,
  maxPositions: 512,
  maxVisits: 512,
};
let s = 12345;
const rand = (n: number) => {
  s = (s * 1103515245 + 12345) % 2147483648;
  return s % n;
};
const codes = Array.from({ length: B }, () => Array.from({ length: T }, () => 3 + rand(VOCAB - 3)));
const visits = Array.from({ length: B }, () => Array.from({ length: T }, (_, t) => Math.floor(t / (T / V))));

async function time(step: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < WARMUP; i++) await step();
  const times: number[] = [];
  for (let i = 0; i < ITERS; i++) {
    const t = performance.now();
    await step();
    times.push(performance.now() - t);
  }
  return median(times);
}

const engine = Engine.create({ threads });
const pretrainArgs = {
  arch,
  optimizer: "adamw" as const,
  weightDecay: 0.01,
  maxGradNorm: 1,
  hiddenDropout: 0,
  attentionDropout: 0,
};
const pre = await StepRunner.fromGraphs(
  {
    optimizer: "adamw",
    buildTrain: () => buildMedBertPretrainStep(pretrainArgs),
    buildAccumulate: () => {
      throw new Error("no accumulation");
    },
    buildApply: () => {
      throw new Error("no accumulation");
    },
    buildPredict: () => buildMedBertPretrainStep(pretrainArgs),
    feeds: (batch: readonly MaskedPatient[]) => pretrainFeeds(arch, batch),
  },
  engine,
  { accumulate: false, seed: 1, key: "bench-pretrain" },
);
const preState = TrainState.start(
  pre.params,
  initMedBertWeights(new Map([...medbertEncoderShapes(arch), ...medbertHeadShapes(arch)]), 1),
);
const masked: MaskedPatient[] = codes.map((c, b) => {
  const t = rand(T);
  const input = [...c];
  input[t] = 2;
  return { input, positions: [t], targets: [c[t]!], visits: visits[b]!, plos: b % 2 };
});
const preMs = await time(() => pre.step(preState, [masked], 1e-4));

const head = {
  head: "bigru" as const,
  maxVisits: V,
  rnnSize: 192,
  input: "embeddings" as const,
  vocabSize: VOCAB,
  embeddingSize: 192,
};
const bi = await StepRunner.fromGraphs(
  ehrHeadStepGraphs({
    head,
    weightDecay: 0.01,
    maxGradNorm: 1,
    headDropout: 0,
    encoderDropout: 0,
    limits: { vocabSize: VOCAB, maxPositions: T, maxVisits: V },
  }),
  engine,
  { accumulate: false, seed: 1, key: "bench-bigru" },
);
const biState = TrainState.start(bi.params, initEhrHeadWeights(ehrHeadShapes(head), 1));
const patients = codes.map((c, b) => ({ id: String(b), codes: c, visits: visits[b]!, label: b % 2 }));
const biMs = await time(() => bi.step(biState, [patients], 1e-3));
await engine.release();

const r = spawnSync(
  "/usr/bin/python3",
  ["bench/medbert/torch_speed.py", "--iters", String(ITERS), "--warmup", String(WARMUP)],
  {
    encoding: "utf8",
    env: fairTorchEnv(),
  },
);
const torch =
  r.status === 0 ? (JSON.parse(r.stdout.trim().split("\n").pop()!) as { pretrain_ms: number; bigru_ms: number }) : null;
console.log(
  `machine: ${cpus()[0]?.model} × ${threads} cores; ONNX Runtime ${threads} threads; PyTorch 1 thread + OpenBLAS 2; load average ${loadavg()[0]!.toFixed(2)}`,
);
console.log("step (batch 32, 64 codes, 16 visits)  | Prognos ms | PyTorch ms | ratio (PyTorch/Prognos)");
console.log("---------------------------------------|-----------:|-----------:|-----------------------:");
const row = (name: string, ms: number, t: number | undefined) =>
  console.log(
    `${name.padEnd(38)} | ${ms.toFixed(0).padStart(10)} | ${t ? t.toFixed(0).padStart(10) : "n/a".padStart(10)} | ${t ? `${(t / ms).toFixed(2)}×`.padStart(23) : "n/a"}`,
  );
row("Med-BERT pre-training (default size)", preMs, torch?.pretrain_ms);
row("Bi-GRU head (embeddings 192, GRU 192)", biMs, torch?.bigru_ms);
if (!torch) console.log(`PyTorch unavailable: ${r.stderr.trim().split("\n").pop()}`);
console.log(`load average at the end: ${loadavg()[0]!.toFixed(2)}`);
