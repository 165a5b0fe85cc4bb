import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";

/** A plain Hugging Face sequence classifier, 24 word pieces, 3 classes: fast enough for many workers. */
export const MODEL = "test/fixtures/bert/tiny-relu-seqcls";

const WORDS = ["chest", "pain", "fever", "cough", "sepsis", "admitted", "with", "history", "of", "denies"];

/** `n` notes as JSON lines, each text distinctive (it holds its number) so a scan for it means something. */
export function writeNotes(path: string, n: number): { id: string; text: string }[] {
  const notes = Array.from({ length: n }, (_, i) => ({
    id: `note-${i}`,
    text: `patient ${i} ${Array.from({ length: 3 + (i % 7) }, (_, k) => WORDS[(i * 3 + k) % WORDS.length]).join(" ")} zq${i}x`,
  }));
  writeFileSync(path, `${notes.map((x) => JSON.stringify(x)).join("\n")}\n`);
  return notes;
}

export interface Ran {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** `prognos …` in a child process, without blocking this one (its workers' output keeps flowing). */
export function prognos(
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<Ran> & { child: ChildProcess } {
  const child = spawn(process.execPath, ["bin/prognos.js", ...args], { env: { ...process.env, ...env } });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => {
    stdout += d;
  });
  child.stderr.on("data", (d) => {
    stderr += d;
  });
  const done = new Promise<Ran>((resolve) =>
    child.once("close", (status, signal) => resolve({ status, signal, stdout, stderr })),
  ) as Promise<Ran> & { child: ChildProcess };
  done.child = child;
  return done;
}

/** A `prognos worker` and its stderr so far. */
export interface TestWorker {
  child: ChildProcess;
  log(): string;
  /** Resolves when its log matches. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** SIGTERM (finish the jobs in hand, stop) and wait for it to exit. */
  stop(): Promise<void>;
  /** SIGKILL, no warning, and wait for it to be gone. */
  kill(): Promise<void>;
}

export function startWorker(url: string, args: readonly string[] = [], env: Record<string, string> = {}): TestWorker {
  const run = prognos(["worker", "--queue", url, "--threads", "1", ...args], env);
  const child = run.child;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let log = "";
  child.stderr!.on("data", (d) => {
    log += d;
  });
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return {
    child,
    log: () => log,
    waitFor: (pattern, timeoutMs = 60_000) =>
      new Promise((resolve, reject) => {
        const t0 = Date.now();
        const poll = setInterval(() => {
          if (pattern.test(log)) {
            clearInterval(poll);
            resolve();
          } else if (Date.now() - t0 > timeoutMs || child.exitCode !== null) {
            clearInterval(poll);
            reject(new Error(`worker: no ${pattern} in ${timeoutMs} ms: ${log}`));
          }
        }, 50);
      }),
    stop: () => end("SIGTERM"),
    kill: () => end("SIGKILL"),
  };
}

export interface Row {
  id: string;
  predictions: { model: string; labels: { label: string; probability: number }[] }[];
}

export const readJsonl = (path: string): Row[] =>
  readFileSync(path, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Row);

/** Every note exactly once, in input order. */
export function assertEachOnce(rows: readonly Row[], notes: readonly { id: string }[]): void {
  assert.deepEqual(
    rows.map((r) => r.id),
    notes.map((n) => n.id),
  );
}
