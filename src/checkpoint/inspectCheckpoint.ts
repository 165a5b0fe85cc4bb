import { basename } from "node:path";
import { quantizationOf } from "../quantization/quantizationInfo.ts";
import type { BertActivation } from "./BertConfig.ts";
import { BertConfig } from "./BertConfig.ts";
import { findCheckpointFiles } from "./CheckpointFiles.ts";
import { checkTokenizerFiles, type TokenizerCasing } from "./checkTokenizerFiles.ts";
import { describeWeightPlan } from "./describeWeightPlan.ts";
import { openWeightFiles } from "./openWeightFiles.ts";
import { planBertWeights } from "./planBertWeights.ts";
import { withoutScales } from "./quantizedTensors.ts";
import { numel } from "./WeightTensor.ts";

/** What `prognos inspect` reports about a model folder. Field names are stable: `--json` prints this object. */
export interface CheckpointInspection {
  dir: string;
  architecture: {
    model_type: "bert";
    architectures: string[];
    num_hidden_layers: number;
    hidden_size: number;
    num_attention_heads: number;
    head_size: number;
    intermediate_size: number;
    hidden_act: BertActivation;
    vocab_size: number;
    max_position_embeddings: number;
    type_vocab_size: number;
    layer_norm_eps: number;
  };
  /** Parameters found in the weight file: BertModel's, the heads', and their sum. */
  parameters: { encoder: number; heads: number; total: number };
  weights: {
    file: string;
    format: "safetensors" | "pytorch";
    sharded: boolean;
    tensors: number;
    dtypes: Record<string, number>;
  };
  files: Array<{ name: string; bytes: number; role: "config" | "weights" | "tokenizer" | "other" }>;
  tokenizer: TokenizerCasing;
  missing: string[];
  unexpected: string[];
  heads: string[];
  /** Shape of each head weight (`classifier.weight`: [labels, hidden]). */
  headShapes: Record<string, number[]>;
  warnings: string[];
}

/**
 * Inspects a model folder without reading the weights' values: config, weight headers (names, dtypes,
 * shapes, checked against the config), tokenizer files. Throws the same PrognosErrors as loadCheckpoint for
 * anything that would make loading fail.
 */
export async function inspectCheckpoint(dir: string): Promise<CheckpointInspection> {
  const files = await findCheckpointFiles(dir);
  const { config, warnings } = await BertConfig.read(files.config);
  const file = await openWeightFiles(files.weights);
  try {
    // A quantized folder (docs/quantization.md): int8 weights with their scales, planned as Checkpoint.load does.
    const quantized = quantizationOf(config, files.config) !== undefined;
    const plan = planBertWeights(quantized ? withoutScales(file.tensors) : file.tensors, config, file.file);
    warnings.push(...describeWeightPlan(plan, file, dir, quantized));
    const count = (names: Iterable<string>) => {
      let n = 0;
      for (const name of names) n += numel(file.tensors.get(name)!.shape);
      return n;
    };
    const encoder = count(plan.encoder.values());
    const heads = count(plan.heads.values());
    const dtypes: Record<string, number> = {};
    for (const t of file.tensors.values()) dtypes[t.dtype] = (dtypes[t.dtype] ?? 0) + 1;
    const tok = await checkTokenizerFiles(dir, files.files);
    warnings.push(...tok.warnings);
    const weightNames = new Set([files.weights.path, ...files.weights.shards].map((p) => basename(p)));
    const tokenizerNames = new Set(files.tokenizer.map((f) => f.name));
    const architectures = config.extra.architectures;
    return {
      dir,
      architecture: {
        model_type: "bert",
        architectures: Array.isArray(architectures) ? (architectures as string[]) : [],
        num_hidden_layers: config.num_hidden_layers,
        hidden_size: config.hidden_size,
        num_attention_heads: config.num_attention_heads,
        head_size: config.headSize,
        intermediate_size: config.intermediate_size,
        hidden_act: config.hidden_act,
        vocab_size: config.vocab_size,
        max_position_embeddings: config.max_position_embeddings,
        type_vocab_size: config.type_vocab_size,
        layer_norm_eps: config.layer_norm_eps,
      },
      parameters: { encoder, heads, total: encoder + heads },
      weights: {
        file: file.file,
        format: file.format,
        sharded: files.weights.sharded,
        tensors: file.tensors.size,
        dtypes,
      },
      files: files.files.map((f) => ({
        ...f,
        role:
          f.name === basename(files.config)
            ? "config"
            : weightNames.has(f.name)
              ? "weights"
              : tokenizerNames.has(f.name)
                ? "tokenizer"
                : "other",
      })),
      tokenizer: tok.casing,
      missing: plan.missing,
      unexpected: plan.unexpected,
      heads: [...plan.heads.keys()],
      headShapes: Object.fromEntries([...plan.heads].map(([k, name]) => [k, [...file.tensors.get(name)!.shape]])),
      warnings,
    };
  } finally {
    await file.close();
  }
}
