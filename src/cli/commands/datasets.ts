import type { Command } from "commander";
import { PrognosError } from "../../util/errors.ts";

/** `prognos datasets [key] [--json]`: the clinical data sets, their access terms and Prognos readers. */
export function registerDatasets(program: Command): void {
  program
    .command("datasets")
    .description(
      "list clinical data sets: access terms, format, which Prognos reader and task they feed (docs/catalogue.md)",
    )
    .argument("[key]", "show one data set in full")
    .option("--json", "print one JSON object instead of a table")
    .action(async (key: string | undefined, options: { json?: boolean }) => {
      const { loadDatasetCatalogue } = await import("../../catalogue/loadCatalogue.ts");
      const { formatDataset, formatDatasetTable } = await import("../../catalogue/formatCatalogue.ts");
      const c = loadDatasetCatalogue();
      if (key === undefined) {
        process.stdout.write(options.json ? `${JSON.stringify(c)}\n` : formatDatasetTable(c));
        return;
      }
      const d = c.datasets.find((x) => x.key === key);
      if (!d)
        throw new PrognosError(
          `datasets: unknown data set '${key}'; known keys: ${c.datasets.map((x) => x.key).join(", ")}`,
        );
      process.stdout.write(
        options.json ? `${JSON.stringify({ read: c.read, dataset: d })}\n` : formatDataset(d, c.read),
      );
    });
}
