import type { Command } from "commander";
import { PrognosError } from "../../util/errors.ts";
import { RANGES } from "../../util/ranges.ts";
import { integerOption, rangeHelp } from "../options/index.ts";

/** What `init-model` writes into --out (the overwrite check looks for these). */
const MODEL_FILES = ["config.json", "model.safetensors", "vocab.txt", "tokenizer_config.json"] as const;

interface InitModelOptions {
  out: string;
  vocab?: string;
  hiddenSize: string;
  layers: string;
  heads: string;
  intermediateSize?: string;
  maxPositions: string;
  seed: string;
  overwrite?: boolean;
  json?: boolean;
}

/**
 * `prognos init-model --out DIR [--vocab DIR] [--hidden-size 128 --layers 2 --heads 4 …] [--seed 7]`: a new,
 * randomly initialised BERT as a Hugging Face BertForMaskedLM folder (docs/core-pretraining.md: the starting point
 * of pre-training from scratch, and the "no pre-training" arm of the ablation). Sizes default to the demo's
 * encoder; the vocabulary defaults to the bundled BERT-base-uncased one.
 */
export function registerInitModel(program: Command): void {
  const cmd = program
    .command("init-model")
    .description("write a new, randomly initialised BERT (Hugging Face folder) to pre-train or fine-tune from scratch")
    .requiredOption("--out <dir>", "model folder to write")
    .option(
      "--vocab <dir>",
      "folder with the tokenizer files to copy (default: the bundled BERT-base-uncased vocabulary)",
    )
    .option("--hidden-size <n>", rangeHelp("hidden size (default 128)", RANGES.hiddenSize), "128")
    .option("--layers <n>", rangeHelp("transformer layers (default 2)", RANGES.layers), "2")
    .option("--heads <n>", rangeHelp("attention heads; must divide the hidden size (default 4)", RANGES.heads), "4")
    .option("--intermediate-size <n>", rangeHelp("feed-forward size (default 4 × hidden)", RANGES.intermediateSize))
    .option(
      "--max-positions <n>",
      rangeHelp("position embeddings: the longest input (default 256)", RANGES.maxPositions),
      "256",
    )
    .option("--seed <n>", rangeHelp("initialisation seed (default 7)", RANGES.seed), "7")
    .option("--overwrite", "replace a model already in --out")
    .option("--json", "print the result as one JSON object");
  cmd.action(async (o: InitModelOptions) => {
    const hidden = integerOption(o.hiddenSize, "--hidden-size", RANGES.hiddenSize);
    const layers = integerOption(o.layers, "--layers", RANGES.layers);
    const heads = integerOption(o.heads, "--heads", RANGES.heads);
    const intermediate =
      integerOption(o.intermediateSize, "--intermediate-size", RANGES.intermediateSize) ?? 4 * hidden;
    const positions = integerOption(o.maxPositions, "--max-positions", RANGES.maxPositions);
    const seed = integerOption(o.seed, "--seed", RANGES.seed);
    if (hidden % heads !== 0) throw new PrognosError(`--heads ${heads} must divide --hidden-size ${hidden}`);
    const { checkOutput } = await import("../../util/checkOutput.ts");
    const { path } = checkOutput({
      path: o.out,
      kind: "folder",
      holds: MODEL_FILES,
      what: "a model",
      overwrite: o.overwrite,
    });
    const { BERT_BASE_UNCASED_DIR } = await import("../../tokenizer/bundledVocab.ts");
    const { BertTokenizer } = await import("../../tokenizer/BertTokenizer.ts");
    const { initBertFolder } = await import("../../training/initBertFolder.ts");
    const vocabDir = o.vocab ?? BERT_BASE_UNCASED_DIR;
    const { tokenizer } = await BertTokenizer.fromFolder(vocabDir);
    const config = {
      vocab_size: tokenizer.vocabSize,
      hidden_size: hidden,
      num_hidden_layers: layers,
      num_attention_heads: heads,
      intermediate_size: intermediate,
      max_position_embeddings: positions,
    };
    initBertFolder(path, config, vocabDir, seed);
    const parameters =
      tokenizer.vocabSize * hidden +
      (positions + 2) * hidden +
      layers * (4 * hidden * hidden + 2 * hidden * intermediate + 9 * hidden + intermediate) +
      hidden * hidden +
      hidden;
    const result = { out: path, seed, config, encoderParameters: parameters };
    if (o.json) process.stdout.write(`${JSON.stringify(result)}\n`);
    else
      process.stdout.write(
        `wrote ${path}: BERT ${layers} × ${hidden} (${heads} heads, feed-forward ${intermediate}, ${positions} positions), ` +
          `${tokenizer.vocabSize} word pieces, ${(parameters / 1e6).toFixed(2)} M encoder parameters, seed ${seed}\n`,
      );
  });
}
