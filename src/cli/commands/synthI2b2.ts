import { resolve } from "node:path";
import type { Command } from "commander";
import { RANGES } from "../../util/ranges.ts";
import { integerOption, rangeHelp } from "../options/index.ts";

const DOCUMENTS = { integer: true, min: 3, max: 1_000_000 } as const;

/** `prognos synth i2b2 --out DIR [--documents N] [--seed S]`: a synthetic i2b2 2010 concept corpus (docs/ner.md). */
export function registerSynthI2b2(synth: Command): void {
  synth
    .command("i2b2")
    .description(
      "write a seeded i2b2 2010-format concept corpus (txt/ + concepts/, train/val/test split by patient, terms.json)",
    )
    .requiredOption("--out <dir>", "output folder")
    .option("--documents <n>", rangeHelp("number of documents (default 300)", DOCUMENTS), "300")
    .option("--seed <n>", rangeHelp("seed: the same arguments give byte-identical files (default 1)", RANGES.seed), "1")
    .option("--overwrite", "replace a corpus already in --out")
    .option("--json", "print the summary as one JSON object")
    .action(async (o: { out: string; documents: string; seed: string; overwrite?: boolean; json?: boolean }) => {
      const documents = integerOption(o.documents, "--documents", DOCUMENTS)!;
      const seed = integerOption(o.seed, "--seed", RANGES.seed)!;
      const { checkOutput } = await import("../../util/checkOutput.ts");
      const holds = ["train", "val", "test", "terms.json", "manifest.json"];
      const earlier = checkOutput({
        path: o.out,
        kind: "folder",
        holds,
        what: "an i2b2 corpus",
        overwrite: o.overwrite === true,
      }).existing;
      const { join } = await import("node:path");
      const { synthesizeI2b2 } = await import("../../synth/i2b2/synthesizeI2b2.ts");
      const { writeOutputFolder } = await import("../../util/outputFolder.ts");
      // Written under a temporary sibling and moved into place at the end, the manifest last (docs/faults.md).
      const s = await writeOutputFolder(o.out, (tmp) => synthesizeI2b2({ documents, seed, outDir: tmp }), {
        replace: earlier,
        last: ["manifest.json"],
      });
      if (o.json) {
        process.stdout.write(`${JSON.stringify({ out: resolve(o.out), seed, ...s })}\n`);
        return;
      }
      const line = (k: "train" | "val" | "test") =>
        `  ${k.padEnd(5)} ${s.documents[k]} documents, ${s.patients[k]} patients, ${s.concepts[k]} concepts\n`;
      process.stdout.write(
        `Synthetic i2b2 corpus written to ${o.out} (seed ${seed}):\n${line("train")}${line("val")}${line("test")}` +
          `  dictionary baseline terms: ${join(o.out, "terms.json")}\n`,
      );
    });
}
