import { spawn } from "node:child_process";
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadCheckpoint } from "../../src/checkpoint/Checkpoint.ts";
import { Engine } from "../../src/engine/Engine.ts";
import type { GraphCache } from "../../src/engine/GraphCache.ts";
import { BertEncoderModel } from "../../src/models/bert/BertEncoderModel.ts";

/** Helpers of the model-cache tests (test/engine/*.test.ts) and their child process (encodeChild.ts). */

export const ENCODER_FIXTURE = "test/fixtures/bert/tiny-uncased-gelu";

/** Two rows of different lengths (padding and masking included). */
const BATCH = {
  inputIds: [
    [2, 45, 67, 89, 120, 3],
    [2, 300, 7, 3],
  ],
};

/**
 * The encoder's last hidden state and pooler output for BATCH, as plain numbers (exact float32 values). Without
 * a cache (the reference) the checkpoint's weights are read up front; with one, on demand, as `prognos embed`
 * does.
 */
export async function encode(dir: string, graphCache: GraphCache | null | undefined): Promise<number[]> {
  const engine = Engine.create({ threads: 1, graphCache });
  try {
    const weights = graphCache === null ? "now" : "on-demand";
    const model = await BertEncoderModel.create(await loadCheckpoint(dir, { weights }), engine);
    const out = await model.forward(BATCH);
    return [...(out.lastHiddenState.data as Float32Array), ...(out.poolerOutput!.data as Float32Array)];
  } finally {
    await engine.release();
  }
}

const made: string[] = [];

/** A fresh temporary folder, removed by `removeTempDirs`. */
export function tempDir(what: string): string {
  const dir = mkdtempSync(join(tmpdir(), `prognos-${what}-`));
  made.push(dir);
  return dir;
}

/** Removes the folders `tempDir` made (call it from `after`). */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A copy of a fixture folder (config, weights, tokenizer) that a test may change. */
export function copyFixture(from: string): string {
  const dir = tempDir("model");
  for (const f of readdirSync(from)) if (f !== "golden.json") copyFileSync(join(from, f), join(dir, f));
  return dir;
}

/** Runs encodeChild.ts in its own process with PROGNOS_CACHE=`cacheDir`: its outputs and standard error. */
export function encodeInChild(dir: string, cacheDir: string): Promise<{ values: number[]; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "test/engine/encodeChild.ts", dir], {
      env: { ...process.env, PROGNOS_CACHE: cacheDir },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d;
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) reject(new Error(`encodeChild exited with ${code}: ${stderr}`));
      else resolve({ values: JSON.parse(stdout) as number[], stderr });
    });
  });
}
