import { join, resolve } from "node:path";
import type { Command } from "commander";
import { SOURCE_IDS } from "../../sources/Timeline.ts";
import { COHORTS } from "../../tasks/ehr/cohorts/cohortRegistry.ts";
import { parseConfirm } from "../../tasks/ehr/cohorts/confirmationSql.ts";
import { DEFAULT_MEMORY_LIMIT } from "../../util/memoryLimit.ts";
import { RANGES } from "../../util/ranges.ts";
import { integerOption, rangeHelp } from "../options/index.ts";
import { registerEhrCurves } from "./ehrCurves.ts";
import { registerEhrEvaluate } from "./ehrEvaluate.ts";
import { registerEhrPretrain } from "./ehrPretrain.ts";
import { registerEhrTrain } from "./ehrTrain.ts";

interface BuildOptions {
  source: string;
  dir: string;
  cohort: string;
  out: string;
  maxCodes: string;
  events: string;
  minCount: string;
  seed: string;
  memoryLimit: string;
  dhfConfirm: string;
  exclude?: string[];
  overwrite?: boolean;
  json?: boolean;
}

/**
 * `prognos ehr build|stats|cohorts`: Med-BERT code sequences of a cohort (docs/medbert-method.md, docs/ehr-cohorts.md).
 * Results go to stdout; nothing from notes is read or printed.
 */
export function registerEhr(program: Command): void {
  const ehr = program
    .command("ehr")
    .description(
      "structured EHR: Med-BERT code sequences, cohorts and models (build, stats, cohorts, export, pretrain, train, evaluate, curves)",
    );
  ehr
    .command("build")
    .description("build a cohort's code sequences (Parquet + JSON lines, vocabulary, manifest) from a data source")
    .requiredOption("--source <id>", `data source: ${SOURCE_IDS.join(", ")}`)
    .requiredOption("--dir <dir>", "the source's folder")
    .requiredOption("--cohort <name>", `cohort: ${COHORTS.map((c) => c.name).join(", ")}`)
    .requiredOption("--out <dir>", "output folder")
    .option("--max-codes <n>", rangeHelp("keep the most recent N codes", RANGES.maxCodes), "64")
    .option("--events <list>", "event kinds: dx, px, rx (comma-separated)", "dx")
    .option("--min-count <n>", rangeHelp("vocabulary: minimum count on the train split", RANGES.minCount), "1")
    .option("--seed <n>", rangeHelp("seed of the patient split", RANGES.seed), "0")
    .option("--memory-limit <size>", "DuckDB's memory limit", DEFAULT_MEMORY_LIMIT)
    .option(
      "--dhf-confirm <mode>",
      "dhf only: a type-2 diabetic must also have an antidiabetic drug (drugs), an HbA1c ≥ 6.5% (labs) or either " +
        "(any) before the index, else 'unconfirmed diabetes'; none: diagnoses only",
      "none",
    )
    .option(
      "--exclude <dirs...>",
      "pretrain only: cohort folders whose val and test patients are held out too (the test split of --seed always is)",
    )
    .option("--overwrite", "replace an earlier cohort in --out")
    .option("--json", "print the result (the folder's files and `ehr stats`) as one JSON object")
    .action(async (o: BuildOptions) => {
      const maxCodes = integerOption(o.maxCodes, "--max-codes", RANGES.maxCodes);
      const minCount = integerOption(o.minCount, "--min-count", RANGES.minCount);
      const seed = integerOption(o.seed, "--seed", RANGES.seed);
      const { buildEhrDataset, parseEvents } = await import("../../tasks/ehr/buildEhrDataset.ts");
      const { ehrStats, formatEhrStats } = await import("../../tasks/ehr/ehrStats.ts");
      const manifest = await buildEhrDataset({
        source: o.source,
        dir: o.dir,
        cohort: o.cohort,
        out: o.out,
        maxCodes,
        events: parseEvents(o.events),
        minCount,
        seed,
        memoryLimit: o.memoryLimit,
        confirm: parseConfirm(o.dhfConfirm),
        exclude: o.exclude,
        overwrite: o.overwrite,
        onPhase: (message) => process.stderr.write(`prognos: ${message}\n`),
      });
      const stats = await ehrStats(o.out);
      if (o.json) {
        const out = resolve(o.out);
        console.log(JSON.stringify({ out, files: manifest.files.map((f) => join(out, f)), ...stats }));
      } else console.log(formatEhrStats(stats));
    });
  ehr
    .command("stats <dir>")
    .description("patients, cases/controls, codes per patient, visits, vocabulary; why a cohort is empty")
    .option("--json", "print JSON")
    .action(async (dir: string, o: { json?: boolean }) => {
      const { ehrStats, formatEhrStats } = await import("../../tasks/ehr/ehrStats.ts");
      const stats = await ehrStats(dir);
      console.log(o.json ? JSON.stringify(stats, null, 2) : formatEhrStats(stats));
    });
  ehr
    .command("export")
    .description("write a source's patient timeline in another format: MEDS (Parquet data + metadata, docs/meds.md)")
    .requiredOption("--source <id>", `data source: ${SOURCE_IDS.join(", ")}`)
    .requiredOption("--dir <dir>", "the source's folder")
    .requiredOption("--out <dir>", "output folder (data/, metadata/)")
    .option("--format <name>", "meds", "meds")
    .option("--seed <n>", rangeHelp("seed of metadata/subject_splits.parquet (Prognos' split)", RANGES.seed), "0")
    .option("--memory-limit <size>", "DuckDB's memory limit", DEFAULT_MEMORY_LIMIT)
    .option("--overwrite", "replace an earlier export in --out")
    .option("--json", "print the result as one JSON object")
    .action(
      async (o: {
        source: string;
        dir: string;
        out: string;
        format: string;
        seed: string;
        memoryLimit: string;
        overwrite?: boolean;
        json?: boolean;
      }) => {
        const { choiceOption } = await import("../options/index.ts");
        choiceOption(o.format, "--format", ["meds"] as const);
        const seed = integerOption(o.seed, "--seed", RANGES.seed);
        const { exportMeds } = await import("../../tasks/ehr/exportMeds.ts");
        const r = await exportMeds({
          source: o.source,
          dir: o.dir,
          out: o.out,
          seed,
          memoryLimit: o.memoryLimit,
          overwrite: o.overwrite,
          onPhase: (message) => process.stderr.write(`prognos: ${message}\n`),
        });
        if (o.json) console.log(JSON.stringify(r));
        else console.log(`MEDS: ${r.subjects} subjects, ${r.rows} rows, ${r.codes} codes\n  ${r.files.join("\n  ")}`);
      },
    );
  registerEhrPretrain(ehr);
  registerEhrTrain(ehr);
  registerEhrEvaluate(ehr);
  registerEhrCurves(ehr);
  ehr
    .command("cohorts")
    .description("list the cohort definitions")
    .option("--json", "print the definitions as JSON")
    .action((o: { json?: boolean }) => {
      if (o.json) console.log(JSON.stringify(COHORTS, null, 2));
      else for (const c of COHORTS) console.log(`${c.name.padEnd(16)} ${c.description}`);
    });
}
