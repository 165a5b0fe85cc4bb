import type { Command } from "commander";
import type { CatalogueInspection } from "../../catalogue/inspectWithCatalogue.ts";

/**
 * `prognos inspect <dir> [--json]`: a Hugging Face BERT folder's architecture, parameter count, files and
 * warnings (unused/missing weights, dtype conversions, tokenizer casing), without reading the weights' values;
 * which catalogue models share its vocabulary, and the pitfalls known for them (docs/catalogue.md#inspect).
 */
export function registerInspect(program: Command): void {
  program
    .command("inspect")
    .description("show a model folder's architecture, parameter count, files and warnings")
    .argument("<dir>", "model folder (config.json or bert_config.json + model.safetensors or pytorch_model.bin)")
    .option("--json", "print one JSON object instead of text")
    .action(async (dir: string, options: { json?: boolean }) => {
      const { inspectWithCatalogue } = await import("../../catalogue/inspectWithCatalogue.ts");
      const report = await inspectWithCatalogue(dir);
      process.stdout.write(options.json ? `${JSON.stringify(report)}\n` : formatInspection(report));
    });
}

const int = (n: number) => n.toLocaleString("en-US");

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KB", "MB", "GB", "TB"];
  let v = bytes / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(1)} ${units[u]}`;
}

export function formatInspection(r: CatalogueInspection): string {
  const a = r.architecture;
  const dtypes = Object.entries(r.weights.dtypes)
    .map(([d, n]) => `${d} ${n}`)
    .join(", ");
  const lines = [
    `Model folder: ${r.dir}`,
    `Architecture: BERT encoder (model_type bert${a.architectures.length ? `; saved as ${a.architectures.join(", ")}` : ""})`,
    `  layers ${a.num_hidden_layers}, hidden ${a.hidden_size}, heads ${a.num_attention_heads} (head size ${a.head_size}), intermediate ${a.intermediate_size}, activation ${a.hidden_act}`,
    `  vocabulary ${int(a.vocab_size)}, max positions ${a.max_position_embeddings}, token types ${a.type_vocab_size}, layer norm eps ${a.layer_norm_eps}`,
    `Parameters: ${int(r.parameters.total)} (encoder ${int(r.parameters.encoder)}, heads ${int(r.parameters.heads)})`,
    `Weights: ${r.weights.file} (${r.weights.format}${r.weights.sharded ? ", sharded" : ""}; ${r.weights.tensors} tensors: ${dtypes})`,
    "Files:",
    ...r.files.map((f) => `  ${f.name.padEnd(36)} ${size(f.bytes).padStart(10)}  ${f.role}`),
  ];
  if (r.heads.length > 0) lines.push(`Heads: ${r.heads.join(", ")}`);
  const v = r.catalogue.vocabulary;
  lines.push(
    v
      ? `Catalogue (facts read ${r.catalogue.read}): ${v.verdict}`
      : "Catalogue: no vocabulary to identify the model by",
  );
  lines.push(r.warnings.length === 0 ? "Warnings: none" : "Warnings:", ...r.warnings.map((w) => `  - ${w}`));
  return `${lines.join("\n")}\n`;
}
