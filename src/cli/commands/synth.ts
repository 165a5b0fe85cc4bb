import { resolve } from "node:path";
import type { Command } from "commander";
import { PrognosError } from "../../util/errors.ts";
import { ProgressBar } from "../../util/ProgressBar.ts";
import { registerSynthEhr } from "./synthEhr.ts";

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

/** Parses a non-negative integer option, naming the option and the value when it is not one. */
function integer(name: string, value: string, min: number): number {
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value)) || Number(value) < min) {
    throw new PrognosError(`${name}: expected an integer ≥ ${min}, got '${value}'`);
  }
  return Number(value);
}

/**
 * `prognos synth <generator>`: seeded synthetic data sets. `synth mimic3 --admissions N --seed S --out DIR` writes a
 * MIMIC-III-shaped hospital (CSV files as MIMIC-III v1.4 ships them). Progress on stderr, a summary on stdout; no
 * note text is printed.
 */
export function registerSynth(program: Command): void {
  const synth = program.command("synth").description("seeded synthetic data sets (mimic3)");
  synth
    .command("mimic3")
    .description(
      "write a seeded, MIMIC-III-shaped synthetic hospital (PATIENTS, ADMISSIONS, DIAGNOSES_ICD, …, NOTEEVENTS)",
    )
    .requiredOption("--admissions <n>", "number of admissions (rows of ADMISSIONS.csv), newborns included")
    .option("--patients <n>", "number of patients (default: MIMIC-III's ratio, about 0.79 per admission)")
    .option(
      "--other-notes <n>",
      "notes other than discharge summaries (default: MIMIC-III's ratio, about 34 per admission)",
    )
    .requiredOption("--seed <n>", "seed: the same arguments give byte-identical files")
    .requiredOption("--out <dir>", "output folder (created if missing)")
    .option("--overwrite", "replace MIMIC-III files already in the output folder")
    .option("--no-progress", "no progress bar on stderr")
    .option("--json", "print the summary as one JSON object")
    .action(async (o: Mimic3Options) => {
      const admissions = integer("--admissions", o.admissions, 1);
      const patients = o.patients === undefined ? undefined : integer("--patients", o.patients, 1);
      const otherNotes = o.otherNotes === undefined ? undefined : integer("--other-notes", o.otherNotes, 0);
      const seed = integer("--seed", o.seed, 0);
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
}
