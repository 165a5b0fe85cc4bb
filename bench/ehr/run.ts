/**
 * bench/ehr (npm run bench:ehr): time and peak memory of the structured-EHR path at scale — the synthetic EHR
 * (`prognos synth ehr`, generated once and reused), the patient timeline alone (bench/ehr/timeline.ts), and
 * `prognos ehr build` for every cohort, split into timeline building (up to its "cohort" phase line) and cohort
 * extraction (cohort rules, sequences, vocabulary, outputs) — side by side with a pandas peer for DHF on OMOP
 * (bench/ehr/dhf_pandas.py, Debian's python3-pandas), whose statuses and sequences must equal Prognos'.
 * Every step is a child process; wall time and peak RSS come from /usr/bin/time (measureChild.ts).
 *
 *   npm run bench:ehr                                         # 100k patients, OMOP (SNOMED), seed 3
 *   npm run bench:ehr -- --patients 20000 --cohorts dhf,paca --no-pandas
 *   npm run bench:ehr -- --format mimic3 --keep-data          # keep the synthetic EHR for the next run
 *
 * Data go to --data (default /tmp/prognos-bench-ehr), deleted at the end unless --keep-data. Prints `uptime`
 * before and after, the 1-minute load average sampled during the run, a table, and one JSON line (for
 * docs/benchmarks.md, "EHR").
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { COHORTS } from "../../src/tasks/ehr/cohorts/cohortRegistry.ts";
import { loadSampler, type Measured, measure, uptime } from "./measureChild.ts";

const { values } = parseArgs({
  options: {
    patients: { type: "string", default: "100000" },
    seed: { type: "string", default: "3" },
    format: { type: "string", default: "omop" },
    cohorts: { type: "string", default: COHORTS.map((c) => c.name).join(",") },
    data: { type: "string", default: "/tmp/prognos-bench-ehr" },
    "memory-limit": { type: "string", default: "1GB" },
    "keep-data": { type: "boolean", default: false },
    pandas: { type: "boolean", default: true },
  },
  allowNegative: true,
});
const PYTHON = "/usr/bin/python3";
const patients = Number(values.patients);
const format = values.format;
if (!Number.isInteger(patients) || patients < 1) throw new Error(`--patients: expected a positive integer`);
if (format !== "omop" && format !== "mimic3") throw new Error(`--format: omop or mimic3, got ${format}`);
const cohorts = values.cohorts.split(",").map((c) => c.trim());
const root = values.data;
const input = join(root, `${format}-${patients}-seed${values.seed}`);
const memory = ["--memory-limit", values["memory-limit"]];
const fmt = (x: number, d = 1) => x.toFixed(d);
const rate = (rows: number, s: number) => Math.round(rows / s);
const note = (m: string) => process.stderr.write(`bench:ehr: ${m}\n`);
const echo = (line: string, at: number) => process.stderr.write(`  [${fmt(at)} s] ${line}\n`);
const json = (path: string) => JSON.parse(readFileSync(path, "utf8"));

mkdirSync(root, { recursive: true });
console.log(
  `machine: ${cpus().length} × ${cpus()[0]?.model}, ${fmt(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
);
console.log(`before: ${uptime()}`);
const load = loadSampler();

// 1. the synthetic EHR (reused when a previous --keep-data run left it complete)
let synth: Measured | null = null;
if (!existsSync(join(input, ".complete"))) {
  rmSync(input, { recursive: true, force: true });
  note(`synth ehr --patients ${patients} --format ${format} → ${input}`);
  synth = await measure(process.execPath, [
    ...["bin/prognos.js", "synth", "ehr", "--patients", String(patients), "--seed", values.seed],
    ...["--format", format, "--out", input, "--no-progress"],
  ]);
  writeFileSync(join(input, ".complete"), "");
}
const written: Record<string, number> = json(join(input, "synth-ehr-manifest.json")).rows;
// every table the reader reads (OBSERVATION_PERIOD is written for completeness; no reader uses it)
const sourceRows = Object.entries(written)
  .filter(([file]) => file !== "OBSERVATION_PERIOD.csv")
  .reduce((n, [, rows]) => n + rows, 0);
// the pandas peer reads only what DHF needs: CONCEPT, PERSON, VISIT_OCCURRENCE, CONDITION_OCCURRENCE
const pandasRows = ["CONCEPT.csv", "PERSON.csv", "VISIT_OCCURRENCE.csv", "CONDITION_OCCURRENCE.csv"].reduce(
  (n, file) => n + (written[file] ?? 0),
  0,
);

// 2. the timeline alone
note("timeline only (bench/ehr/timeline.ts)");
const tlRun = await measure(process.execPath, [
  ...["--import", "tsx", "bench/ehr/timeline.ts", "--source", format, "--dir", input, ...memory],
]);
const tl = JSON.parse(tlRun.stdout.trim().split("\n").pop()!);

// 3. ehr build per cohort: timeline up to the "cohort" phase line, cohort extraction after it
interface CohortRow {
  cohort: string;
  seconds: number;
  timelineSeconds: number;
  cohortSeconds: number;
  peakMiB: number;
  cases: number;
  controls: number;
  statuses: Record<string, number>;
  /** The CLI's error line when `ehr build` failed (e.g. out of memory): the run goes on. */
  failed?: string;
}
const builds: CohortRow[] = [];
for (const cohort of cohorts) {
  const out = join(root, `out-${format}-${patients}-${cohort}`);
  rmSync(out, { recursive: true, force: true });
  note(`ehr build --cohort ${cohort}`);
  const m = await measure(
    process.execPath,
    [
      ...["bin/prognos.js", "ehr", "build", "--source", format, "--dir", input, "--cohort", cohort],
      ...["--out", out, ...memory],
    ],
    echo,
    true,
  );
  const cohortAt = m.lines.find((l) => l.line.startsWith("prognos: cohort "))?.at;
  if (m.code !== 0) {
    const failed = m.lines.find((l) => l.line.startsWith("prognos: error") || l.line.includes("Error"))?.line;
    builds.push({
      cohort,
      seconds: m.seconds,
      timelineSeconds: cohortAt ?? Number.NaN,
      cohortSeconds: cohortAt === undefined ? Number.NaN : Number(fmt(m.seconds - cohortAt, 2)),
      peakMiB: Math.round(m.peakMiB),
      cases: 0,
      controls: 0,
      statuses: {},
      failed: failed ?? `exit status ${m.code}`,
    });
    continue;
  }
  if (cohortAt === undefined) throw new Error(`ehr build printed no "cohort" phase line`);
  const manifest = json(join(out, "manifest.json"));
  const split = Object.values(manifest.splits as Record<string, { cases: number; controls: number }>);
  builds.push({
    cohort,
    seconds: m.seconds,
    timelineSeconds: Number(fmt(cohortAt, 2)),
    cohortSeconds: Number(fmt(m.seconds - cohortAt, 2)),
    peakMiB: Math.round(m.peakMiB),
    cases: split.reduce((n, s) => n + s.cases, 0),
    controls: split.reduce((n, s) => n + s.controls, 0),
    statuses: manifest.statuses,
  });
}

