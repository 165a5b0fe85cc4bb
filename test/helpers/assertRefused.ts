import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";

const ROOT = join(import.meta.dirname, "../..");

/** Runs `prognos` as users do (bin/prognos.js); a run that outlives `timeoutMs` is killed (status null). */
export function prognos(args: string[], timeoutMs = 60_000) {
  return spawnSync(process.execPath, [join(ROOT, "bin/prognos.js"), ...args], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: timeoutMs,
  });
}

/**
 * Asserts a user error: exit 1, nothing on stdout, exactly one line on stderr ("prognos: error: …", no stack
 * trace) whose message matches `message`.
 */
export function assertRefused(args: string[], message: RegExp, timeoutMs?: number): void {
  const r = prognos(args, timeoutMs);
  const what = `prognos ${args.map((a) => JSON.stringify(a)).join(" ")}`;
  assert.equal(r.status, 1, `${what}: exit ${r.status} (signal ${r.signal})\n${r.stderr}`);
  assert.equal(r.stdout, "", what);
  assert.match(r.stderr, /^prognos: error: [^\n]+\n$/, `${what}: one line\n${r.stderr}`);
  assert.doesNotMatch(r.stderr, /\n\s+at /, `${what}: no stack trace`);
  assert.match(r.stderr, message, what);
}
