import { rename, rm, writeFile } from "node:fs/promises";
import type { Command } from "commander";
import { checkOutput } from "../../util/checkOutput.ts";
import { PrognosError } from "../../util/errors.ts";
import { RANGES } from "../../util/ranges.ts";
import { writeError } from "../../util/writeError.ts";
import { integerOption, rangeHelp } from "../options/index.ts";
import { float32MatrixJson, shortestFloat32 } from "../shortestFloat32.ts";
import { warnIfCut } from "../warnIfCut.ts";

interface EmbedOptions {
  model: string;
  file?: string;
  pair?: string;
  out?: string;
  overwrite?: boolean;
  maxLength?: string;
  pooler?: boolean;
  threads?: string;
  device: string;
}

/**
 * `prognos embed --model <dir> [TEXT | --file note.txt] [--out emb.json]`: the text through the checkpoint's
 * tokenizer and BERT encoder, as Hugging Face's BertModel computes it. Prints (or writes) one JSON object
 * {"input_ids": [...], "last_hidden_state": [[...], ...]} — one row of float32 values per token.
 */
export function registerEmbed(program: Command): void {
  program
    .command("embed")
    .description("run a text through a BERT checkpoint; prints {input_ids, last_hidden_state} as JSON")
    .argument("[text]", "the text to embed (or use --file)")
    .requiredOption(
      "--model <dir>",
      "Hugging Face BERT folder: config.json, model.safetensors or pytorch_model.bin, vocab",
    )
    .option("--file <path>", "read the text from this UTF-8 file")
    .option("--pair <text>", "a second text: [CLS] text [SEP] pair [SEP] with token type ids 0/1")
    .option("--out <path>", "write the JSON to this file instead of standard output")
    .option("--overwrite", "replace the --out file if it exists")
    .option(
      "--max-length <n>",
      rangeHelp(
        "truncate to n tokens, [CLS]/[SEP] included; at most the model's max_position_embeddings (default: 512, or the model's limit)",
        RANGES.maxLength,
      ),
    )
    .option("--pooler", "also output pooler_output (tanh dense on [CLS])")
    .option("--threads <n>", rangeHelp("ONNX Runtime intra-op threads (default: all cores)", RANGES.threads))
    .option(
      "--device <name>",
      "execution provider: cpu, or cuda on a machine with onnxruntime-node's CUDA libraries",
      "cpu",
    )
    .action(async (text: string | undefined, options: EmbedOptions) => {
      const givenMaxLength = integerOption(options.maxLength, "--max-length", RANGES.maxLength);
      const threads = integerOption(options.threads, "--threads", RANGES.threads);
      if (options.out !== undefined) checkOutput({ path: options.out, kind: "file", overwrite: options.overwrite });
      if (text !== undefined && options.file !== undefined)
        throw new PrognosError("give the text either as an argument or with --file, not both");
      const { readUtf8File } = await import("../../util/readUtf8File.ts");
      const input = options.file !== undefined ? await readUtf8File(options.file, "text file") : text;
      if (input === undefined) throw new PrognosError("no text: give it as an argument or with --file <path>");

      const { loadCheckpoint } = await import("../../checkpoint/Checkpoint.ts");
      const { BertTokenizer } = await import("../../tokenizer/BertTokenizer.ts");
      const { Engine } = await import("../../engine/Engine.ts");
      const { BertEncoderModel } = await import("../../models/bert/BertEncoderModel.ts");
      // The weights are read only if the encoder's graph is not in the model cache (docs/model-cache.md).
      const checkpoint = await loadCheckpoint(options.model, { weights: "on-demand" });
      const { tokenizer, warnings } = await BertTokenizer.fromFolder(options.model);
      for (const w of [...checkpoint.report.warnings, ...warnings]) process.stderr.write(`prognos: warning: ${w}\n`);
      const limit = Math.min(512, checkpoint.config.max_position_embeddings);
      const maxLength = givenMaxLength ?? limit;
      if (maxLength > checkpoint.config.max_position_embeddings) {
        throw new PrognosError(
          `--max-length ${maxLength} exceeds the model's max_position_embeddings (${checkpoint.config.max_position_embeddings})`,
        );
      }
      const enc = tokenizer.encode(input, { textPair: options.pair, maxLength, truncation: true });
      warnIfCut(enc, maxLength);

      const engine = Engine.create({ threads, executionProviders: [options.device] });
      try {
        const model = await BertEncoderModel.create(checkpoint, engine);
        const out = await model.forward({ inputIds: [enc.inputIds], tokenTypeIds: [enc.tokenTypeIds] });
        const hidden = checkpoint.config.hidden_size;
        let json = `{"input_ids":${JSON.stringify(enc.inputIds)}`;
        if (options.pair !== undefined) json += `,"token_type_ids":${JSON.stringify(enc.tokenTypeIds)}`;
        json += `,"last_hidden_state":${float32MatrixJson(out.lastHiddenState.data as Float32Array, enc.inputIds.length, hidden)}`;
        if (options.pooler) {
          if (!out.poolerOutput)
            throw new PrognosError(`${checkpoint.report.file}: the checkpoint has no pooler weights`);
          json += `,"pooler_output":[${Array.from(out.poolerOutput.data as Float32Array, shortestFloat32).join(",")}]`;
        }
        json += "}\n";
        if (options.out) {
          try {
            await writeFile(`${options.out}.tmp`, json);
            await rename(`${options.out}.tmp`, options.out);
          } catch (e) {
            await rm(`${options.out}.tmp`, { force: true }).catch(() => {});
            throw writeError(e, options.out);
          }
          process.stderr.write(`prognos: wrote ${enc.inputIds.length} × ${hidden} embeddings to ${options.out}\n`);
        } else process.stdout.write(json);
      } finally {
        await engine.release();
      }
    });
}
