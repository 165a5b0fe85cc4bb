import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SafetensorsFile } from "../../checkpoint/SafetensorsFile.ts";
import type { WeightTensor } from "../../checkpoint/WeightTensor.ts";
import { serializeSafetensors } from "../../checkpoint/writeSafetensors.ts";
import { CodeVocabulary } from "../../tokenizer/CodeVocabulary.ts";
import { PrognosError } from "../../util/errors.ts";
import { readJsonObject } from "../../util/readJsonFile.ts";
import { SeededRandom } from "../../util/SeededRandom.ts";
import { writing } from "../../util/writeError.ts";
import { parseMedBertConfig } from "../medbert/MedBertConfig.ts";
import type { EhrHeadArgs } from "./ehrHeadGraph.ts";

export const EHR_MODEL_KIND = "prognos-ehr-model";

/** head.json of a trained EHR model folder (`ehr train` writes best/ and last/). */
export type EhrModelSpec = {
  kind: typeof EHR_MODEL_KIND;
  /** The cohort it was trained on (name) and what it predicts. */
  cohort: string;
  labels: ["control", "case"];
  /** The Med-BERT folder the encoder came from, and whether it was frozen. */
  pretrained: string | null;
  freeze: boolean;
} & (
  | { head: "lr"; features: number; encoding: "presence" }
  | { head: "rf"; features: number; encoding: "presence"; trees: number }
  | ({ head: EhrHeadArgs["head"]; args: EhrHeadArgs } & { medbertConfig?: Record<string, unknown> })
);

/** Writes head.json, vocab.json and the weights (model.safetensors, or forest.json for rf) into `dir`. */
export function writeEhrModelFolder(
  dir: string,
  spec: EhrModelSpec,
  vocab: CodeVocabulary,
  weights: ReadonlyMap<string, WeightTensor> | null,
  forest?: unknown,
): void {
  writing(dir, () => {
    writeFileSync(join(dir, "head.json"), `${JSON.stringify(spec, null, 2)}\n`);
    if (weights)
      writeFileSync(
        join(dir, "model.safetensors"),
        serializeSafetensors([...weights], { metadata: { format: "pt", model_type: EHR_MODEL_KIND, head: spec.head } }),
      );
    if (forest !== undefined) writeFileSync(join(dir, "forest.json"), `${JSON.stringify(forest)}\n`);
  });
  vocab.write(join(dir, "vocab.json"));
}

export interface EhrModelFiles {
  dir: string;
  spec: EhrModelSpec;
  vocab: CodeVocabulary;
  weights: Map<string, WeightTensor>;
  forest?: unknown;
}

/** Reads a folder written by writeEhrModelFolder; a missing or foreign file is a PrognosError naming it. */
export async function readEhrModelFolder(dir: string): Promise<EhrModelFiles> {
  const specPath = join(dir, "head.json");
  if (!existsSync(specPath))
    throw new PrognosError("no head.json: not a model folder written by `prognos ehr train`", { file: dir });
  const spec = readJsonObject(specPath, "head.json") as unknown as EhrModelSpec;
  if (spec.kind !== EHR_MODEL_KIND)
    throw new PrognosError(`head.json kind is ${JSON.stringify(spec.kind)}, not "${EHR_MODEL_KIND}"`, {
      file: specPath,
    });
  if ("medbertConfig" in spec && spec.medbertConfig) parseMedBertConfig(spec.medbertConfig, specPath);
  const vocab = CodeVocabulary.read(join(dir, "vocab.json"));
  const weights = new Map<string, WeightTensor>();
  if (spec.head === "rf") {
    return { dir, spec, vocab, weights, forest: readJsonObject(join(dir, "forest.json"), "forest.json") };
  }
  const file = await SafetensorsFile.open(join(dir, "model.safetensors"));
  try {
    for (const [name, t] of file.tensors) weights.set(name, await t.read());
  } finally {
    await file.close();
  }
  return { dir, spec, vocab, weights };
}

/**
 * Starting weights of a head and of learned code embeddings, as torch initialises them: embeddings N(0, 1/√dim)
 * (torch: N(0, 1), scaled so a visit's mean stays O(1)), GRU weights and biases U(−1/√hidden, 1/√hidden), Linear
 * weights and biases U(−1/√in, 1/√in). One seeded stream per tensor.
 */
export function initEhrHeadWeights(shapes: ReadonlyMap<string, number[]>, seed: number): Map<string, WeightTensor> {
  const out = new Map<string, WeightTensor>();
  for (const [name, shape] of shapes) {
    const rng = SeededRandom.from(seed, "ehr-head-init", name);
    const n = shape.reduce((a, b) => a * b, 1);
    let draw: () => number;
    if (name.startsWith("embeddings.")) {
      const sd = 1 / Math.sqrt(shape[1]!);
      draw = () => rng.normal(0, sd);
    } else {
      const fanIn = /\.(weight|bias)_(ih|hh)_l0/.test(name) ? shape[0]! / 3 : name.endsWith("bias") ? 0 : shape[1]!;
      const bound = 1 / Math.sqrt(fanIn || shapes.get(name.replace(/bias$/, "weight"))?.[1] || 1);
      draw = () => rng.uniform(-bound, bound);
    }
    out.set(name, { shape, data: Float32Array.from({ length: n }, draw) });
  }
  return out;
}
