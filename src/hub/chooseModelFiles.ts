import { CONFIG_NAMES, TOKENIZER_FILES } from "../checkpoint/CheckpointFiles.ts";
import { PrognosError } from "../util/errors.ts";

/** Weight files in Prognos' (and transformers') order of preference; an index names its shards. */
export const WEIGHT_FILES = [
  "model.safetensors",
  "model.safetensors.index.json",
  "pytorch_model.bin",
  "pytorch_model.bin.index.json",
];
/** Small files worth keeping beside the model: its card and licence (what it may be used for). */
export const PROVENANCE_FILES = ["README.md", "LICENSE", "LICENSE.txt", "LICENSE.md"];

/** What to download from a repository: one config, one weight file (or index), the tokenizer and card files present. */
export interface ModelFileChoice {
  config: string;
  weights: string;
  /** Tokenizer and provenance files the repository has. */
  optional: string[];
}

/**
 * Picks the files a Prognos model folder needs from a repository's file list (the hub API's `siblings`). Other
 * formats (TensorFlow, Flax, ONNX) and other files are left on the hub. Fails, naming the repository and what it
 * holds, when there is no config or no weight file Prognos reads.
 */
export function chooseModelFiles(files: readonly string[], repo: string): ModelFileChoice {
  const has = new Set(files);
  const shown = files.length > 12 ? `${files.slice(0, 12).join(", ")}, … (${files.length} files)` : files.join(", ");
  const config = CONFIG_NAMES.find((n) => has.has(n));
  if (!config) {
    throw new PrognosError(
      `${repo} has no config.json or bert_config.json at its top level: not a BERT model folder (files: ${shown})`,
    );
  }
  const weights = WEIGHT_FILES.find((n) => has.has(n));
  if (!weights) {
    throw new PrognosError(
      `${repo} has no model.safetensors or pytorch_model.bin (files: ${shown}); TensorFlow and Flax weights are not supported`,
    );
  }
  const optional = [...TOKENIZER_FILES, ...PROVENANCE_FILES].filter((n) => has.has(n));
  return { config, weights, optional };
}

/** The shard files an index (`*.index.json`) names in its weight_map, each once, in order of first mention. */
export function shardNames(index: unknown, file: string): string[] {
  const map = (index as { weight_map?: unknown } | null)?.weight_map;
  if (typeof map !== "object" || map === null) throw new PrognosError("no weight_map in the index", { file });
  const names = [...new Set(Object.values(map as Record<string, unknown>))];
  for (const n of names) {
    if (typeof n !== "string" || n.includes("/") || n.includes("\\") || n.startsWith(".")) {
      throw new PrognosError(`weight_map names a shard ${JSON.stringify(n)} that is not a plain file name`, { file });
    }
  }
  return names as string[];
}