// 4. the pandas peer: DHF on OMOP, same statuses and sequences required
let pandas: Record<string, unknown> | null = null;
const dhf = builds.find((b) => b.cohort === "dhf" && !b.failed);
const pandasThere = values.pandas && spawnable();
if (format === "omop" && dhf && pandasThere) {
  const out = join(root, `out-pandas-${patients}-dhf`);
  rmSync(out, { recursive: true, force: true });
  note("pandas peer (bench/ehr/dhf_pandas.py)");
  const m = await measure(PYTHON, ["bench/ehr/dhf_pandas.py", input, out]);
  const result = JSON.parse(m.stdout.trim().split("\n").pop()!);
  pandas = {
    seconds: m.seconds,
    peakMiB: Math.round(m.peakMiB),
    sourceRows: pandasRows,
    stages: result.seconds,
    statusesAgree: JSON.stringify(result.statuses) === JSON.stringify(sorted(dhf.statuses)),
    sequences: compareSequences(join(root, `out-${format}-${patients}-dhf`), out),
    /** pandas time / Prognos time, pandas peak / Prognos peak (above 1: Prognos is faster / needs less). */
    timeRatio: Number(fmt(m.seconds / dhf.seconds, 2)),
    memoryRatio: Number(fmt(m.peakMiB / dhf.peakMiB, 2)),
  };
}
const loadDuring = load.stop();

