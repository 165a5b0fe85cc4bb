import type { Command } from "commander";
import { BertTokenizer } from "../../tokenizer/BertTokenizer.ts";
import { PrognosError } from "../../util/errors.ts";
import { RANGES } from "../../util/ranges.ts";
import { readUtf8File } from "../../util/readUtf8File.ts";
import { integerOption, rangeHelp } from "../options/index.ts";
import { warnIfCut } from "../warnIfCut.ts";

interface TokenizeOptions {
  model: string;
  maxLength: string;
  pair?: string;
  file?: string;
}

/**
 * `prognos tokenize --model <dir> [--max-length N] [--pair TEXT] [--file note.txt] [TEXT]`: prints one JSON
 * object {"tokens", "input_ids"} ([CLS]/[SEP] included; "token_type_ids" too with --pair), as Hugging Face's
 * BertTokenizer would encode the text with truncation to --max-length. Warnings go to stderr; the text never
 * appears in any message.
 */
export function registerTokenize(program: Command): void {
  program
    .command("tokenize")
    .description("tokenize a text as Hugging Face's BertTokenizer does; prints {tokens, input_ids} as JSON")
    .argument("[text]", "the text to tokenize (or use --file)")
    .requiredOption("--model <dir>", "Hugging Face model folder (tokenizer.json, or vocab.txt + tokenizer_config.json)")
    .option(
      "--max-length <n>",
      rangeHelp("truncate to at most n tokens, [CLS]/[SEP] included", RANGES.tokenizeMaxLength),
      "512",
    )
    .option("--pair <text>", "a second text: [CLS] text [SEP] pair [SEP], and token_type_ids are printed")
    .option("--file <path>", "read the text from this UTF-8 file")
    .action(async (text: string | undefined, options: TokenizeOptions) => {
      const maxLength = integerOption(options.maxLength, "--max-length", RANGES.tokenizeMaxLength);
      if (text !== undefined && options.file !== undefined)
        throw new PrognosError("give the text either as an argument or with --file, not both");
      let input = text;
      if (options.file !== undefined) input = await readUtf8File(options.file, "text file");
      if (input === undefined) throw new PrognosError("no text: give it as an argument or with --file <path>");

      const { tokenizer, warnings } = await BertTokenizer.fromFolder(options.model);
      for (const w of warnings) process.stderr.write(`prognos: warning: ${w}\n`);
      const encoding = tokenizer.encode(input, { textPair: options.pair, maxLength, truncation: true });
      warnIfCut(encoding, maxLength);
      const out: Record<string, unknown> = { tokens: encoding.tokens, input_ids: encoding.inputIds };
      if (options.pair !== undefined) out.token_type_ids = encoding.tokenTypeIds;
      process.stdout.write(`${JSON.stringify(out)}\n`);
    });
}
