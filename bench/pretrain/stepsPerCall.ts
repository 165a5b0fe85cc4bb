/**
 * Pre-training throughput at 1 and K steps per ONNX Runtime call (`prognos pretrain --steps-per-call`), end to end
 * through the CLI: masked-LM on a synthetic hospital's notes, a new 2 × 128 BERT (`prognos init-model`: 30,522
 * word pieces, 256 positions), batches of 32 windows of 256 tokens in one micro-batch, no validation, no saves but
 * the last. Tokens per second from log.jsonl over the steps after the first call (ONNX Runtime sizes its arena
 * then), runs alternating 1 and K (`--rounds` of each) so that load from other jobs falls on both.
 *
 *   npm run bench:pretrain                         # K = 8, 32 steps, 1 ONNX Runtime thread, 2 rounds
 *   npm run bench:pretrain -- --k 16 --steps 48 --threads 2 --rounds 1
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

const work = mkdtempSync(join(tmpdir(), "prognos-bench-pretrain-"));
const prognos = (args: string[]) => {
  const r = spawnSync(process.execPath, ["bin/prognos.js", ...args], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`prognos ${args[0]} failed: ${r.stderr}`);
  return r;
};
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(" ");

try {
  const hospital = join(work, "hospital");
  await synthesizeMimic3({ admissions: 300, otherNotes: 0, seed: 5, outDir: hospital });
  const model = join(work, "model");
  prognos(["init-model", "--out", model, "--hidden-size", "128", "--layers", "2", "--max-positions", "256"]);

  /** Tokens per second after the first call of `k` steps, and the tokens counted. */
  const run = (k: number) => {
    const out = join(work, `run-${k}`);
    prognos(
      [
        ["pretrain", "mlm", "--from", model, "--notes", `synth:${hospital}`, "--out", out, "--overwrite"],
        ["--steps", `${STEPS}`, "--batch-size", "32", "--micro-batch-size", "32", "--max-seq-length", "256"],
        ["--warmup-steps", "0", "--val-fraction", "0", "--eval-every", "100000", "--save-every", "100000"],
        ["--threads", `${THREADS}`, "--steps-per-call", `${k}`, "--json"],
      ].flat(),
    );
    const steps = readFileSync(join(out, "log.jsonl"), "utf8")
      .split("\n")
      .filter((l) => l.includes('"totalSteps"'))
      .map((l) => JSON.parse(l) as { step: number; tokens: number; seconds: number });
    const timed = steps.slice(K);
    const tokens = timed[timed.length - 1]!.tokens - steps[K - 1]!.tokens;
    const seconds = timed.reduce((s, e) => s + e.seconds, 0);
    return { tokensPerSecond: tokens / seconds, msPerStep: (1000 * seconds) / timed.length, steps: timed.length };
  };

  console.log(`${cpus()[0]?.model} × ${cpus().length}; ${THREADS} ONNX Runtime thread(s); load average ${load()}`);
  console.log(`masked-LM, 2 × 128 BERT, 32 × 256 tokens per step, ${STEPS} steps, the first ${K} untimed`);
  for (let round = 1; round <= ROUNDS; round++) {
    for (const k of [1, K]) {
      const r = run(k);
      console.log(
        `round ${round}, ${k} step(s) per call: ${r.tokensPerSecond.toFixed(0)} tokens/s, ${r.msPerStep.toFixed(0)} ms per step over ${r.steps} steps (load average ${load()})`,
      );
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
