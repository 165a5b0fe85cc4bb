/**
 * bench/ehr helpers: run a child process to completion and measure it honestly — wall time and peak RSS from
 * /usr/bin/time (the child's own maxRSS; else polling /proc/<pid>/status VmHWM) — with the time each stderr line
 * arrived (the CLI's phase lines; Node writes stderr to a pipe synchronously on Linux), and the machine's load.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { loadavg } from "node:os";

export interface Measured {
  seconds: number;
  peakMiB: number;
  stdout: string;
  /** stderr lines with the seconds since the start at which each arrived. */
  lines: { at: number; line: string }[];
  /** The exit status (non-zero only with `allowFailure`). */
  code: number;
}

/**
 * Runs `command args`; `onLine` sees each stderr line (for progress). A non-zero exit throws with the stderr tail,
 * unless `allowFailure` (then `code` says it).
 */
export async function measure(
  command: string,
  args: string[],
  onLine?: (line: string, at: number) => void,
  allowFailure = false,
): Promise<Measured> {
  const timeBin = existsSync("/usr/bin/time");
  const [cmd, argv] = timeBin ? ["/usr/bin/time", ["-f", "BENCH %e %M", command, ...args]] : [command, args];
  const t0 = performance.now();
  const child = spawn(cmd, argv, { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let pending = "";
  const lines: Measured["lines"] = [];
  child.stdout.on("data", (d) => {
    stdout += d;
  });
  child.stderr.on("data", (d) => {
    const at = (performance.now() - t0) / 1000;
    pending += d;
    const parts = pending.split("\n");
    pending = parts.pop()!;
    for (const line of parts) {
      lines.push({ at, line });
      if (!line.startsWith("BENCH ")) onLine?.(line, at);
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
  if (pending) lines.push({ at: (performance.now() - t0) / 1000, line: pending });
  const wall = (performance.now() - t0) / 1000;
  const tail = lines
    .slice(-30)
    .map((l) => l.line)
    .join("\n");
  if (code !== 0 && !allowFailure) throw new Error(`${command} ${args.join(" ")} exited ${code}:\n${tail}`);
  const m = /BENCH ([\d.]+) (\d+)\s*$/.exec(lines.at(-1)?.line ?? "");
  return m
    ? { seconds: Number(m[1]), peakMiB: Number(m[2]) / 1024, stdout, lines, code }
    : { seconds: wall, peakMiB: polledKiB / 1024, stdout, lines, code };
}

export function uptime(): string {
  return spawnSync("uptime", { encoding: "utf8" }).stdout.trim();
}

/** Samples the 1-minute load average every 10 s until stopped: min, mean, max. */
export function loadSampler(): { stop(): { min: number; mean: number; max: number; samples: number } } {
  const samples: number[] = [loadavg()[0]!];
  const timer = setInterval(() => samples.push(loadavg()[0]!), 10_000);
  return {
    stop() {
      clearInterval(timer);
      samples.push(loadavg()[0]!);
      const round = (x: number) => Number(x.toFixed(2));
      return {
        min: round(Math.min(...samples)),
        mean: round(samples.reduce((a, b) => a + b, 0) / samples.length),
        max: round(Math.max(...samples)),
        samples: samples.length,
      };
    },
  };
}
