#!/usr/bin/env node
// The long fuzz run (docs/faults.md): the suite's fuzz tests (test/**/*.fuzz.test.ts) with N times their cases.
// Usage: npm run fuzz -- --iterations N   (default 10; the suite itself runs them once, at 1×)
import { spawnSync } from "node:child_process";

const args = process.argv.slice(2);
const at = args.indexOf("--iterations");
const value = at >= 0 ? args[at + 1] : "10";
const n = Number(value);
if (!Number.isInteger(n) || n < 1 || n > 100_000) {
  console.error(`--iterations: expected a whole number from 1 to 100000, got "${value}"`);
  process.exit(1);
}
const r = spawnSync(process.execPath, ["scripts/run-tests.mjs", ".fuzz.test.ts"], {
  stdio: "inherit",
  env: { ...process.env, PROGNOS_FUZZ_SCALE: String(n) },
});
process.exit(r.status ?? 1);
