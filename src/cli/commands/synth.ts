import { resolve } from "node:path";
import type { Command } from "commander";
import { ProgressBar } from "../../util/ProgressBar.ts";
import { RANGES } from "../../util/ranges.ts";
import { integerOption, rangeHelp } from "../options/index.ts";
import { registerSynthEhr } from "./synthEhr.ts";
import { registerSynthI2b2 } from "./synthI2b2.ts";

interface Mimic3Options {
  admissions: string;
  patients?: string;
  otherNotes?: string;
  seed: string;
  out: string;
  overwrite?: boolean;
  progress: boolean;
  json?: boolean;
}

/**
 * `prognos synth <generator>`: seeded synthetic data sets. `synth mimic3 --admissions N --seed S --out DIR` writes a
 * MIMIC-III-shaped hospital (CSV files as MIMIC-III v1.4 ships them). Progress on stderr, a summary on stdout; no
 * note text is printed.
 */
export function registerSynth(program: Command): void {
  const synth = program.command("synth").description("seeded synthetic data sets (mimic3, ehr, i2b2)");
  synth
    .command("mimic3")
    .description(
      "write a seeded, MIMIC-III-shaped synthetic hospital (PATIENTS, ADMISSIONS, DIAGNOSES_ICD, …, NOTEEVENTS)",
    )
    .requiredOption(
      "--admissions <n>",
      rangeHelp("number of admissions (rows of ADMISSIONS.csv), newborns included", RANGES.admissions),
    )
    .option(
      "--patients <n>",
      rangeHelp(
        "number of patients, at most the admissions (default: MIMIC-III's ratio, about 0.79 per admission)",
        RANGES.patients,
      ),
    )
    .option(
      "--other-notes <n>",
      rangeHelp(
        "notes other than discharge summaries (default: MIMIC-III's ratio, about 34 per admission)",
        RANGES.otherNotes,
      ),
    )
    .requiredOption("--seed <n>", rangeHelp("seed: the same arguments give byte-identical files", RANGES.seed))
    .requiredOption("--out <dir>", "output folder (created if missing)")
    .option("--overwrite", "replace MIMIC-III files already in the output folder")
    .option("--no-progress", "no progress bar on stderr")
    .option("--json", "print the summary as one JSON object")
    .action(async (o: Mimic3Options) => {
      const admissions = integerOption(o.admissions, "--admissions", RANGES.admissions);
      const patients = integerOption(o.patients, "--patients", { ...RANGES.patients, max: admissions });
      const otherNotes = integerOption(o.otherNotes, "--other-notes", RANGES.otherNotes);
      const seed = integerOption(o.seed, "--seed", RANGES.seed);
      const { synthesizeMimic3 } = await import("../../synth/mimic3/synthesizeMimic3.ts");
      const bar = o.progress ? new ProgressBar({ label: "synth mimic3", unit: "patients" }) : null;
      let barPhase = "";
      const started = Date.now();
      try {
        const s = await synthesizeMimic3({
          admissions,
          patients,
          otherNotes,
          seed,
          outDir: o.out,
          overwrite: o.overwrite,
          onProgress: bar
            ? (done, total, phase) => {
                const label = phase === "plan" ? "sampling (pass 1/2)" : "writing  (pass 2/2)";
                if (barPhase !== label) {
                  if (barPhase !== "") bar.stop();
                  bar.start(total, label);
                  barPhase = label;
                }
                bar.update(done);
              }
            : undefined,
        });
        bar?.stop();
        if (o.json) {
          process.stdout.write(`${JSON.stringify({ out: resolve(o.out), seed, ...s })}\n`);
          return;
        }
        const n = s.notes;
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        process.stdout.write(
          `Synthetic MIMIC-III hospital written to ${o.out} in ${seconds} s (seed ${seed}):\n` +
            `  ${s.patients} patients (${s.newbornPatients} newborns), ${s.admissions} admissions, ${s.inHospitalDeaths} in-hospital deaths\n` +
            `  discharge summaries: ${n.reports} reports, ${n.addenda} addenda, ${n.duplicates} duplicates; ` +
            `${n.admissionsWithoutSummary} admissions without one\n` +
            `  other notes: ${n.otherNotes} (${n.otherWithoutHadm} without HADM_ID)\n` +
            Object.entries(s.rows)
              .map(([file, rows]) => `  ${file.padEnd(20)} ${rows} rows\n`)
              .join(""),
        );
      } finally {
        bar?.stop();
      }
    });
  registerSynthEhr(synth);
  registerSynthI2b2(synth);
}
