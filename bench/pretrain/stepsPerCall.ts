/**
 * Pre-training throughput at 1 and K steps per ONNX Runtime call (`prognos pretrain --steps-per-call`), end to end
 * through the CLI: masked-LM on a synthetic hospital's notes, a new BERT (`prognos init-model`: 30,522 word pieces;
 * default 2 × 128), batches of windows in one micro-batch (default 32 × 256 tokens), no validation, no saves but
 * the last. Tokens per second from log.jsonl over the steps after the first call (ONNX Runtime sizes its arena
 * then), and CPU ms per step (steadier than wall time beside other jobs), runs alternating 1 and K (`--rounds` of
 * each) so that load from other jobs falls on both.
 *
 *   npm run bench:pretrain                         # K = 8, 32 steps, 1 ONNX Runtime thread, 2 rounds
 *   npm run bench:pretrain -- --k 16 --steps 48 --threads 2 --rounds 1
 *   npm run bench:pretrain -- --hidden 768 --layers 12 --heads 12 --batch 2 --seq 128 --steps 24   # BERT-base size
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { synthesizeMimic3 } from "../../src/synth/mimic3/synthesizeMimic3.ts";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
};
const K = arg("k", 8);
const STEPS = arg("steps", 32);
const THREADS = arg("threads", 1);
const ROUNDS = arg("rounds", 2);
const HIDDEN = arg("hidden", 128);
const LAYERS = arg("layers", 2);
const HEADS = arg("heads", 4);
const BATCH = arg("batch", 32);
const SEQ = arg("seq", 256);

const work = mkdtempSync(join(tmpdir(), "prognos-bench-pretrain-"));
const prognos = (args: string[]) => {
  const r = spawnSync(process.execPath, ["bin/prognos.js", ...args], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`prognos ${args[0]} failed: ${r.stderr}`);
  return r;
};
/** User + system CPU ms of this process's finished children (Linux: /proc/self/stat cutime + cstime, 100 Hz). */
const childCpuMs = () => {
  const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[13]) + Number(fields[14])) * 10;
};
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(" ");

try {
  const hospital = join(work, "hospital");
  await synthesizeMimic3({ admissions: 300, otherNotes: 0, seed: 5, outDir: hospital });
  const model = join(work, "model");
  prognos(
    [
      ["init-model", "--out", model, "--hidden-size", `${HIDDEN}`, "--layers", `${LAYERS}`, "--heads", `${HEADS}`],
      ["--max-positions", `${Math.max(SEQ, 256)}`],
    ].flat(),
  );

  const pretrain = (k: number, steps: number, out: string) =>
    prognos(
      [
        ["pretrain", "mlm", "--from", model, "--notes", `synth:${hospital}`, "--out", out, "--overwrite"],
        ["--steps", `${steps}`, "--batch-size", `${BATCH}`, "--micro-batch-size", `${BATCH}`],
        ["--max-seq-length", `${SEQ}`],
        ["--warmup-steps", "0", "--val-fraction", "0", "--eval-every", "100000", "--save-every", "100000"],
        ["--threads", `${THREADS}`, "--steps-per-call", `${k}`, "--json"],
      ].flat(),
    );

  /**
   * Tokens per second and wall ms per step after the first call of `k` steps (from log.jsonl), and CPU ms per step:
   * the CPU time of the whole run less that of a run of the first K steps alone (the same start-up and saves).
   */
  const run = (k: number) => {
    const out = join(work, `run-${k}`);
    const c0 = childCpuMs();
    pretrain(k, K, out);
    const c1 = childCpuMs();
    pretrain(k, STEPS, out);
    const cpu = childCpuMs() - c1 - (c1 - c0);
    const steps = readFileSync(join(out, "log.jsonl"), "utf8")
      .split("\n")
      .filter((l) => l.includes('"totalSteps"'))
      .map((l) => JSON.parse(l) as { step: number; tokens: number; seconds: number });
    const timed = steps.slice(K);
    const tokens = timed[timed.length - 1]!.tokens - steps[K - 1]!.tokens;
    const seconds = timed.reduce((s, e) => s + e.seconds, 0);
    const n = timed.length;
    return { tokensPerSecond: tokens / seconds, msPerStep: (1000 * seconds) / n, cpuMsPerStep: cpu / n, steps: n };
  };

  console.log(`${cpus()[0]?.model} × ${cpus().length}; ${THREADS} ONNX Runtime thread(s); load average ${load()}`);
  const shape = `${LAYERS} × ${HIDDEN} BERT, ${BATCH} × ${SEQ} tokens per step`;
  console.log(`masked-LM, ${shape}, ${STEPS} steps, the first ${K} untimed`);
  for (let round = 1; round <= ROUNDS; round++) {
    for (const k of [1, K]) {
      const r = run(k);
      console.log(
        `round ${round}, ${k} step(s) per call: ${r.tokensPerSecond.toFixed(0)} tokens/s, ${r.msPerStep.toFixed(0)} ms per step, ${r.cpuMsPerStep.toFixed(0)} CPU ms per step, over ${r.steps} steps (load average ${load()})`,
      );
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
