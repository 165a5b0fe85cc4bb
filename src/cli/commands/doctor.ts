import type { Command } from "commander";
import { RANGES } from "../../util/ranges.ts";
import { choiceOption, integerOption, rangeHelp } from "../options/index.ts";

const SPLITS = ["val", "test", "train"] as const;

/**
 * `prognos doctor <run> [--split val] [--json]`: checks that a trained run learned (docs/learning-checks.md) — the
 * training loss fell, the learning rate reached its peak, the dev metric was defined and above chance, and the
 * best checkpoint's predictions move with the input. Exit 0 when every check passes, 2 when one is flagged.
 */
export function registerDoctor(program: Command): void {
  program
    .command("doctor")
    .description("check that a trained run learned: loss, learning rate, dev metric, spread of its predictions")
    .argument("<run>", "run folder written by `prognos train`")
    .option("--split <name>", `the split whose predictions are checked: ${SPLITS.join(" | ")}`, "val")
    .option("--threads <n>", rangeHelp("ONNX Runtime threads (default: all cores)", RANGES.threads))
    .option("--json", "print the findings as one JSON object")
    .action(async (run: string, o: { split: string; threads?: string; json?: boolean }) => {
      const split = choiceOption(o.split, "--split", SPLITS);
      const threads = integerOption(o.threads, "--threads", RANGES.threads);
      const { diagnoseRun } = await import("../../evaluation/diagnoseRun.ts");
      const d = await diagnoseRun(run, { split, threads });
      for (const w of d.warnings) process.stderr.write(`prognos: warning: ${w}\n`);
      if (o.json) process.stdout.write(`${JSON.stringify(d)}\n`);
      else {
        const lines = d.findings.map((f) => `  ${f.status === "ok" ? "ok  " : "FLAG"}  ${f.check}: ${f.message}`);
        const verdict = d.healthy ? "healthy: every check passed" : "flagged: see the FLAG lines";
        process.stdout.write(`${run}: ${verdict}\n${lines.join("\n")}\n`);
      }
      if (!d.healthy) process.exitCode = 2;
    });
}
