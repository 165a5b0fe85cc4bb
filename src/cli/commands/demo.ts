import { join } from "node:path";
import type { Command } from "commander";
import { RANGES } from "../../util/ranges.ts";
import { integerOption, rangeHelp } from "../options/index.ts";

interface DemoCliOptions {
  out: string;
  encoder?: string;
  admissions?: string;
  seed: string;
  threads?: string;
  quick?: boolean;
  overwrite?: boolean;
  json?: boolean;
}

/**
 * `prognos demo`: the whole journey on a synthetic hospital — tasks, the shipped small encoder (pre-trained on a
 * synthetic hospital of other patients) fine-tuned and evaluated on CORe's four tasks beside the bag-of-words baseline. Progress on stderr; the table
 * and where the reports are on stdout (or summary.json with --json).
 */
export function registerDemo(program: Command): void {
  program
    .command("demo")
    .description(
      "synthetic hospital → CORe's four tasks → the shipped small BERT (data/models/prognos-core-small) fine-tuned and evaluated beside a bag-of-words baseline (4–5 min on 2 cores, up to 10 on slower ones)",
    )
    .option("--out <dir>", "output folder", "./demo")
    .option(
      "--encoder <dir>",
      "BERT folder to fine-tune instead of the shipped encoder (e.g. one made by prognos pretrain; its vocabulary and length are used)",
    )
    .option(
      "--admissions <n>",
      rangeHelp("admissions of the synthetic hospital (default 2000; --quick: 600)", RANGES.demoAdmissions),
    )
    .option("--seed <n>", rangeHelp("seed of everything (hospital, model, training, bootstrap)", RANGES.seed), "7")
    .option(
      "--threads <n>",
      rangeHelp(
        "ONNX Runtime threads (default 2, or 1 on a single core; 1 and 2 give byte-identical results, others are not checked)",
        RANGES.threads,
      ),
    )
    .option("--quick", "tiny sizes everywhere (about a minute; for tests)")
    .option("--overwrite", "replace a demo already in --out")
    .option("--json", "print summary.json to standard output")
    .action(async (o: DemoCliOptions) => {
      const admissions = integerOption(o.admissions, "--admissions", RANGES.demoAdmissions);
      const seed = integerOption(o.seed, "--seed", RANGES.seed);
      const threads = integerOption(o.threads, "--threads", RANGES.threads);
      const { stderrReporter } = await import("../../demo/DemoReporter.ts");
      const { summaryText } = await import("../../demo/demoSummary.ts");
      const { runDemo } = await import("../../demo/runDemo.ts");
      const summary = await runDemo(
        {
          out: o.out,
          encoder: o.encoder,
          admissions,
          seed,
          threads,
          quick: o.quick,
          overwrite: o.overwrite,
        },
        stderrReporter(),
      );
      if (o.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
      else
        process.stdout.write(
          summaryText(summary, {
            json: join(summary.config.out, "summary.json"),
            md: join(summary.config.out, "summary.md"),
          }),
        );
    });
}
