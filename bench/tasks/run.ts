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
 *   npm run bench:tasks -- --baseline ../old         # also time another checkout's build (built dist/), same
 *                                                    # run and load, and compare its outputs byte for byte
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
import { buildDigests } from "../../test/helpers/buildDigests.ts";

const { values } = parseArgs({
  options: {
    sizes: { type: "string", default: "10000,58000" },
    seed: { type: "string", default: "7" },
    pandas: { type: "boolean", default: true },
    fresh: { type: "boolean", default: false },
    baseline: { type: "string" },
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
  /**
   * Each `prognos: <phase>` line's phase (stderr), in order, the last running to the exit: [name, wall seconds,
   * CPU seconds of the process (from /proc, null where it cannot be read; the last phase's ends at the last line)].
   */
  phases: [string, number, number | null][];
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
  const marks: [string, number, number | null][] = [["start-up (Node, imports)", 0, 0]];
  let partial = "";
  child.stdout.on("data", (d) => {
    stdout += d;
  });
  child.stderr.on("data", (d) => {
    stderr += d;
    const now = (performance.now() - t0) / 1000;
    const lines = (partial + d).split("\n");
    partial = lines.pop()!;
    // progress lines ("prognos: admission notes: 1200/48424 …") are not phases
    for (const line of lines)
      if (line.startsWith("prognos: ") && !/^prognos: [^:]*: \d/.test(line)) {
        marks.push([line.slice(9).replace(/ in \/.*$/, ""), now, cpuOf(child.pid)]);
      }
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
  const end = /BENCH [\d.]+ \d+ ([\d.]+) ([\d.]+)\s*$/.exec(stderr);
  const cpuEnd = end ? Number(end[1]) + Number(end[2]) : null;
  const phases = marks.map(([name, at, cpu], i): [string, number, number | null] => {
    const next = marks[i + 1] ?? ["", wall, cpuEnd];
    return [name, next[1] - at, cpu === null || next[2] === null ? null : next[2] - cpu];
  });
  const m = /BENCH ([\d.]+) (\d+) ([\d.]+) ([\d.]+)\s*$/.exec(stderr);
  return m
    ? { seconds: Number(m[1]), cpuSeconds: Number(m[3]) + Number(m[4]), peakMiB: Number(m[2]) / 1024, stdout, phases }
    : { seconds: wall, cpuSeconds: null, peakMiB: polledKiB / 1024, stdout, phases };
}

/**
 * CPU seconds (user + system) of the process under /usr/bin/time (`pid`), i.e. of its one child, all threads
 * (/proc/<pid>/stat fields 14–15 in clock ticks, 100 a second on Linux); null where /proc cannot tell.
 */
function cpuOf(pid: number | undefined): number | null {
  try {
    const child = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(" ")[0];
    const fields = readFileSync(`/proc/${child}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/** "reading 8.1 (CPU 3.0), …" (seconds), merging the per-task writing phases into one. */
function phaseLine(phases: readonly [string, number, number | null][]): string {
  const merged = new Map<string, [number, number | null]>();
  for (const [name, s, cpu] of phases) {
    const key = name.startsWith("writing ") ? "writing the task folders" : name;
    const [s0, cpu0] = merged.get(key) ?? [0, 0];
    merged.set(key, [s0 + s, cpu0 === null || cpu === null ? null : cpu0 + cpu]);
  }
  return [...merged].map(([name, [s, cpu]]) => `${name} ${fmt(s)} (CPU ${cpu === null ? "?" : fmt(cpu)})`).join(", ");
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
  let baseline: (Measured & { sameOutputs: boolean }) | null = null;
  if (values.baseline) {
    const bout = join(ROOT, `baseline-build-${admissions}`);
    rmSync(bout, { recursive: true, force: true });
    const m = await measure(process.execPath, [
      ...[join(values.baseline, "bin/prognos.js"), "tasks", "build", "--source", "mimic3"],
      ...["--dir", input, "--out", bout],
    ]);
    baseline = { ...m, sameOutputs: JSON.stringify(buildDigests(bout)) === JSON.stringify(buildDigests(out)) };
  }
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
    /** Per phase: [wall s, CPU s]. */
    prognosPhases: Object.fromEntries(
      build.phases.map(([n, s, cpu], i) => [
        `${i + 1}. ${n}`,
        [Number(fmt(s, 2)), cpu === null ? null : Number(fmt(cpu, 2))],
      ]),
    ),
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
    baseline: baseline && {
      checkout: values.baseline,
      seconds: baseline.seconds,
      cpuSeconds: baseline.cpuSeconds,
      peakMiB: Math.round(baseline.peakMiB),
      phases: Object.fromEntries(
        baseline.phases.map(([n, s, cpu], i) => [
          `${i + 1}. ${n}`,
          [Number(fmt(s, 2)), cpu === null ? null : Number(fmt(cpu, 2))],
        ]),
      ),
      sameOutputs: baseline.sameOutputs,
    },
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
  console.log(`  Prognos' phases (wall s, CPU s): ${phaseLine(build.phases)}`);
  if (baseline) {
    console.log(
      `  baseline ${values.baseline}: ${fmt(baseline.seconds)} s (CPU ${fmt(baseline.cpuSeconds ?? Number.NaN)} s), ` +
        `${fmt(baseline.peakMiB, 0)} MiB peak; outputs ${baseline.sameOutputs ? "identical" : "DIFFER"} ` +
        `(CSV, labels, manifests; test/helpers/buildDigests.ts)\n  baseline's phases: ${phaseLine(baseline.phases)}`,
    );
  }
  if (agree === false)
    console.log(`  prognos ${JSON.stringify(prognosRows)}\n  pandas  ${JSON.stringify(pandas!.rows)}`);
}
console.log(`after: ${uptime()}`);
console.log(JSON.stringify({ date: new Date().toISOString(), results }));
