import { resolve } from "node:path";
import type { Command } from "commander";
import { DIAGNOSIS_SYSTEMS } from "../../synth/ehr/codeTypes.ts";
import { EHR_FORMATS } from "../../synth/ehr/EhrFormat.ts";
import type { SynthEhrSummary } from "../../synth/ehr/synthesizeEhr.ts";
import { ProgressBar } from "../../util/ProgressBar.ts";
import { RANGES } from "../../util/ranges.ts";
import { choiceOption, integerOption, rangeHelp } from "../options/index.ts";

interface EhrOptions {
  patients: string;
  seed: string;
  format: string;
  conditionCodes?: string;
  out: string;
  clean?: boolean;
  badInputEvery?: string;
  overwrite?: boolean;
  progress: boolean;
  json?: boolean;
}

/**
 * `prognos synth ehr --patients N --seed S --format omop|mimic3 --out DIR`: the seeded synthetic EHR (docs/
 * synthetic-ehr.md) as OMOP CDM 5.4 or MIMIC-III CSV. Added to the `synth` command group by synth.ts. Progress on
 * stderr; a summary on stdout (counts only).
 */
export function registerSynthEhr(synth: Command): void {
  synth
    .command("ehr")
    .description("write a seeded synthetic EHR (visits over years, comorbidity progression) as OMOP CDM or MIMIC-III")
    .requiredOption("--patients <n>", rangeHelp("number of patients", RANGES.patients))
    .requiredOption("--seed <n>", rangeHelp("seed: the same arguments give byte-identical files", RANGES.seed))
    .option("--format <format>", `output format: ${EHR_FORMATS.join(" | ")}`, "omop")
    .option("--condition-codes <system>", `OMOP diagnosis codes: ${DIAGNOSIS_SYSTEMS.join(" | ")} (default snomed)`)
    .requiredOption("--out <dir>", "output folder (created if missing)")
    .option("--clean", "no bad-input rows (by default 5 per 10,000 patients of each kind, listed in the manifest)")
    .option(
      "--bad-input-every <n>",
      rangeHelp("one bad row of each kind every n patients (default 2000)", RANGES.badInputEvery),
    )
    .option("--overwrite", "replace files already in the output folder")
    .option("--no-progress", "no progress bar on stderr")
    .option("--json", "print the summary as one JSON object")
    .action(async (o: EhrOptions) => {
      const patients = integerOption(o.patients, "--patients", RANGES.patients);
      const seed = integerOption(o.seed, "--seed", RANGES.seed);
      const format = choiceOption(o.format, "--format", EHR_FORMATS);
      const conditionCodes = choiceOption(o.conditionCodes, "--condition-codes", DIAGNOSIS_SYSTEMS);
      const badInputEvery = integerOption(o.badInputEvery, "--bad-input-every", RANGES.badInputEvery);
      const { synthesizeEhr } = await import("../../synth/ehr/synthesizeEhr.ts");
      const bar = o.progress ? new ProgressBar({ label: "synth ehr", unit: "patients" }) : null;
      let barStarted = false;
      const started = Date.now();
      try {
        const s = await synthesizeEhr({
          patients,
          seed,
          format,
          conditionCodes,
          outDir: o.out,
          clean: o.clean,
          badInputEvery,
          overwrite: o.overwrite,
          onProgress: bar
            ? (done, total) => {
                if (!barStarted) bar.start(total);
                barStarted = true;
                bar.update(done);
              }
            : undefined,
        });
        bar?.stop();
        if (o.json) process.stdout.write(`${JSON.stringify({ out: resolve(o.out), ...s })}\n`);
        else process.stdout.write(formatSummary(s, o.out, (Date.now() - started) / 1000));
      } finally {
        bar?.stop();
      }
    });
}

export function formatSummary(s: SynthEhrSummary, out: string, seconds: number): string {
  const e = s.encounters;
  const d = s.dhf;
  const rss = process.memoryUsage().rss / 2 ** 20;
  const lines = [
    `Synthetic EHR (${s.format === "omop" ? `OMOP CDM 5.4, diagnoses in ${s.conditionCodes}` : "MIMIC-III"}) written to ${out} in ${seconds.toFixed(1)} s (seed ${s.seed}, RSS ${rss.toFixed(0)} MiB):`,
    `  ${s.patientsWritten} patients written of ${s.patients}; ${e.outpatient} outpatient, ${e.emergency} emergency, ${e.inpatient} inpatient visits (${s.staysOver7Days} stays > 7 days)`,
    `  ${s.deaths} deaths (${s.inHospitalDeaths} in hospital), ${s.pancreaticCancer} patients with pancreatic cancer`,
    `  DHF cohort: ${d.diabetics} type-2 diabetics (≥ 2 encounters): ${d.cases} cases, ${d.controls} controls, ${d.nearCases} excluded near-cases; ${d.excludedTypes} excluded for another diabetes type`,
    `  bad-input rows: ${s.badRows.length === 0 ? "none (--clean)" : `${s.badRows.length} (listed in the manifest)`}`,
    ...Object.entries(s.rows).map(([file, rows]) => `  ${file.padEnd(26)} ${rows} rows`),
  ];
  return `${lines.join("\n")}\n`;
}
