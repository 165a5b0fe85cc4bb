import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Command } from "commander";
import { checkOutput } from "../../util/checkOutput.ts";
import { PrognosError } from "../../util/errors.ts";
import { ProgressBar } from "../../util/ProgressBar.ts";
import { RANGES } from "../../util/ranges.ts";
import { writing } from "../../util/writeError.ts";
import { integerOption, rangeHelp } from "../options/index.ts";

interface QuantizeOptions {
  model: string;
  out: string;
  task?: string;
  force?: boolean;
  threads?: string;
  batchSize: string;
  overwrite?: boolean;
  json?: boolean;
  progress: boolean;
}

/**
 * `prognos quantize --model M --out M-int8 [--task T]`: a copy of a trained model folder whose encoder Linears are
 * int8 per output channel, run with activations quantized at run time (docs/quantization.md). The accuracy check is
 * part of it: the fp32 and the int8 model score the task's val split (or bundled notes); a macro AUROC moved by
 * more than 0.002 is refused (exit 1, nothing written) unless --force.
 */
export function registerQuantize(program: Command): void {
  program
    .command("quantize")
    .description("write an int8 copy of a trained model (dynamic quantization), checking its accuracy first")
    .requiredOption("--model <dir>", "trained model or run folder (fp32)")
    .requiredOption("--out <dir>", "the quantized model folder to write")
    .option("--task <dir>", "check on this task's val split: max probability change and macro AUROC change")
    .option("--force", "write the folder even when the macro AUROC moves by more than 0.002")
    .option("--batch-size <n>", rangeHelp("notes per ONNX Runtime call", RANGES.batchSize), "16")
    .option("--threads <n>", rangeHelp("ONNX Runtime threads (default: all cores)", RANGES.threads))
    .option("--overwrite", "replace the --out folder if it holds a model")
    .option("--json", "print a JSON summary instead of sentences")
    .option("--no-progress", "no progress on stderr")
    .action(async (o: QuantizeOptions) => {
      const threads = integerOption(o.threads, "--threads", RANGES.threads);
      const batchSize = integerOption(o.batchSize, "--batch-size", RANGES.batchSize);
      const out = checkOutput({ path: o.out, kind: "folder", overwrite: o.overwrite, what: "a model" }).path;
      const { modelFolderOf } = await import("../../serving/NotePredictor.ts");
      const source = modelFolderOf(o.model);
      if (resolve(source) === out) throw new PrognosError(`--out ${o.out}: is the --model folder itself`);
      const { loadCheckpoint } = await import("../../checkpoint/Checkpoint.ts");
      const { quantizationOf } = await import("../../quantization/quantizationInfo.ts");
      const { writeQuantizedFolder } = await import("../../quantization/writeQuantizedFolder.ts");
      const { checkQuantizedAccuracy, MAX_AUROC_CHANGE } = await import("../../quantization/checkQuantizedAccuracy.ts");
      const { Engine } = await import("../../engine/Engine.ts");
      const checkpoint = await loadCheckpoint(source);
      if (quantizationOf(checkpoint.config)) throw new PrognosError(`--model ${o.model}: is already quantized`);
      if (checkpoint.headWeights.size === 0 || !checkpoint.headWeights.has("classifier.weight")) {
        throw new PrognosError(
          `--model ${o.model}: no classifier head (classifier.weight); quantize checks accuracy on a trained model's predictions`,
        );
      }
      const tmp = `${out}.quantize-tmp`;
      const info = {
        method: "dynamic-int8" as const,
        weights: "int8 per output channel, symmetric: scale = max|w| / 63",
        source: resolve(source),
        check: { on: "", notes: 0, maxProbabilityChange: 0 },
      };
      writing(tmp, () => {
        rmSync(tmp, { recursive: true, force: true });
        mkdirSync(tmp, { recursive: true });
      });
      try {
        await writeQuantizedFolder(tmp, checkpoint, info);
        const engine = Engine.create({ threads, graphCache: null });
        const bar = o.progress ? new ProgressBar({ label: "quantize check", unit: "notes" }) : null;
        let check: Awaited<ReturnType<typeof checkQuantizedAccuracy>>;
        try {
          check = await checkQuantizedAccuracy(source, tmp, engine, {
            task: o.task,
            batchSize,
            onProgress: (done, total) => {
              bar?.setTotal(total);
              bar?.update(done);
            },
          });
        } finally {
          bar?.stop();
          await engine.release();
        }
        const moved = check.aurocChange !== undefined && Math.abs(check.aurocChange) > MAX_AUROC_CHANGE;
        if (moved && !o.force) {
          const collapsed = check.fp32Collapsed
            ? ` (the fp32 model is collapsed: its predictions' spread ${check.fp32Collapsed.spread.toPrecision(2)} is below ${check.fp32Collapsed.threshold}, so its AUROC ranks float noise that int8's max probability change of ${check.maxProbabilityChange.toPrecision(2)} reorders; docs/learning-checks.md)`
            : "";
          throw new PrognosError(
            `int8 moves the macro AUROC on ${check.on} by ${check.aurocChange!.toFixed(4)} (${check.aurocFp32!.toFixed(4)} → ${check.aurocInt8!.toFixed(4)}), more than ${MAX_AUROC_CHANGE}${collapsed}; nothing written (pass --force to write it anyway)`,
          );
        }
        if (moved) check.forced = true;
        const configFile = join(tmp, "config.json");
        const config = JSON.parse(readFileSync(configFile, "utf8")) as Record<string, { check: unknown }>;
        config.prognos_quantization!.check = check;
        writing(out, () => {
          writeFileSync(configFile, `${JSON.stringify(config, null, 2)}\n`);
          if (existsSync(out)) rmSync(out, { recursive: true, force: true });
          renameSync(tmp, out);
        });
        const summary = { out, source: resolve(source), ...check };
        if (o.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
        else {
          const auroc =
            check.aurocChange === undefined
              ? ""
              : `; macro AUROC ${check.aurocFp32!.toFixed(4)} → ${check.aurocInt8!.toFixed(4)} (${check.aurocChange >= 0 ? "+" : ""}${check.aurocChange.toFixed(4)})${check.forced ? ", written with --force" : ""}`;
          process.stdout.write(
            `wrote ${o.out} (int8 encoder Linears); on ${check.on}: max probability change ${check.maxProbabilityChange.toFixed(4)}${auroc}\n`,
          );
        }
      } finally {
        rmSync(tmp, { recursive: true, force: true });
      }
    });
}
