/**
 * bench/tasks: time and peak memory to build CORe's four tasks (`prognos tasks build --source mimic3`) from the
 * synthetic hospital (`prognos synth mimic3 --seed 7`) at 10,000 and 58,000 admissions, and, when Debian's
 * python3-pandas is there, an equivalent pandas pipeline after docs/core-method.md (bench/tasks/core_tasks_pandas.py)
 * on the same input, side by side with the ratio. Every step runs as a child process; its wall time and peak RSS
 * come from /usr/bin/time (else from polling /proc/<pid>/status VmHWM).
 *
 *   npm run bench:tasks                              # 10000 and 58000 admissions
 *   npm run bench:tasks -- --sizes 10000 --no-pandas
 *   npm run bench:tasks -- --fresh                   # regenerate the synthetic hospitals
 *
 * The build runs the compiled CLI (dist/, built first) through bin/prognos.js. Its phase lines (`prognos: …` on
 * stderr) are timed as they arrive: the table's phase line says where Prognos' time goes.
 * Inputs and outputs go to .bench-out/tasks/ (git-ignored); a hospital is generated once per size and reused.
 * Prints `uptime` before and after (the figures depend on the machine's load), a table, and one JSON line for
 * docs/benchmarks.md ("Tasks"). The row counts of both pipelines are compared: they must agree.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    sizes: { type: "string", default: "10000,58000" },
    seed: { type: "string", default: "7" },
    pandas: { type: "boolean", default: true },
    fresh: { type: "boolean", default: false },
  },
  allowNegative: true,
});
const ROOT = join(".bench-out", "tasks");
const PYTHON = "/usr/bin/python3";
const TASKS = ["DIA_GROUPS_3_DIGITS_adm", "PRO_GROUPS_3_DIGITS_adm", "MP_IN_adm", "LOS_WEEKS_adm"];

interface Measured {
  seconds: number;
  /** User + system CPU seconds (null without /usr/bin/time): steadier than wall time on a shared machine. */
  cpuSeconds: number | null;
  peakMiB: number;
  stdout: string;
  /** Seconds spent in each `prognos: <phase>` line's phase (stderr), in order; the last runs to the exit. */
  phases: [string, number][];
}

