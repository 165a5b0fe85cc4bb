import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { PrognosError } from "../util/errors.ts";
import { ShardedTensorFile } from "./ShardedTensorFile.ts";

export interface FileInfo {
  name: string;
  bytes: number;
}

/** The weight file(s) chosen in a checkpoint folder. */
export interface WeightFiles {
  format: "safetensors" | "pytorch";
  /** The weight file, or the shard index (`*.index.json`) when sharded. */
  path: string;
  sharded: boolean;
  /** The files holding tensors: `[path]`, or every shard. */
  shards: string[];
}

/** What a Hugging Face model folder holds, as far as Prognos is concerned. */
export interface CheckpointFiles {
  dir: string;
  /**
   * Path of config.json, or of bert_config.json in a folder without config.json (the layout of Google's BERT
   * releases and of pytorch-pretrained-bert, e.g. Huang et al.'s ClinicalBERT: docs/catalogue.md#huang-layout).
   */
  config: string;
  weights: WeightFiles;
  /** Tokenizer files present (vocab.txt, tokenizer.json, tokenizer_config.json, …). */
  tokenizer: FileInfo[];
  /** Every file in the folder (not recursive), with sizes. */
  files: FileInfo[];
}

/** Weight files in transformers' order of preference. */
const WEIGHTS: Array<[string, WeightFiles["format"], boolean]> = [
  ["model.safetensors", "safetensors", false],
  ["model.safetensors.index.json", "safetensors", true],
  ["pytorch_model.bin", "pytorch", false],
  ["pytorch_model.bin.index.json", "pytorch", true],
];
const OTHER_FORMATS: Array<[RegExp, string]> = [
  [/^tf_model\.h5$/, "TensorFlow 2 (tf_model.h5)"],
  [/^model\.ckpt/, "TensorFlow 1 (model.ckpt.*)"],
  [/^flax_model\.msgpack$/, "Flax (flax_model.msgpack)"],
  [/\.onnx$/, "ONNX"],
];
/** Config file names in order of preference: Hugging Face's, then the pytorch-pretrained-bert/Google BERT one. */
export const CONFIG_NAMES = ["config.json", "bert_config.json"];
export const TOKENIZER_FILES = [
  "vocab.txt",
  "tokenizer.json",
  "tokenizer_config.json",
  "special_tokens_map.json",
  "added_tokens.json",
];

/**
 * Lists a model folder and picks its config and weight files. A missing folder, a missing config.json or no
 * readable weight file is one PrognosError naming the folder and what was found instead.
 */
export async function findCheckpointFiles(dir: string): Promise<CheckpointFiles> {
  let names: string[];
  try {
    const s = await stat(dir);
    if (!s.isDirectory()) throw new PrognosError("not a folder: expected a Hugging Face model folder", { file: dir });
    names = (await readdir(dir)).sort();
  } catch (e) {
    if (e instanceof PrognosError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new PrognosError(code === "ENOENT" ? "model folder not found" : `cannot read the model folder (${code})`, {
      file: dir,
      cause: e,
    });
  }
  const files: FileInfo[] = [];
  for (const name of names) {
    const s = await stat(join(dir, name)).catch(() => undefined);
    if (s?.isFile()) files.push({ name, bytes: s.size });
  }
  const has = (n: string) => files.some((f) => f.name === n);
  const found = files.length === 0 ? "the folder is empty" : `found: ${listNames(files)}`;
  const configName = CONFIG_NAMES.find(has);
  if (!configName) {
    // A run folder of `prognos train` or `pretrain`: its models are best/ and last/.
    const run = has("run.json") && (await stat(join(dir, "best", "config.json")).catch(() => undefined));
    const hint = run ? `; this is a run folder: its models are ${join(dir, "best")} and ${join(dir, "last")}` : "";
    throw new PrognosError(`no config.json (or bert_config.json) in the model folder (${found})${hint}`, { file: dir });
  }

  const choice = WEIGHTS.find(([n]) => has(n));
  if (!choice) {
    const others = OTHER_FORMATS.filter(([re]) => files.some((f) => re.test(f.name))).map(([, what]) => what);
    const hint =
      others.length > 0 ? `; ${others.join(", ")} weights are not supported: convert them to safetensors` : "";
    throw new PrognosError(
      `no weight file in the model folder: expected model.safetensors or pytorch_model.bin (${found})${hint}`,
      { file: dir },
    );
  }
  const [name, format, sharded] = choice;
  const path = join(dir, name);
  const shards = sharded ? (await ShardedTensorFile.shardNames(path)).map((s) => join(dir, s)) : [path];
  return {
    dir,
    config: join(dir, configName),
    weights: { format, path, sharded, shards },
    tokenizer: files.filter((f) => TOKENIZER_FILES.includes(f.name)),
    files,
  };
}

function listNames(files: FileInfo[]): string {
  const shown = files.slice(0, 12).map((f) => f.name);
  return files.length > shown.length ? `${shown.join(", ")}, … (${files.length} files)` : shown.join(", ");
}
