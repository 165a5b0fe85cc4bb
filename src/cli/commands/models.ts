import type { Command } from "commander";
import { PrognosError } from "../../util/errors.ts";

/** `prognos models [key] [--json]`: the catalogue of clinical and biomedical BERTs (data/catalogue/models.json). */
export function registerModels(program: Command): void {
  program
    .command("models")
    .description(
      "list the clinical BERT models Prognos knows: hub id, vocabulary, licence, what works (docs/catalogue.md)",
    )
    .argument("[key]", "show one model in full (its key, or its hub id)")
    .option("--json", "print one JSON object instead of a table")
    .action(async (key: string | undefined, options: { json?: boolean }) => {
      const { loadModelCatalogue } = await import("../../catalogue/loadCatalogue.ts");
      const { formatModel, formatModelTable } = await import("../../catalogue/formatCatalogue.ts");
      const c = loadModelCatalogue();
      if (key === undefined) {
        process.stdout.write(options.json ? `${JSON.stringify(c)}\n` : formatModelTable(c));
        return;
      }
      const m = c.models.find((x) => x.key === key || x.hubId === key || x.aliases?.includes(key));
      if (!m)
        throw new PrognosError(`models: unknown model '${key}'; known keys: ${c.models.map((x) => x.key).join(", ")}`);
      process.stdout.write(options.json ? `${JSON.stringify({ read: c.read, model: m })}\n` : formatModel(m, c.read));
    });
}