// 5. report
const tlRow = { seconds: tlRun.seconds, peakMiB: Math.round(tlRun.peakMiB), ...tl };
console.log(`after: ${uptime()}`);
console.log(`load average (1 min) during the run: ${loadDuring.min}–${loadDuring.max}, mean ${loadDuring.mean}`);
console.log(
  `\n${patients} patients, ${format}: ${sourceRows} source rows; timeline ${tl.patients} patients, ` +
    `${tl.stays} visits, ${tl.events} events (${tl.reportedRows} rows reported by the reader)`,
);
if (synth) console.log(`synth ehr: ${fmt(synth.seconds)} s, ${fmt(synth.peakMiB, 0)} MiB peak`);
console.log("\n| step | wall s | rows/s | peak RSS MiB | cases / controls |\n|---|---:|---:|---:|---|");
console.log(
  `| timeline only | ${fmt(tlRun.seconds)} | ${rate(sourceRows, tlRun.seconds)} source rows | ${tlRow.peakMiB} | |`,
);
for (const b of builds) {
  if (b.failed) {
    console.log(`| ehr build ${b.cohort} | ${fmt(b.seconds)} FAILED: ${b.failed} | | ${b.peakMiB} | |`);
    continue;
  }
  console.log(
    `| ehr build ${b.cohort} | ${fmt(b.seconds)} (timeline ${fmt(b.timelineSeconds)} + cohort ${fmt(b.cohortSeconds)}) | ` +
      `${rate(sourceRows, b.timelineSeconds)} source rows; ${rate(tl.events, b.cohortSeconds)} events | ${b.peakMiB} | ` +
      `${b.cases} / ${b.controls} |`,
  );
}
if (pandas && dhf) {
  const p = pandas as { seconds: number; peakMiB: number; timeRatio: number; memoryRatio: number };
  console.log(
    `| pandas dhf (peer) | ${fmt(p.seconds)} | ${rate(pandasRows, p.seconds)} source rows (${pandasRows} read) | ${p.peakMiB} | ` +
      `statuses ${pandas.statusesAgree ? "agree" : "DIFFER"}; sequences ${pandas.sequences} |`,
  );
  console.log(`\npandas / Prognos (ehr build dhf): time ${p.timeRatio}×, peak memory ${p.memoryRatio}×`);
} else console.log(`\npandas peer: not run${format !== "omop" ? " (OMOP only)" : ""}`);
if (!values["keep-data"]) rmSync(root, { recursive: true, force: true });
console.log(
  JSON.stringify({
    bench: "ehr",
    date: new Date().toISOString(),
    machine: `${cpus().length} × ${cpus()[0]?.model}`,
    patients,
    format,
    memoryLimit: values["memory-limit"],
    load: loadDuring,
    sourceRows,
    synth: synth ? { seconds: synth.seconds, peakMiB: Math.round(synth.peakMiB) } : "reused",
    timeline: tlRow,
    builds,
    pandas,
  }),
);

function spawnable(): boolean {
  return spawnSync(PYTHON, ["-c", "import pandas"]).status === 0;
}

function sorted(o: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** "equal (N patients)" or how many patients differ (any field of sequences.jsonl). */
function compareSequences(prognosDir: string, pandasDir: string): string {
  const canonical = (row: Record<string, unknown>) =>
    JSON.stringify(Object.entries(row).sort(([x], [y]) => (x < y ? -1 : 1)));
  const byId = (dir: string) =>
    new Map(
      readFileSync(join(dir, "sequences.jsonl"), "utf8")
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .map((row) => [String(row.patient_id), canonical(row)] as const),
    );
  const a = byId(prognosDir);
  const b = byId(pandasDir);
  let differ = 0;
  for (const [id, row] of a) if (row !== b.get(id)) differ++;
  differ += [...b.keys()].filter((id) => !a.has(id)).length;
  return differ === 0 ? `equal (${a.size} patients)` : `${differ} of ${a.size} patients DIFFER`;
}