/** Runs a command to completion; wall seconds and peak RSS of the process (not its children's children). */
async function measure(command: string, args: string[]): Promise<Measured> {
  const timeBin = existsSync("/usr/bin/time");
  const [cmd, argv] = timeBin ? ["/usr/bin/time", ["-f", "BENCH %e %M %U %S", command, ...args]] : [command, args];
  const child = spawn(cmd, argv, { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  const t0 = performance.now();
  // the phase timer: when each `prognos: …` line arrives (the first marks the end of Node's start-up)
  const marks: [string, number][] = [["start-up (Node, imports)", 0]];
  let partial = "";
  child.stdout.on("data", (d) => {
    stdout += d;
  });
  child.stderr.on("data", (d) => {
    stderr += d;
    const now = (performance.now() - t0) / 1000;
    const lines = (partial + d).split("\n");
    partial = lines.pop()!;
    for (const line of lines)
      if (line.startsWith("prognos: ")) marks.push([line.slice(9).replace(/ in \/.*$/, ""), now]);
  });
  let polledKiB = 0;
  const poll = timeBin
    ? null
    : setInterval(() => {
        try {
          const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"));
          if (m) polledKiB = Math.max(polledKiB, Number(m[1]));
        } catch {}
      }, 100);
  const code: number = await new Promise((resolve) => child.on("close", (c) => resolve(c ?? -1)));
  if (poll) clearInterval(poll);
  const wall = (performance.now() - t0) / 1000;
  if (code !== 0) throw new Error(`${command} ${args.join(" ")} exited ${code}:\n${stderr.slice(-2000)}`);
  const phases = marks.map(([name, at], i): [string, number] => [name, (marks[i + 1]?.[1] ?? wall) - at]);
  const m = /BENCH ([\d.]+) (\d+) ([\d.]+) ([\d.]+)\s*$/.exec(stderr);
  return m
    ? { seconds: Number(m[1]), cpuSeconds: Number(m[3]) + Number(m[4]), peakMiB: Number(m[2]) / 1024, stdout, phases }
    : { seconds: wall, cpuSeconds: null, peakMiB: polledKiB / 1024, stdout, phases };
}

/** "reading 8.1, picking candidate notes 6.2, …" (seconds), merging the per-task writing phases into one. */
function phaseLine(phases: readonly [string, number][]): string {
  const merged = new Map<string, number>();
  for (const [name, s] of phases) {
    const key = name.startsWith("writing ") ? "writing the task folders" : name;
    merged.set(key, (merged.get(key) ?? 0) + s);
  }
  return [...merged].map(([name, s]) => `${name} ${fmt(s)}`).join(", ");
}

function uptime(): string {
  return spawnSync("uptime", { encoding: "utf8" }).stdout.trim();
}

function hospital(admissions: number): Promise<Measured | null> | null {
  const dir = join(ROOT, `synthetic-${admissions}-seed${values.seed}`);
  if (existsSync(join(dir, ".complete")) && !values.fresh) return null;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return measure(process.execPath, [
    "bin/prognos.js",
    ...["synth", "mimic3", "--admissions", String(admissions), "--seed", String(values.seed)],
    ...["--out", dir, "--no-progress"],
  ]).then((m) => {
    writeFileSync(join(dir, ".complete"), "");
    return m;
  });
}

// The bench times the compiled CLI (dist/, as an installed prognos runs), not the TypeScript sources through tsx.
const built = spawnSync(process.execPath, ["scripts/build.mjs"], { stdio: "inherit" });
if (built.status !== 0) throw new Error("npm run build failed");
const pandasThere = values.pandas && spawnSync(PYTHON, ["-c", "import pandas"]).status === 0;
const fmt = (x: number, d = 1) => x.toFixed(d);
const results: Record<string, unknown>[] = [];
console.log(
  `machine: ${cpus().length} × ${cpus()[0]?.model}, ${fmt(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
);
console.log(`before: ${uptime()}`);
for (const admissions of values.sizes.split(",").map(Number)) {
  const synth = await hospital(admissions);
  const input = join(ROOT, `synthetic-${admissions}-seed${values.seed}`);
  const out = join(ROOT, `prognos-${admissions}`);
  rmSync(out, { recursive: true, force: true });
  const build = await measure(process.execPath, [
    ...["bin/prognos.js", "tasks", "build", "--source", "mimic3"],
    ...["--dir", input, "--out", out],
  ]);
  const manifest = JSON.parse(readFileSync(join(out, "build-manifest.json"), "utf8"));
  const prognosRows = Object.fromEntries(
    TASKS.map((t) => [t, JSON.parse(readFileSync(join(out, t, "manifest.json"), "utf8")).rows]),
  );
  let pandas: (Measured & { rows: unknown }) | null = null;
  if (pandasThere) {
    const pout = join(ROOT, `pandas-${admissions}`);
    rmSync(pout, { recursive: true, force: true });
    const m = await measure(PYTHON, ["bench/tasks/core_tasks_pandas.py", input, pout]);
    pandas = { ...m, rows: JSON.parse(m.stdout.trim().split("\n").pop()!).rows };
  }
  const agree = pandas ? JSON.stringify(pandas.rows) === JSON.stringify(prognosRows) : null;
  const row = {
    admissions,
    admissionNotes: manifest.admissionNotes.kept,
    synth: synth ? { seconds: synth.seconds, peakMiB: Math.round(synth.peakMiB) } : "reused",
    prognos: { seconds: build.seconds, cpuSeconds: build.cpuSeconds, peakMiB: Math.round(build.peakMiB) },
    prognosPhases: Object.fromEntries(build.phases.map(([n, s], i) => [`${i + 1}. ${n}`, Number(fmt(s, 2))])),
    pandas: pandas
      ? { seconds: pandas.seconds, cpuSeconds: pandas.cpuSeconds, peakMiB: Math.round(pandas.peakMiB) }
      : null,
    /** pandas time / Prognos time (above 1: Prognos is faster). */
    speedup: pandas ? Number(fmt(pandas.seconds / build.seconds, 2)) : null,
    /** pandas CPU time / Prognos CPU time. */
    cpuRatio: pandas?.cpuSeconds && build.cpuSeconds ? Number(fmt(pandas.cpuSeconds / build.cpuSeconds, 2)) : null,
    /** pandas peak RSS / Prognos peak RSS (above 1: Prognos needs less). */
    memoryRatio: pandas ? Number(fmt(pandas.peakMiB / build.peakMiB, 2)) : null,
    rowsAgree: agree,
  };
  results.push(row);
  const side = pandas
    ? `pandas ${fmt(pandas.seconds)} s (CPU ${fmt(pandas.cpuSeconds ?? Number.NaN)} s), ${fmt(pandas.peakMiB, 0)} MiB → ` +
      `pandas/Prognos: time ${row.speedup}×, CPU time ${row.cpuRatio}×, peak memory ${row.memoryRatio}×; ` +
      `rows per task and split ${agree ? "agree" : "DIFFER"}`
    : "pandas: not run";
  console.log(
    `${admissions} admissions (${row.admissionNotes} admission notes): Prognos ${fmt(build.seconds)} s ` +
      `(CPU ${fmt(build.cpuSeconds ?? Number.NaN)} s), ` +
      `${fmt(build.peakMiB, 0)} MiB peak | ${side}` +
      (synth ? ` | synth ${fmt(synth.seconds)} s, ${fmt(synth.peakMiB, 0)} MiB` : ""),
  );
  console.log(`  Prognos' phases (s): ${phaseLine(build.phases)}`);
  if (agree === false)
    console.log(`  prognos ${JSON.stringify(prognosRows)}\n  pandas  ${JSON.stringify(pandas!.rows)}`);
}
console.log(`after: ${uptime()}`);
console.log(JSON.stringify({ date: new Date().toISOString(), results }));
