import { quantizationOf } from "../quantization/quantizationInfo.ts";
import { BertConfig } from "./BertConfig.ts";
import { type CheckpointFiles, findCheckpointFiles } from "./CheckpointFiles.ts";
import { type CheckpointIdentity, checkpointIdentity } from "./checkpointIdentity.ts";
import { describeWeightPlan } from "./describeWeightPlan.ts";
import { openWeightFiles } from "./openWeightFiles.ts";
import { planBertWeights } from "./planBertWeights.ts";
import { readQuantizedTensor, withoutScales } from "./quantizedTensors.ts";
import type { WeightTensor } from "./WeightTensor.ts";

/** What loading found, worded like Hugging Face's loader. */
export interface CheckpointReport {
  /** The weight file read (the shard index when sharded). */
  file: string;
  format: "safetensors" | "pytorch";
  /** BertModel weights the checkpoint lacks (canonical names). */
  missing: string[];
  /** Checkpoint tensors BertModel does not use, head weights included (they are also in `headWeights`). */
  unexpected: string[];
  /** Config warnings, unused/missing weights, legacy renames, dtype conversions. */
  warnings: string[];
}

/**
 * A Hugging Face BERT checkpoint folder, loaded: its config and float32 weights under HF BertModel's names
 * (`embeddings.word_embeddings.weight`, `encoder.layer.0.attention.self.query.weight`, …, `pooler.dense.weight`),
 * plus the task heads (`classifier.*`, `cls.*`) kept apart.
 */
export class Checkpoint {
  private constructor(
    readonly files: CheckpointFiles,
    readonly config: BertConfig,
    private readonly tensors: { weights: Map<string, WeightTensor>; heads: Map<string, WeightTensor> } | undefined,
    readonly report: CheckpointReport,
    /**
     * The files' identity, taken before they were read: the key of on-disk caches (see checkpointIdentity).
     * Undefined only if the files could not be read for it (the load itself then fails with its own error).
     */
    readonly identity: CheckpointIdentity | undefined,
  ) {}

  get dir(): string {
    return this.files.dir;
  }

  /** BertModel weights by canonical name, in BertModel's order. */
  get weights(): Map<string, WeightTensor> {
    return this.read().weights;
  }

  /** Head weights by name without the `bert.` prefix (`classifier.weight`, `cls.predictions.bias`, …). */
  get headWeights(): Map<string, WeightTensor> {
    return this.read().heads;
  }

  /** Whether the weights were read (false after `load(dir, { weights: "on-demand" })`). */
  get hasWeights(): boolean {
    return this.tensors !== undefined;
  }

  /** This checkpoint when its weights were read; else the folder loaded again, weights included. */
  withWeights(): Promise<Checkpoint> {
    return this.tensors ? Promise.resolve(this) : Checkpoint.load(this.dir);
  }

  private read(): NonNullable<Checkpoint["tensors"]> {
    if (!this.tensors) {
      throw new Error(
        `${this.dir}: the weights were not read (loaded with { weights: "on-demand" }); use withWeights()`,
      );
    }
    return this.tensors;
  }

  /**
   * Reads `dir`: config.json, then model.safetensors (preferred), model.safetensors.index.json,
   * pytorch_model.bin or pytorch_model.bin.index.json. Throws one PrognosError naming the path for a missing
   * folder, config or weight file, malformed JSON, an unsupported config, a hostile or corrupt weight file, a
   * weight of the wrong shape or dtype. With `{ weights: "on-demand" }` only the headers are read (names,
   * shapes, dtypes: the report is complete) and the tensors' values wait for `withWeights()` — for callers that
   * may not need them, such as a model whose graph is in the GraphCache.
   */
  static async load(dir: string, options: { weights?: "now" | "on-demand" } = {}): Promise<Checkpoint> {
    const files = await findCheckpointFiles(dir);
    const identity = await checkpointIdentity(files).catch(() => undefined);
    const { config, warnings } = await BertConfig.read(files.config);
    const file = await openWeightFiles(files.weights);
    try {
      // A quantized folder (docs/quantization.md) holds int8 Linear weights, each with its per-channel scales.
      const quantized = quantizationOf(config, files.config) !== undefined;
      const plan = planBertWeights(quantized ? withoutScales(file.tensors) : file.tensors, config, file.file);
      warnings.push(...describeWeightPlan(plan, file, dir, quantized));
      const report = {
        file: file.file,
        format: file.format,
        missing: plan.missing,
        unexpected: plan.unexpected,
        warnings,
      };
      if (options.weights === "on-demand") return new Checkpoint(files, config, undefined, report, identity);
      const weights = new Map<string, WeightTensor>();
      const read = (name: string) => (quantized ? readQuantizedTensor(file, name) : file.tensors.get(name)!.read());
      for (const [canonical, name] of plan.encoder) weights.set(canonical, await read(name));
      const heads = new Map<string, WeightTensor>();
      for (const [key, name] of plan.heads) heads.set(key, await file.tensors.get(name)!.read());
      return new Checkpoint(files, config, { weights, heads }, report, identity);
    } finally {
      await file.close();
    }
  }
}

/** Loads a Hugging Face BERT checkpoint folder (see Checkpoint.load). */
export function loadCheckpoint(dir: string, options?: { weights?: "now" | "on-demand" }): Promise<Checkpoint> {
  return Checkpoint.load(dir, options);
}
