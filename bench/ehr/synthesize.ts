/**
 * Synthetic-EHR generator benchmark (the generator half of bench/ehr): writes N patients with `synthesizeEhr` and
 * reports wall and CPU time, rows/s, MB/s and peak RSS; with --verify it then opens the output with the project's
 * reader and counts the DHF cohort by SQL (dhfFromTimeline.ts) next to the generator's own tally.
 *
 *   npm run bench:ehr-synth                                   # 100k patients, OMOP (SNOMED), seed 3
 *   npm run bench:ehr-synth -- --patients 20000 --format mimic3 --verify
 *
 * Output goes to .bench-out/ehr-<format>-<patients> (git-ignored) and is replaced on each run. Prints a table and
 * one JSON line (for docs/synthetic-ehr.md and docs/benchmarks.md).
 */
import { rmSync, statSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { mimic3Reader } from "../../src/sources/mimic3/Mimic3Reader.ts";
import { omopReader } from "../../src/sources/omop/OmopReader.ts";
import type { DiagnosisSystem } from "../../src/synth/ehr/codeTypes.ts";
import type { EhrFormat } from "../../src/synth/ehr/EhrFormat.ts";
import { synthesizeEhr } from "../../src/synth/ehr/synthesizeEhr.ts";
import { dhfFromTimeline } from "./dhfFromTimeline.ts";

const { values } = parseArgs({
  options: {
    patients: { type: "string", default: "100000" },
    seed: { type: "string", default: "3" },
    format: { type: "string", default: "omop" },
    "condition-codes": { type: "string" },
    verify: { type: "boolean", default: false },
    keep: { type: "boolean", default: false },
  },
});
const patients = Number(values.patients);
const format = values.format as EhrFormat;
const outDir = join(".bench-out", `ehr-${format}-${patients}`);
rmSync(outDir, { recursive: true, force: true });

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 200);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const summary = await synthesizeEhr({
  patients,
  seed: Number(values.seed),
  format,
  conditionCodes: values["condition-codes"] as DiagnosisSystem | undefined,
  outDir,
  onProgress: (done, total) => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    if (done % 10_000 === 0 || done === total) {
      const s = (performance.now() - t0) / 1000;
      process.stderr.write(
        `  ${done}/${total} patients, ${s.toFixed(0)} s, RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB\n`,
      );
    }
  },
});
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
clearInterval(sampler);
const rows = Object.values(summary.rows).reduce((a, b) => a + b, 0);
const bytes = summary.files.reduce((n, f) => n + statSync(f).size, 0);
const maxRss = Math.max(peakRss, process.resourceUsage().maxRSS * 1024);

const result: Record<string, unknown> = {
  bench: "ehr-synth",
  machine: `${cpus()[0]?.model} × ${cpus().length}`,
  node: process.version,
  patients,
  format,
  conditionCodes: summary.conditionCodes,
  seconds: Number(seconds.toFixed(1)),
  cpuSeconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(1)),
  rows,
  rowsPerSecond: Math.round(rows / seconds),
  megabytes: Number((bytes / 1e6).toFixed(1)),
  peakRssMiB: Math.round(maxRss / 2 ** 20),
  rowsPerFile: summary.rows,
  dhfTally: summary.dhf,
};

if (values.verify) {
  const v0 = performance.now();
  const tl = await (format === "omop" ? omopReader : mimic3Reader).open(outDir);
  try {
    result.dhfFromFiles = await dhfFromTimeline(tl);
    result.readerSeconds = Number(((performance.now() - v0) / 1000).toFixed(1));
    result.readerSkips = tl.skips.map((s) => `${s.file}: ${s.reason} (${s.count})`);
  } finally {
    tl.close();
  }
}
if (!values.keep) rmSync(outDir, { recursive: true, force: true });

const d = summary.dhf;
console.log(`machine: ${result.machine}, Node ${process.version}`);
console.log("patients | format | seconds (CPU) | rows | rows/s | MB written | peak RSS");
console.log("---:|---|---:|---:|---:|---:|---:");
console.log(
  `${patients} | ${format}${format === "omop" ? ` (${summary.conditionCodes})` : ""} | ${result.seconds} (${result.cpuSeconds}) | ` +
    `${rows} | ${result.rowsPerSecond} | ${result.megabytes} | ${result.peakRssMiB} MiB`,
);
console.log(
  `DHF (generator tally): ${d.diabetics} diabetics, ${d.cases} cases, ${d.controls} controls, ${d.nearCases} near-cases, ` +
    `${d.excludedTypes} other diabetes types`,
);
if (result.dhfFromFiles)
  console.log(`DHF (SQL over the ${format} reader's views, ${result.readerSeconds} s):`, result.dhfFromFiles);
console.log(JSON.stringify(result));
