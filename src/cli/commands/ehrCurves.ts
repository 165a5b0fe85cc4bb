import type { Command } from "commander";
import { PrognosError } from "../../util/errors.ts";
import { choiceOption, integerOption, numberOption, rangeHelp } from "../options/index.ts";
import { EHR_TRAIN_FLAGS } from "./ehrTrain.ts";

/** `prognos ehr curves`: the training-size experiment (docs/medbert.md#curves). */
export function registerEhrCurves(ehr: Command): void {
  const cmd = ehr
    .command("curves")
    .description(
      "training-size curves: each head with and without a pre-trained Med-BERT, on bootstrap samples of the train split",
    )
    .requiredOption("--cohort <dir>", "cohort folder from `ehr build`")
    .requiredOption("--out <dir>", "output folder (results.jsonl, curves.*, report.html); an interrupted run continues")
    .option("--pretrained <dir>", "Med-BERT folder: the neural heads are also trained on it")
    .option("--freeze", "with --pretrained: keep the encoder fixed")
    .option("--heads <list>", "comma-separated: lr, rf, ffn, gru, bigru, retain", "lr,gru")
    .option(
      "--sizes <list>",
      "comma-separated training-set sizes, `full` for the whole split",
      "100,200,500,1000,2000,5000,full",
    )
    .option(
      "--repeats <n>",
      rangeHelp("bootstrap samples per size up to 2,000 patients (fewer above)", { integer: true, min: 1, max: 1000 }),
      "10",
    )
    .option("--overwrite", "start again: remove the results in --out")
    .option("--json", "print the summary as JSON");
  for (const [flag, , range, help] of EHR_TRAIN_FLAGS) cmd.option(`--${flag} <n>`, rangeHelp(help, range));
  cmd.action(async (o: Record<string, unknown>) => {
    const { EHR_HEADS, ehrTrainConfig } = await import("../../training/ehr/EhrTrainConfig.ts");
    const heads = String(o.heads)
      .split(",")
      .map((h) => choiceOption(h.trim(), "--heads", EHR_HEADS));
    const sizes = String(o.sizes)
      .split(",")
      .map((s) =>
        s.trim() === "full"
          ? ("full" as const)
          : integerOption(s.trim(), "--sizes", { integer: true, min: 10, max: 10_000_000 }),
      );
    const fields: Record<string, unknown> = {};
    for (const [flag, field, range] of EHR_TRAIN_FLAGS) {
      const v = o[field] as string | undefined;
      if (v !== undefined)
        fields[field] = range.integer ? integerOption(v, `--${flag}`, range) : numberOption(v, `--${flag}`, range);
    }
    const base = ehrTrainConfig({
      ...fields,
      cohort: String(o.cohort),
      head: "gru", // any neural head: checks --pretrained/--freeze; each point sets its own
      out: String(o.out),
      pretrained: o.pretrained as string | undefined,
      freeze: o.freeze === true,
    });
    if (heads.length === 0) throw new PrognosError("--heads: give at least one head");
    const { head: _h, ...rest } = base;
    const config = {
      ...rest,
      heads,
      sizes,
      repeats: integerOption(String(o.repeats), "--repeats", { integer: true, min: 1, max: 1000 }),
    };
    const { existsSync, rmSync } = await import("node:fs");
    const { join } = await import("node:path");
    if (o.overwrite)
      for (const f of ["results.jsonl", "config.json", "work"])
        rmSync(join(config.out, f), { recursive: true, force: true });
    const { loadEhrSplits } = await import("../../training/ehr/ehrTrainData.ts");
    const own = await loadEhrSplits(config.cohort, { needCases: true });
    const pretrained = config.pretrained
      ? await loadEhrSplits(config.cohort, {
          pretrained: config.pretrained,
          maxUnknownRate: config.maxUnknownRate,
          needCases: true,
        })
      : null;
    const { runTrainingCurves, summarizeCurves, writeCurvesConfig } = await import(
      "../../training/ehr/trainingCurves.ts"
    );
    const { mkdirSync } = await import("node:fs");
    mkdirSync(config.out, { recursive: true });
    writeCurvesConfig(config);
    if (existsSync(join(config.out, "results.jsonl")))
      process.stderr.write("prognos: continuing the results in --out\n");
    const { Engine } = await import("../../engine/Engine.ts");
    const { ProgressBar } = await import("../../util/ProgressBar.ts");
    const bar = new ProgressBar({ label: "curves", unit: "models" });
    try {
      const points = await runTrainingCurves(
        config,
        { own, pretrained },
        () => Engine.create({ threads: config.threads }),
        (p, done, total) => {
          bar.setTotal(total);
          bar.update(
            done,
            `${p.head}${p.pretrained ? "+Med-BERT" : ""} n=${p.size} test AUROC ${p.test_auroc?.toFixed(3) ?? "–"}`,
          );
        },
      );
      bar.stop();
      const summary = summarizeCurves(points);
      const { writeCurvesReport, curvesTable } = await import("../../evaluation/writeCurvesReport.ts");
      const files = await writeCurvesReport(config.out, points, summary, {
        title: `Prognos — training-size curves, ${own.cohort.manifest.cohort.name}`,
        config,
      });
      if (o.json) process.stdout.write(`${JSON.stringify({ summary, files })}\n`);
      else process.stdout.write(`${curvesTable(summary)}\n\n  ${files.join("\n  ")}\n`);
    } finally {
      bar.stop();
    }
  });
}
