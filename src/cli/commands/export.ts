import { rename, rm, writeFile } from "node:fs/promises";
import type { Command } from "commander";
import { checkOutput } from "../../util/checkOutput.ts";
import { writeError } from "../../util/writeError.ts";

/**
 * `prognos export --model <dir> --out encoder.onnx`: writes the checkpoint's encoder as the ONNX graph Prognos
 * runs, weights included, so the same graph runs under onnxruntime-web in a browser or with the CUDA EP.
 */
export function registerExport(program: Command): void {
  program
    .command("export")
    .description("write a BERT checkpoint's encoder as a self-contained ONNX model (opset 17)")
    .requiredOption("--model <dir>", "Hugging Face BERT folder")
    .requiredOption("--out <file>", "the .onnx file to write")
    .option("--int8", "write the encoder's Linears in int8 (a quantized folder always is; docs/quantization.md)")
    .option("--overwrite", "replace the --out file if it exists")
    .option("--json", "print a JSON summary instead of a sentence")
    .action(async (options: { model: string; out: string; int8?: boolean; overwrite?: boolean; json?: boolean }) => {
      checkOutput({ path: options.out, kind: "file", overwrite: options.overwrite });
      const { loadCheckpoint } = await import("../../checkpoint/Checkpoint.ts");
      const { toOnnx } = await import("../../graph/onnxWriter.ts");
      const { BertEncoderModel } = await import("../../models/bert/BertEncoderModel.ts");
      const checkpoint = await loadCheckpoint(options.model);
      for (const w of checkpoint.report.warnings) process.stderr.write(`prognos: warning: ${w}\n`);
      const graph = BertEncoderModel.buildGraph(checkpoint, options.int8);
      const bytes = toOnnx(graph, { docString: `BERT encoder exported by prognos from ${checkpoint.dir}` });
      try {
        await writeFile(`${options.out}.tmp`, bytes);
        await rename(`${options.out}.tmp`, options.out);
      } catch (e) {
        await rm(`${options.out}.tmp`, { force: true }).catch(() => {});
        throw writeError(e, options.out);
      }
      const summary = {
        file: options.out,
        bytes: bytes.length,
        inputs: graph.inputs.map((v) => ({ name: v.name, dtype: v.dtype, shape: v.shape })),
        outputs: graph.outputs.map((v) => ({ name: v.name, dtype: v.dtype, shape: v.shape })),
        nodes: graph.nodes.length,
      };
      if (options.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
      else
        process.stdout.write(
          `wrote ${options.out} (${(bytes.length / 1e6).toFixed(1)} MB, ${summary.nodes} nodes; inputs ${summary.inputs
            .map((i) => i.name)
            .join(", ")}; outputs ${summary.outputs.map((o) => o.name).join(", ")})\n`,
        );
    });
}
