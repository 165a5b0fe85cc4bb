import { existsSync } from "node:fs";
import { join } from "node:path";
import { SafetensorsFile } from "../checkpoint/SafetensorsFile.ts";
import type { TrainableParam } from "../nn/InputParamSource.ts";
import { PrognosError } from "../util/errors.ts";
import { readJsonFile } from "../util/readJsonFile.ts";
import { TrainState } from "./TrainState.ts";

/** The loop's counters saved with the weights (trainer.json). */
export interface TrainerCounters {
  step: number;
  bestMetric: number | null;
  bestStep: number | null;
  badEvals: number;
  /** A fingerprint of every option that changes the run, so --resume refuses a different run. */
  configKey: string;
}

async function readAll(file: string, params: readonly TrainableParam[]): Promise<Map<string, Float32Array>> {
  const f = await SafetensorsFile.open(file);
  try {
    const out = new Map<string, Float32Array>();
    for (const p of params) {
      const t = f.tensors.get(p.name);
      if (!t) throw new PrognosError(`${file}: tensor ${p.name} is missing; the saved state is from another model`);
      out.set(p.name, Float32Array.from((await t.read()).data));
    }
    return out;
  } finally {
    await f.close();
  }
}

/** Loads `state/` written by saveResumeState, or undefined when there is none. */
export async function loadResumeState(
  dir: string,
  params: readonly TrainableParam[],
): Promise<{ state: TrainState; counters: TrainerCounters } | undefined> {
  // A kill between the two renames of replaceFolder leaves the previous state as `<dir>.old`: use it.
  if (!existsSync(join(dir, "trainer.json")) && existsSync(join(`${dir}.old`, "trainer.json"))) dir = `${dir}.old`;
  const trainer = join(dir, "trainer.json");
  if (!existsSync(trainer)) return undefined;
  const counters = readJsonFile(trainer) as TrainerCounters;
  const state = new TrainState(
    await readAll(join(dir, "params.safetensors"), params),
    await readAll(join(dir, "m.safetensors"), params),
    await readAll(join(dir, "v.safetensors"), params),
    counters.step,
  );
  return { state, counters };
}
