import type { Command } from "commander";
import { checkOutput } from "../../util/checkOutput.ts";
import { PrognosError } from "../../util/errors.ts";
import { RANGES } from "../../util/ranges.ts";
import { integerOption, rangeHelp } from "../options/index.ts";

const SIZE = { integer: true, min: 1, max: 65_536 } as const;
const FLAGS = [
  ["hidden-size", "hidden size (default 128; a multiple of --heads)", SIZE, 128],
  ["layers", "transformer layers (default 2)", { integer: true, min: 1, max: 128 }, 2],
  ["heads", "attention heads (default 2)", { integer: true, min: 1, max: 1024 }, 2],
  ["intermediate-size", "feed-forward size (default 4 × hidden size)", SIZE, undefined],
  ["max-positions", "max_position_embeddings (default 512)", { integer: true, min: 2, max: 8192 }, 512],
  ["seed", "seed of the random weights (default 42)", RANGES.seed, 42],
] as const;

/** `prognos pretrain init`: a new, randomly initialised BERT to pre-train from (the "no pre-training" arm too). */
export function registerPretrainInit(pretrain: Command): void {
  const cmd = pretrain
    .command("init")
    .description(
      "write a new BERT with random weights (Hugging Face's initialisation, seeded) as a BertForMaskedLM folder: the start of pre-training from scratch",
    )
    .requiredOption("--out <dir>", "model folder to write")
    .option(
      "--vocab <dir>",
      "tokenizer folder (vocab.txt …) to use (default: the bundled BERT-base-uncased vocabulary)",
    )
    .option("--overwrite", "replace a model folder in --out")
    .option("--json", "print the result as one JSON object");
  for (const [flag, help, range] of FLAGS) cmd.option(`--${flag} <n>`, rangeHelp(help, range));
  cmd.action(async (opts: Record<string, unknown>) => {
    const value = (flag: string, fallback: number | undefined) => {
      const key = flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
      const range = FLAGS.find((f) => f[0] === flag)![2];
      return integerOption(opts[key] as string | undefined, `--${flag}`, range) ?? fallback;
    };
    const hidden = value("hidden-size", 128)!;
    const heads = value("heads", 2)!;
    if (hidden % heads !== 0) throw new PrognosError(`--hidden-size ${hidden} is not a multiple of --heads ${heads}`);
    const out = opts.out as string;
    checkOutput({
      path: out,
      kind: "folder",
      holds: ["config.json", "model.safetensors"],
      what: "a model",
      overwrite: opts.overwrite === true,
    });
    const { BERT_BASE_UNCASED_DIR } = await import("../../tokenizer/bundledVocab.ts");
    const { BertTokenizer } = await import("../../tokenizer/BertTokenizer.ts");
    const { initBertFolder } = await import("../../training/initBertFolder.ts");
    const vocab = typeof opts.vocab === "string" ? opts.vocab : BERT_BASE_UNCASED_DIR;
    const { tokenizer } = await BertTokenizer.fromFolder(vocab);
    const config = {
      vocab_size: tokenizer.vocabSize,
      hidden_size: hidden,
      num_hidden_layers: value("layers", 2)!,
      num_attention_heads: heads,
      intermediate_size: value("intermediate-size", 4 * hidden)!,
      max_position_embeddings: value("max-positions", 512)!,
    };
    const seed = value("seed", 42)!;
    initBertFolder(out, config, vocab, seed);
    const h = config.hidden_size;
    const layer = 4 * h * h + 2 * h * config.intermediate_size + 9 * h + config.intermediate_size;
    const parameters =
      (config.vocab_size + config.max_position_embeddings + 2) * h +
      2 * h +
      config.num_hidden_layers * layer +
      h * h +
      h;
    const result = { out, ...config, seed, encoder_parameters: parameters };
    if (opts.json) process.stdout.write(`${JSON.stringify(result)}\n`);
    else
      process.stdout.write(
        `wrote a random BERT (${config.num_hidden_layers} layers, hidden ${h}, ${(parameters / 1e6).toFixed(2)} M encoder parameters) to ${out}\n` +
          `  next: npx prognos pretrain core --from ${out} --notes … --out RUN\n`,
      );
  });
}
