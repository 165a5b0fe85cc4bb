import type { Command } from "commander";

/**
 * `prognos fetch-model ID --out DIR [--revision R] [--endpoint URL]`: downloads the files of a BERT folder from the
 * Hugging Face hub's public file URLs, resumable and checked (docs/fetch-model.md).
 */
export function registerFetchModel(program: Command): void {
  program
    .command("fetch-model")
    .description("download a BERT model folder from the Hugging Face hub (resumable, checksums checked)")
    .argument("<id>", "model id on the hub, e.g. emilyalsentzer/Bio_ClinicalBERT (see `prognos models`)")
    .requiredOption("--out <dir>", "the model folder to create (filled in <dir>.part/ and renamed when complete)")
    .option("--revision <rev>", "branch, tag or commit", "main")
    .option("--endpoint <url>", "hub address (default: $HF_ENDPOINT, else https://huggingface.co)")
    .option("--overwrite", "replace the --out folder if it holds files")
    .option("--json", "print one JSON object instead of a summary")
    .action(
      async (
        id: string,
        options: { out: string; revision: string; endpoint?: string; overwrite?: boolean; json?: boolean },
      ) => {
        const { fetchModel } = await import("../../hub/fetchModel.ts");
        const r = await fetchModel({ id, ...options });
        if (options.json) {
          process.stdout.write(`${JSON.stringify(r)}\n`);
          return;
        }
        const mb = (b: number) => `${(b / 1e6).toFixed(1)} MB`;
        const total = r.files.reduce((s, f) => s + f.bytes, 0);
        const lines = [
          `fetched ${r.id}@${r.revision}${r.commit ? ` (commit ${r.commit.slice(0, 12)})` : ""} into ${r.out}: ${r.files.length} files, ${mb(total)}${r.resumedBytes > 0 ? ` (${mb(r.resumedBytes)} resumed)` : ""}`,
          ...r.files.map((f) => `  ${f.name.padEnd(32)} ${mb(f.bytes).padStart(10)}  checked: ${f.verified}`),
          `next: prognos inspect ${r.out}`,
        ];
        process.stdout.write(`${lines.join("\n")}\n`);
      },
    );
}
