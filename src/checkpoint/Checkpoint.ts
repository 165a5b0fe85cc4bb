import { BertConfig } from "./BertConfig.ts";
import { type CheckpointFiles, findCheckpointFiles } from "./CheckpointFiles.ts";
import { type CheckpointIdentity, checkpointIdentity } from "./checkpointIdentity.ts";
import { describeWeightPlan } from "./describeWeightPlan.ts";
import { openWeightFiles } from "./openWeightFiles.ts";
import { planBertWeights } from "./planBertWeights.ts";
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
    /** BertModel weights by canonical name, in BertModel's order. */
    readonly weights: Map<string, WeightTensor>,
    /** Head weights by name without the `bert.` prefix (`classifier.weight`, `cls.predictions.bias`, …). */
    readonly headWeights: Map<string, WeightTensor>,
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

  /**
   * Reads `dir`: config.json, then model.safetensors (preferred), model.safetensors.index.json,
   * pytorch_model.bin or pytorch_model.bin.index.json. Throws one PrognosError naming the path for a missing
   * folder, config or weight file, malformed JSON, an unsupported config, a hostile or corrupt weight file, a
   * weight of the wrong shape or dtype.
   */
  static async load(dir: string): Promise<Checkpoint> {
    const files = await findCheckpointFiles(dir);
    const identity = await checkpointIdentity(files).catch(() => undefined);
    const { config, warnings } = await BertConfig.read(files.config);
    const file = await openWeightFiles(files.weights);
    try {
      const plan = planBertWeights(file.tensors, config, file.file);
      warnings.push(...describeWeightPlan(plan, file, dir));
      const weights = new Map<string, WeightTensor>();
      for (const [canonical, name] of plan.encoder) weights.set(canonical, await file.tensors.get(name)!.read());
      const headWeights = new Map<string, WeightTensor>();
      for (const [key, name] of plan.heads) headWeights.set(key, await file.tensors.get(name)!.read());
      const report = {
        file: file.file,
        format: file.format,
        missing: plan.missing,
        unexpected: plan.unexpected,
        warnings,
      };
      return new Checkpoint(files, config, weights, headWeights, report, identity);
    } finally {
      await file.close();
    }
  }
}

/** Loads a Hugging Face BERT checkpoint folder (see Checkpoint.load). */
export function loadCheckpoint(dir: string): Promise<Checkpoint> {
  return Checkpoint.load(dir);
}
